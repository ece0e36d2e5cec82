import type { EventStore, RecordedEvent } from './event-store.port.js';
import { GENESIS_HASH, hashEvent } from './hashing.js';

export type ChainProblem = 'hash' | 'prevHash' | 'gap';

export interface StreamVerification {
  readonly streamId: string;
  readonly ok: boolean;
  /** Events that verified before the first bad one (all of them when ok). */
  readonly events: number;
  /** The first event whose hash or chain link does not hold, with what was wrong. */
  readonly firstBad?: {
    revision: bigint;
    eventId: string;
    position: bigint;
    problem: ChainProblem;
  };
  readonly headHash: string;
}

/** A stream's chain as verified so far; fed one event at a time so any read order by stream works. */
class ChainCheck {
  private prev = GENESIS_HASH;
  private next = 0n;
  private bad?: StreamVerification['firstBad'];

  constructor(private readonly streamId: string) {}

  feed(event: RecordedEvent): boolean {
    if (this.bad) return false;
    const problem: ChainProblem | null =
      event.revision !== this.next
        ? 'gap'
        : event.metadata.prevHash !== this.prev
          ? 'prevHash'
          : hashEvent(event) !== event.metadata.hash
            ? 'hash'
            : null;
    if (problem) {
      this.bad = {
        revision: event.revision,
        eventId: event.eventId,
        position: event.position,
        problem,
      };
      return false;
    }
    this.prev = event.metadata.hash;
    this.next++;
    return true;
  }

  result(): StreamVerification {
    return {
      streamId: this.streamId,
      ok: !this.bad,
      events: Number(this.next),
      headHash: this.prev,
      ...(this.bad ? { firstBad: this.bad } : {}),
    };
  }
}

export function verifyEvents(
  streamId: string,
  events: Iterable<RecordedEvent>,
): StreamVerification {
  const check = new ChainCheck(streamId);
  for (const event of events) if (!check.feed(event)) break;
  return check.result();
}

export async function verifyStream(
  store: EventStore,
  streamId: string,
): Promise<StreamVerification> {
  const check = new ChainCheck(streamId);
  for (let from = 0n; ;) {
    const page = await store.readStream(streamId, { fromRevision: from, maxCount: 1000 });
    for (const event of page) if (!check.feed(event)) return check.result();
    if (page.length < 1000) return check.result();
    from = page[page.length - 1].revision + 1n;
  }
}

/**
 * Verifies every stream in one pass over the global order, holding only each stream's head, so memory
 * grows with the number of streams and not with the number of events.
 */
export async function verifyAll(
  store: EventStore,
  onProgress?: (checked: number) => void,
  /** Sees every event in global order, after its chain check: the Merkle tree's recomputation. */
  observe?: (event: RecordedEvent) => void,
): Promise<{ streams: number; events: number; failures: StreamVerification[] }> {
  const checks = new Map<string, ChainCheck>();
  let checked = 0;
  for (let after = 0n; ;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) break;
    for (const event of page) {
      let check = checks.get(event.streamId);
      if (!check) checks.set(event.streamId, (check = new ChainCheck(event.streamId)));
      check.feed(event);
      observe?.(event);
    }
    checked += page.length;
    after = page[page.length - 1].position;
    onProgress?.(checked);
  }
  const failures = [...checks.values()].map((c) => c.result()).filter((r) => !r.ok);
  return { streams: checks.size, events: checked, failures };
}
