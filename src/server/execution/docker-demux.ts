import "server-only";
import { Writable } from "node:stream";

/**
 * Splits Docker's multiplexed attach stream (8-byte frame headers: stream type, 3 zero bytes,
 * big-endian payload length) into stdout and stderr.
 *
 * Why not docker.modem.demuxStream: it buffers each whole frame with Buffer.concat and ignores
 * the return value of write(), so a container that writes faster than we can store (disk) is
 * buffered in this process without bound. This one forwards partial frames as they arrive and
 * waits for the stdout sink to drain before accepting more, so the socket is paused (TCP
 * backpressure reaches the container) and our memory stays at a few chunks — the host-side
 * half of SANDBOX-THREATS row 5.
 */
export interface DemuxSinks {
  /** Return a promise to make the demuxer wait (backpressure) before reading on. */
  stdout(chunk: Buffer): void | Promise<void>;
  stderr(chunk: Buffer): void;
}

export class DockerDemuxer extends Writable {
  private header = Buffer.alloc(8);
  private headerFill = 0;
  private remaining = 0;
  private streamType = 0;
  bytesIn = 0;

  constructor(private readonly sinks: DemuxSinks) {
    super({ highWaterMark: 64 * 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.bytesIn += chunk.length;
    this.process(chunk).then(() => callback(), (error: Error) => callback(error));
  }

  private async process(chunk: Buffer): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(8 - this.headerFill, chunk.length - offset);
        chunk.copy(this.header, this.headerFill, offset, offset + take);
        this.headerFill += take;
        offset += take;
        if (this.headerFill < 8) return;
        this.headerFill = 0;
        this.streamType = this.header.readUInt8(0);
        this.remaining = this.header.readUInt32BE(4);
        if (this.streamType > 2) throw new Error(`bad frame type ${this.streamType} in the attach stream`);
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - offset);
      const payload = chunk.subarray(offset, offset + take);
      offset += take;
      this.remaining -= take;
      if (this.streamType === 2) this.sinks.stderr(payload);
      else if (this.streamType === 1) await this.sinks.stdout(payload);
      // type 0 (stdin echo) never carries data for a non-TTY container; ignore it.
    }
  }
}
