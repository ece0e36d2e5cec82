import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Writable } from 'node:stream';

/** Writes with backpressure: waits for `drain` when the destination's buffer is full. */
export async function put(out: Writable, chunk: string | Uint8Array): Promise<void> {
  if (!out.write(chunk)) await once(out, 'drain');
}

/** A destination that keeps only the SHA-256 and the size of what passes through it. */
export class HashingSink extends Writable {
  private readonly hash = createHash('sha256');
  size = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void) {
    this.hash.update(chunk);
    this.size += chunk.length;
    done();
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Ends a stream and waits until everything written has been flushed. */
export async function finish(out: Writable): Promise<void> {
  if (out.writableFinished) return;
  const done = once(out, 'finish');
  out.end();
  await done;
}
