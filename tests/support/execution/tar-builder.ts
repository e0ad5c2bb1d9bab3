import * as tar from "tar-stream";

export interface CraftedEntry {
  name: string;
  type?: "file" | "symlink" | "link" | "fifo" | "character-device" | "block-device" | "directory";
  content?: string | Buffer;
  linkname?: string;
  /** Declared size, when it should differ from the content (only for a cut-off archive). */
  size?: number;
}

/** An uncompressed tar built in memory, the way a hostile wrapper could write one. */
export async function craftTar(entries: CraftedEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on("data", (chunk: unknown) => chunks.push(chunk as Buffer));
  const done = new Promise<void>((resolve) => pack.on("end", () => resolve()));
  for (const entry of entries) {
    const content = entry.content === undefined ? undefined : Buffer.from(entry.content);
    await new Promise<void>((resolve, reject) => {
      const header = {
        name: entry.name,
        type: entry.type ?? "file",
        linkname: entry.linkname,
        size: content?.length ?? 0,
        mode: 0o644,
        devmajor: 1,
        devminor: 3,
      };
      if (content && (entry.type ?? "file") === "file") pack.entry(header, content, (err) => (err ? reject(err) : resolve()));
      else pack.entry(header, (err) => (err ? reject(err) : resolve())).end(undefined);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function standardEntries(result: unknown = { contract_version: 2, status: "succeeded", outputs: [] }): CraftedEntry[] {
  return [
    { name: "logs/meta.json", content: JSON.stringify({ stdout_truncated: false, stderr_truncated: false, exit_code: 0 }) },
    { name: "logs/stdout", content: "ut" },
    { name: "logs/stderr", content: "fel" },
    { name: "result.json", content: JSON.stringify(result) },
  ];
}
