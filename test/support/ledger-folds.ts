import type { JsonObject } from '../../src/common/json.js';

/**
 * `expect(actual).toEqual(expected)`, with a fast path: tens of thousands of whole states are
 * compared, and one serialisation each is enough when they match (key order may differ after a
 * checkpoint's JSON round trip, so a mismatch of the texts goes to the full comparison).
 */
const expectSame = (actual: unknown, expected: unknown): void => {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) expect(actual).toEqual(expected);
};
import type { EventStore, RecordedEvent } from '../../src/event-store/event-store.port.js';
import { fieldChanges } from '../../projections/ledger/field-changes.js';
import type { LedgerQueries } from '../../projections/ledger/index.js';
import { kindOf } from '../../projections/ledger/ledger.projection.js';
import { RECORD_KINDS } from '../../projections/ledger/record-kinds.js';

/** Every event of the store, grouped by stream in stream order. */
export async function streamsOf(store: EventStore): Promise<Map<string, RecordedEvent[]>> {
  const streams = new Map<string, RecordedEvent[]>();
  let after = 0n;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) return streams;
    for (const e of page) {
      const list = streams.get(e.streamId);
      if (list) list.push(e);
      else streams.set(e.streamId, [e]);
    }
    after = page[page.length - 1].position;
  }
}

/**
 * What the ledger answered when it kept the whole state after every event (projection version 2):
 * each record folded from its first event with its decider's evolve, compared with what the ledger
 * answers now, from checkpoints and changes computed when read. For every record, every version:
 * `stateAtVersion`, `stateAsOf` at each entry's time and just before it, and `history` with its
 * field changes (read in pages of 7, so pages start between checkpoints). Returns the numbers checked.
 */
export async function expectLedgerEqualsFullFolds(
  store: EventStore,
  ledger: LedgerQueries,
): Promise<{ records: number; versions: number }> {
  let records = 0;
  let versions = 0;
  const expectedChanges = new Map<bigint, unknown>();
  for (const [streamId, events] of await streamsOf(store)) {
    const kind = kindOf(RECORD_KINDS, streamId);
    if (!kind) continue;
    records++;
    const states: JsonObject[] = [kind.initialState()];
    for (const e of events) states.push(kind.evolve(states.at(-1)!, e));
    for (let v = 1; v < states.length; v++) {
      expectSame(
        { streamId, v, state: ledger.stateAtVersion(streamId, v) },
        {
          streamId,
          v,
          state: states[v],
        },
      );
      versions++;
    }
    expect(ledger.stateAtVersion(streamId, states.length)).toBeUndefined();
    // The last version recorded at or before the moment (times need not rise along a stream).
    const expected = (moment: string) => {
      let version = 0;
      events.forEach((x, i) => {
        if (x.metadata.recordedAt <= moment) version = i + 1;
      });
      return version;
    };
    for (const [k, e] of events.entries()) {
      const at = e.metadata.recordedAt;
      const just = new Date(Date.parse(at) - 1).toISOString();
      for (const moment of [at, just]) {
        const v = expected(moment);
        const found = ledger.stateAsOf(streamId, moment);
        expectSame(
          { streamId, k, moment, found: found && [found.version, found.state] },
          {
            streamId,
            k,
            moment,
            found: v ? [v, states[v]] : undefined,
          },
        );
      }
    }
    const changes: unknown[] = [];
    let after = 0n;
    for (;;) {
      const page = ledger.page({ streamId }, 7, after);
      changes.push(...page.entries.map((e) => [e.version, e.changes]));
      if (!page.hasNext) break;
      after = page.entries.at(-1)!.position;
    }
    events.forEach((e, i) =>
      expectedChanges.set(e.position, fieldChanges(states[i], states[i + 1], '', kind.windows)),
    );
    expectSame(
      { streamId, changes },
      {
        streamId,
        changes: states
          .slice(1)
          .map((s, i) => [i + 1, fieldChanges(states[i], s, '', kind.windows)]),
      },
    );
  }
  // The global log pages many records at once: each entry's changes fold from its own checkpoint.
  let after = 0n;
  for (;;) {
    const page = ledger.page({}, 50, after);
    for (const e of page.entries) {
      expectSame(
        { position: String(e.position), changes: e.changes },
        {
          position: String(e.position),
          changes: expectedChanges.get(e.position) ?? [],
        },
      );
    }
    if (!page.hasNext) break;
    after = page.entries.at(-1)!.position;
  }
  return { records, versions };
}
