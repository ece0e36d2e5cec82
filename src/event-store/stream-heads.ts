import type { StreamRevision } from './event-store.port.js';

export interface StreamHead {
  readonly revision: StreamRevision;
  readonly hash: string;
}

/**
 * The last committed revision and hash of recently written streams, so an append can skip reading
 * them back. A head here may be stale (another process appended since): that is safe, because the
 * append then inserts a revision that already exists and the (stream_id, revision) unique key refuses
 * it; the writer drops the entry and reads the head. Only committed heads may be recorded: a head
 * that was never committed would let an insert leave a gap in its stream.
 */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  set(streamId: string, head: StreamHead): void {
    // Re-inserting moves the stream to the end: the first key is always the least recently written.
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity)
      this.heads.delete(this.heads.keys().next().value as string);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
