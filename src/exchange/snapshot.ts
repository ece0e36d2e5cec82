import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { JsonObject } from '../common/json.js';
import { BadInputError } from '../common/errors.js';
import { isoTime } from '../common/validation.js';
import { recordStatesAt } from '../../projections/ledger/ledger.queries.js';

/**
 * A point in the ledger an export is taken at. Every record appears as its last state at or before
 * `position`, so the same position always yields the same rows; `at` is the time the export reads
 * deadlines against (overdue or not): the moment asked for, else the time of the entry at `position`.
 */
export interface Snapshot {
  readonly position: bigint;
  readonly at: string;
}

const EPOCH = '1970-01-01T00:00:00.000Z';

const timeAt = (db: DatabaseSync, position: bigint): string => {
  const row = db
    .prepare(
      'SELECT recorded_at FROM ledger_entries WHERE position <= ? ORDER BY position DESC LIMIT 1',
    )
    .get(position) as { recorded_at: string } | undefined;
  return row?.recorded_at ?? EPOCH;
};

export function resolveSnapshot(
  db: DatabaseSync,
  options: { asOf?: string | null; position?: bigint | number | string | null } = {},
): Snapshot {
  const head = BigInt(
    (
      db.prepare('SELECT COALESCE(MAX(position), 0) AS p FROM ledger_entries').get() as {
        p: number;
      }
    ).p,
  );
  if (options.position != null && options.asOf != null) {
    throw new BadInputError('asOf 与 position 只能给一个', 'Give asOf or position, not both', {
      field: 'asOf',
    });
  }
  if (options.position != null) {
    const text = String(options.position);
    if (!/^\d{1,19}$/.test(text)) {
      throw new BadInputError('position 须为非负整数', 'position must be a non-negative integer', {
        field: 'position',
      });
    }
    const position = BigInt(text);
    if (position > head) {
      throw new BadInputError(
        `台账位置 ${position} 尚不存在（当前最新为 ${head}）`,
        `Ledger position ${position} does not exist yet (the latest is ${head})`,
        { field: 'position' },
      );
    }
    return { position, at: timeAt(db, position) };
  }
  if (options.asOf != null) {
    const at = isoTime('asOf', options.asOf);
    const row = db
      .prepare('SELECT COALESCE(MAX(position), 0) AS p FROM ledger_entries WHERE recorded_at <= ?')
      .get(at) as { p: number };
    return { position: BigInt(row.p), at };
  }
  return { position: head, at: timeAt(db, head) };
}

let snapshots = 0;

/**
 * The states of every record under `streamPrefix` as of the snapshot, in `orderBy` order, a page at
 * a time: each record's state (the ledger's latest, or a checkpoint folded forward) goes once into a
 * temporary table `e (stream_id, state)` that `where` and `orderBy` read; the order is fixed once in a
 * second temporary table (SQLite sorts on disk when it must), then pages join back, so memory stays
 * flat however many records there are.
 */
export function* statesAt(
  db: DatabaseSync,
  streamPrefix: string,
  snapshot: Snapshot,
  options: {
    orderBy: string;
    where?: string;
    params?: SQLInputValue[];
    pageSize?: number;
    /** Only these streams (all under `streamPrefix` when absent). */
    streamIds?: readonly string[];
  },
): Generator<JsonObject[]> {
  const n = ++snapshots;
  const table = `temp.export_snapshot_${n}`;
  const states = `temp.export_states_${n}`;
  db.exec(`CREATE TABLE ${states} (id INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, state TEXT NOT NULL);
           CREATE TABLE ${table} (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL)`);
  try {
    const keep = db.prepare(`INSERT INTO ${states} (stream_id, state) VALUES (?, ?)`);
    const records = recordStatesAt(db, streamPrefix, snapshot.position, options.streamIds);
    for (const { streamId, state } of records) {
      keep.run(streamId, JSON.stringify(state));
    }
    db.prepare(
      `INSERT INTO ${table} (id) SELECT e.id FROM ${states} e
       ${options.where ? `WHERE (${options.where})` : ''} ORDER BY ${options.orderBy}`,
    ).run(...(options.params ?? []));
    const page = db.prepare(
      `SELECT s.seq, e.state FROM ${table} s JOIN ${states} e ON e.id = s.id
       WHERE s.seq > ? ORDER BY s.seq LIMIT ?`,
    );
    const size = options.pageSize ?? 250;
    let after = 0;
    for (;;) {
      const rows = page.all(after, size) as { seq: number; state: string }[];
      if (rows.length) yield rows.map((r) => JSON.parse(r.state) as JsonObject);
      if (rows.length < size) return;
      after = rows[rows.length - 1].seq;
    }
  } finally {
    db.exec(`DROP TABLE IF EXISTS ${table}; DROP TABLE IF EXISTS ${states}`);
  }
}
