import { describe, expect, it } from "vitest";
import { DockerDemuxer } from "@/server/execution/docker-demux";

function frame(type: number, payload: string): Buffer {
  const body = Buffer.from(payload);
  const header = Buffer.alloc(8);
  header.writeUInt8(type, 0);
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

async function feed(bytes: Buffer, chunkSize: number, slowStdout = false) {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const demuxer = new DockerDemuxer({
    stdout: async (chunk) => {
      out.push(Buffer.from(chunk));
      if (slowStdout) await new Promise((resolve) => setTimeout(resolve, 1));
    },
    stderr: (chunk) => err.push(Buffer.from(chunk)),
  });
  const done = new Promise<void>((resolve, reject) => {
    demuxer.on("finish", () => resolve());
    demuxer.on("error", reject);
  });
  for (let offset = 0; offset < bytes.length; offset += chunkSize) demuxer.write(bytes.subarray(offset, offset + chunkSize));
  demuxer.end();
  await done;
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), bytesIn: demuxer.bytesIn };
}

describe("DockerDemuxer", () => {
  const stream = Buffer.concat([frame(1, "hej "), frame(2, "fel1"), frame(1, "världen"), frame(2, "fel2"), frame(1, "")]);

  it.each([1, 3, 8, 9, 1000])("splits frames fed in chunks of %i bytes", async (size) => {
    expect(await feed(stream, size)).toEqual({ stdout: "hej världen", stderr: "fel1fel2", bytesIn: stream.length });
  });

  it("waits for a slow stdout sink without losing or reordering bytes", async () => {
    const big = Buffer.concat(Array.from({ length: 200 }, (_, i) => frame(1, `${i},`)));
    const { stdout } = await feed(big, 5, true);
    expect(stdout).toBe(Array.from({ length: 200 }, (_, i) => `${i},`).join(""));
  });

  it("refuses a stream that is not Docker's framing", async () => {
    await expect(feed(Buffer.from("garbage!garbage!"), 16)).rejects.toThrow(/bad frame type/);
  });
});
