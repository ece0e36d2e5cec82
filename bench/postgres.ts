/**
 * The PostgreSQL column of `bench:event-store`: the adapter against raw `pg` inserts and reads on the
 * same server, in the same run. The server is DATABASE_URL (an empty database) when given, else one
 * started for the run (test/support/pg-server.ts: initdb in a temp directory, fsync on, defaults
 * otherwise). Sizes: BENCH_PG_APPENDS (3000, single writer), BENCH_PG_CONCURRENT (20000, 64
 * writers), BENCH_PG_READ_EVENTS (200000), alternating raw/store over BENCH_ROUNDS rounds.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { AppendContext } from '../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../src/event-store/postgres-event-store.js';
import { startPgServer } from '../test/support/pg-server.js';
import { num } from './bench-env.js';

export interface PgRow {
  readonly name: string;
  readonly count: number;
  readonly seconds: number;
}

interface Inputs {
  readonly eventData: (i: number) => Record<string, unknown>;
  readonly context: () => AppendContext;
  readonly rawMetadata: string;
  readonly writers: number;
  readonly rounds: number;
}

const RAW_SETUP = `
CREATE TABLE IF NOT EXISTS raw_events (LIKE events INCLUDING ALL);
CREATE SEQUENCE IF NOT EXISTS raw_position OWNED BY raw_events.position;
ALTER TABLE raw_events ALTER COLUMN position SET DEFAULT nextval('raw_position');`;
const RAW_INSERT =
  'INSERT INTO raw_events (stream_id, revision, event_id, type, data, metadata) VALUES ($1, $2, $3, $4, $5, $6)';

export async function postgresMeasures(inputs: Inputs): Promise<PgRow[]> {
  const { eventData, context, rawMetadata, writers, rounds } = inputs;
  const appends = num('BENCH_PG_APPENDS', 3000);
  const concurrent = num('BENCH_PG_CONCURRENT', 20_000);
  const readEvents = num('BENCH_PG_READ_EVENTS', 200_000);
  const server = process.env.DATABASE_URL ? undefined : await startPgServer('bench');
  const url = process.env.DATABASE_URL ?? server!.url;
  const readUrl = server ? await server.createDatabase('bench_read') : url;
  const rows: PgRow[] = [];
  try {
    const store = await PostgresEventStore.connect(url, { poolSize: writers });
    const raw = new pg.Pool({ connectionString: url, max: writers });
    await raw.query(RAW_SETUP);
    const timers = {
      ra: timer('(pa) raw pg INSERT, 1 row per transaction'),
      rb: timer('(pb) store.append, single writer'),
      rc2: timer(`(pa') raw pg INSERT, ${writers} concurrent connections`),
      rc: timer(`(pc) store.append, ${writers} concurrent writers`),
    };
    let i = 0;
    let j = 0;
    const rawOne = async (client: pg.Pool | pg.PoolClient, k: number, prefix: string) =>
      client.query(RAW_INSERT, [
        `task-${prefix}${k % 100}`,
        Math.floor(k / 100),
        randomUUID(),
        'ProgressReported',
        JSON.stringify(eventData(k)),
        rawMetadata,
      ]);
    const revisions = new Array<bigint>(writers).fill(-1n);
    const single = await raw.connect();
    single.on('error', () => undefined); // the server stops at the end; nothing to say then
    for (let round = 0; round < rounds; round++) {
      const share = (total: number) => Math.ceil(total / rounds);
      await timers.ra.time(share(appends), async (n) => {
        for (const end = i + n; i < end; i++) await rawOne(single, i, 'a');
      });
      await timers.rb.time(share(appends), async (n) => {
        for (let k = 0; k < n; k++) {
          await store.append({
            streamId: `task-b${k % 100}`,
            expectedRevision: 'any',
            events: [{ type: 'ProgressReported', data: eventData(k) as never }],
            context: context(),
          });
        }
      });
      const per = Math.ceil(share(concurrent) / writers);
      await timers.rc2.time(per * writers, async () => {
        await Promise.all(
          Array.from({ length: writers }, async () => {
            for (let k = 0; k < per; k++) await rawOne(raw, j++, 'p');
          }),
        );
      });
      await timers.rc.time(per * writers, async () => {
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            for (let k = 0; k < per; k++) {
              const result = await store.append({
                streamId: `task-c${w}`,
                expectedRevision: revisions[w] < 0n ? 'no_stream' : revisions[w],
                events: [{ type: 'ProgressReported', data: eventData(k) as never }],
                context: context(),
              });
              revisions[w] = result.revision;
            }
          }),
        );
      });
    }
    single.release();
    await raw.end();
    await store.close();
    rows.push(timers.ra.row(), timers.rb.row(), timers.rc2.row(), timers.rc.row());

    // The read database: readEvents sealed events written through the store, 20 per append.
    const reader = await PostgresEventStore.connect(readUrl, { poolSize: 32 });
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < readEvents) {
          const n = Math.min(20, readEvents - next);
          const first = next;
          next += n;
          await reader.append({
            streamId: `task-r${first % 5000}`,
            expectedRevision: 'any',
            events: Array.from({ length: n }, (_, k) => ({
              type: 'ProgressReported',
              data: eventData(first + k) as never,
            })),
            context: context(),
          });
        }
      }),
    );
    const rawRead = new pg.Client({ connectionString: readUrl });
    await rawRead.connect();
    const page = 5000;
    rows.push(
      await once('(pd) raw pg SELECT + JSON.parse, pages of 5,000', readEvents, async () => {
        let seen = 0;
        for (let after = '0'; ;) {
          const { rows: got } = await rawRead.query<{
            position: string;
            data: string;
            metadata: string;
          }>('SELECT * FROM events WHERE position > $1 ORDER BY position LIMIT $2', [after, page]);
          if (got.length === 0) break;
          for (const row of got) {
            JSON.parse(row.data);
            JSON.parse(row.metadata);
          }
          seen += got.length;
          after = got[got.length - 1].position;
        }
        if (seen !== readEvents) throw new Error(`raw read saw ${seen}`);
      }),
      await once('(pe) store.readAll, pages of 5,000', readEvents, async () => {
        let seen = 0;
        for (let after = 0n; ;) {
          const got = await reader.readAll({ after, maxCount: page });
          if (got.length === 0) break;
          seen += got.length;
          after = got[got.length - 1].position;
        }
        if (seen !== readEvents) throw new Error(`readAll saw ${seen}`);
      }),
    );
    await rawRead.end();
    await reader.close();
  } finally {
    server?.remove();
  }
  return rows;
}

function timer(name: string) {
  let count = 0;
  let seconds = 0;
  return {
    async time(n: number, body: (n: number) => Promise<void>): Promise<void> {
      const start = process.hrtime.bigint();
      await body(n);
      seconds += Number(process.hrtime.bigint() - start) / 1e9;
      count += n;
    },
    row: (): PgRow => ({ name, count, seconds }),
  };
}

async function once(name: string, count: number, body: () => Promise<void>): Promise<PgRow> {
  const start = process.hrtime.bigint();
  await body();
  return { name, count, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
