/**
 * Event store benchmark: the SQLite adapter and the projection runner against raw node:sqlite on the
 * same machine, same schema, same pragmas, in one run. `npm run bench:event-store`; sizes from env:
 *   BENCH_DURABLE_APPENDS (6000)     (a) and (b): durable single-row transactions / single-writer appends
 *   BENCH_BATCHED_ROWS (200000)      (a'): raw inserts, one transaction per 1,000 rows
 *   BENCH_CONCURRENT_APPENDS (40000) (c): appends by BENCH_WRITERS (64) concurrent writers
 *   BENCH_READ_EVENTS (1000000)      (d) and (e): events in the file that is scanned and read
 *   BENCH_ROUNDS (10)                write measures alternate raw/store in this many rounds
 *   BENCH_TREE_LEAVES (10000000)     leaves of the synthetic Merkle tree the proofs are timed on
 *   BENCH_PROOFS (20000)             inclusion and consistency proofs timed (each)
 *   BENCH_DIR (os temp dir)          where the files go (removed afterwards)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AppendContext, RecordedEvent } from '../src/event-store/event-store.port.js';
import { treeMeasures } from './ledger-tree.js';
import { SqliteEventStore, sqlitePragmas } from '../src/event-store/sqlite-event-store.js';
import type { Projection } from '../projections/projection.js';
import { ProjectionRunner } from '../projections/runner.js';
import { num } from './bench-env.js';
import { postgresMeasures } from './postgres.js';

const DURABLE = num('BENCH_DURABLE_APPENDS', 6000);
const BATCHED = num('BENCH_BATCHED_ROWS', 200_000);
const CONCURRENT = num('BENCH_CONCURRENT_APPENDS', 40_000);
const WRITERS = num('BENCH_WRITERS', 64);
const READ_EVENTS = num('BENCH_READ_EVENTS', 1_000_000);
const ROUNDS = num('BENCH_ROUNDS', 10);
const PAGE = 5000;

const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'taizhang-bench-'));
const actor = {
  id: 'u-3201',
  name: '王建国',
  role: 'IMPLEMENTING_ENTITY',
  organisation: '南京市生态环境局',
};
const context = (): AppendContext => ({
  actor,
  commandId: randomUUID(),
  recordedAt: new Date().toISOString(),
  reason: '按督察组要求按月报送整改进度',
});

/** About 500 bytes of JSON, mostly Chinese, shaped like a progress report. */
const eventData = (i: number) => ({
  taskId: `task-2025-${i % 9973}`,
  inspectionId: 'inspection-2025-js-03',
  title: '关于南京市秦淮河支流黑臭水体整治不到位问题的整改',
  progress: `已完成主河道清淤 ${(i % 50) / 10 + 1} 公里，排查沿岸排污口 46 个、封堵 39 个；剩余 7 个涉及工业园区，已制定分类整治方案。`,
  percent: i % 101,
  measures: ['截污纳管', '清淤疏浚', '生态补水'],
  evidence: [{ name: '现场照片-第3批.zip', sha256: 'a3f1c2'.repeat(10) + 'beef' }],
  nextStep: '月底前完成园区排污口整治并申请验收',
});
const sampleBytes = Buffer.byteLength(JSON.stringify(eventData(1234)));

interface Row {
  name: string;
  count: number;
  seconds: number;
  note?: string;
}
const rows: Row[] = [];
const rate = (r: Row): number => r.count / r.seconds;
async function measure(
  name: string,
  count: number,
  body: () => Promise<void> | void,
  note?: string,
): Promise<Row> {
  if (global.gc) global.gc();
  const start = process.hrtime.bigint();
  await body();
  const row = { name, count, seconds: Number(process.hrtime.bigint() - start) / 1e9, note };
  rows.push(row);
  console.error(`  ${name}: ${fmt(rate(row))}/s`);
  return row;
}
/** Accumulates the time of several rounds of one measure, keeping each round's rate too. */
function timer(name: string) {
  let count = 0;
  let seconds = 0;
  const rounds: number[] = [];
  return {
    async time(
      n: number,
      body: (n: number) => Promise<number | void> | number | void,
    ): Promise<void> {
      const start = process.hrtime.bigint();
      const done = await body(n);
      const took = Number(process.hrtime.bigint() - start) / 1e9;
      const counted = typeof done === 'number' ? done : n;
      seconds += took;
      count += counted;
      rounds.push(counted / took);
    },
    row: (): Row => ({ name, count, seconds }),
    rounds: (): readonly number[] => rounds,
  };
}
/** The spread of a ratio across rounds: how much of a figure is this machine's noise. */
function spread(top: readonly number[], bottom: readonly number[]): string {
  const ratios = top.map((t, i) => t / bottom[i]).sort((x, y) => x - y);
  return `rounds ${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}, median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}`;
}
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

/** A file with the store's schema, then a raw connection with the store's pragmas. */
function rawDb(file: string, synchronous: 'FULL' | 'NORMAL' | 'OFF'): DatabaseSync {
  void new SqliteEventStore(file).close();
  const db = new DatabaseSync(file);
  db.exec(sqlitePragmas(synchronous));
  return db;
}

/** Metadata of the size the store writes (actor, ids, time, reason, two hashes). */
const rawMetadata = JSON.stringify({
  actor,
  commandId: randomUUID(),
  correlationId: randomUUID(),
  causationId: randomUUID(),
  recordedAt: new Date().toISOString(),
  reason: '按督察组要求按月报送整改进度',
  schemaVersion: 1,
  prevHash: 'f'.repeat(64),
  hash: 'e'.repeat(64),
});
const INSERT =
  'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)';

/** (a): one row per transaction (autocommit), the event's JSON made the plain way. */
function rawSingleWriter(db: DatabaseSync): (n: number) => void {
  const insert = db.prepare(INSERT);
  let i = 0;
  return (n) => {
    for (const end = i + n; i < end; i++) {
      insert.run(
        `task-a${i % 100}`,
        Math.floor(i / 100),
        randomUUID(),
        'ProgressReported',
        JSON.stringify(eventData(i)),
        rawMetadata,
      );
    }
  };
}

/** (c): `WRITERS` writers on their own streams, each at its exact expected revision. */
function concurrentWriters(
  store: SqliteEventStore,
  revisions: bigint[],
): (n: number) => Promise<number> {
  return async (n) => {
    const per = Math.ceil(n / WRITERS);
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let i = 0; i < per; i++) {
          const result = await store.append({
            streamId: `task-c${w}`,
            expectedRevision: revisions[w] < 0n ? 'no_stream' : revisions[w],
            events: [{ type: 'ProgressReported', data: eventData(i) }],
            context: context(),
          });
          revisions[w] = result.revision;
        }
      }),
    );
    return per * WRITERS;
  };
}

/** (b): one writer awaiting each append, over the same 100 streams. */
function storeSingleWriter(store: SqliteEventStore): (n: number) => Promise<void> {
  let i = 0;
  return async (n) => {
    for (const end = i + n; i < end; i++) {
      await store.append({
        streamId: `task-b${i % 100}`,
        expectedRevision: 'any',
        events: [{ type: 'ProgressReported', data: eventData(i) }],
        context: context(),
      });
    }
  };
}

/**
 * The pages a durable single append writes (WAL frames, read from a second connection): what the
 * disk is asked to sync per commit, where the tree's cost on a single writer was.
 */
async function walFrames(merkleTree: boolean): Promise<number> {
  const file = join(dir, `wal-frames-${merkleTree}.db`);
  const store = new SqliteEventStore(file, { merkleTree });
  const write = storeSingleWriter(store);
  await write(300);
  const observer = new DatabaseSync(file);
  observer.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  // Fewer appends than the 1,000 frames at which the store's connection checkpoints on its own.
  const appends = 150;
  await write(appends);
  const { log } = observer.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { log: number };
  observer.close();
  await store.close();
  return log / appends;
}

async function main(): Promise<void> {
  console.error(`bench dir ${dir}; event data ${sampleBytes} bytes of JSON`);

  // Writes run in alternating rounds, raw then store, so a burst of disk contention from the other
  // processes sharing this machine lands on both sides of a ratio rather than on one.
  const rawSingle = rawDb(join(dir, 'raw-single.db'), 'FULL');
  const storeSingle = new SqliteEventStore(join(dir, 'store-single.db'));
  // The same store without the Merkle tree: what the tree costs, measured in the same rounds.
  const storeSingleBare = new SqliteEventStore(join(dir, 'store-single-bare.db'), {
    merkleTree: false,
  });
  // The same two loops with sync OFF: no disk wait, so their difference is the store's own CPU time.
  const rawCpu = rawDb(join(dir, 'raw-cpu.db'), 'OFF');
  const storeCpu = new SqliteEventStore(join(dir, 'store-cpu.db'), { synchronous: 'OFF' });
  const rawBatched = rawDb(join(dir, 'raw-batched.db'), 'FULL');
  const rawBatchedInsert = rawBatched.prepare(INSERT);
  const storeConcurrent = new SqliteEventStore(join(dir, 'store-concurrent.db'));
  const storeConcurrentBare = new SqliteEventStore(join(dir, 'store-concurrent-bare.db'), {
    merkleTree: false,
  });
  const revisions = new Array<bigint>(WRITERS).fill(-1n);
  const revisionsBare = new Array<bigint>(WRITERS).fill(-1n);
  const a = timer('(a) raw insert, 1 row per transaction (FULL)');
  const a2 = timer("(a') raw insert, 1,000 rows per transaction (FULL)");
  const b = timer('(b) store.append, single writer (FULL)');
  const c = timer(`(c) store.append, ${WRITERS} concurrent writers (FULL)`);
  const bt = timer('    (b) without the Merkle tree');
  const ct = timer('    (c) without the Merkle tree');
  const a0 = timer('    raw insert, 1 row per transaction (OFF)');
  const b0 = timer('    store.append, single writer (OFF)');
  const writeRaw = rawSingleWriter(rawSingle);
  const writeStore = storeSingleWriter(storeSingle);
  const writeStoreBare = storeSingleWriter(storeSingleBare);
  const writeRawCpu = rawSingleWriter(rawCpu);
  const writeStoreCpu = storeSingleWriter(storeCpu);
  let ia2 = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const share = (total: number): number => Math.ceil(total / ROUNDS);
    await a.time(share(DURABLE), writeRaw);
    // With and without the tree swap places every round, so neither always runs second.
    const flip = round % 2 === 1;
    if (flip) await bt.time(share(DURABLE), writeStoreBare);
    await b.time(share(DURABLE), writeStore);
    if (!flip) await bt.time(share(DURABLE), writeStoreBare);
    await a0.time(share(DURABLE), writeRawCpu);
    await b0.time(share(DURABLE), writeStoreCpu);
    await a2.time(share(BATCHED), (n) => {
      for (const end = ia2 + n; ia2 < end;) {
        rawBatched.exec('BEGIN IMMEDIATE');
        for (const stop = Math.min(ia2 + 1000, end); ia2 < stop; ia2++) {
          rawBatchedInsert.run(
            `task-a${ia2 % 100}`,
            Math.floor(ia2 / 100),
            randomUUID(),
            'ProgressReported',
            JSON.stringify(eventData(ia2)),
            rawMetadata,
          );
        }
        rawBatched.exec('COMMIT');
      }
    });
    // 64 writers on their own streams, each at its exact expected revision: group commit.
    if (flip)
      await ct.time(share(CONCURRENT), concurrentWriters(storeConcurrentBare, revisionsBare));
    await c.time(share(CONCURRENT), concurrentWriters(storeConcurrent, revisions));
    if (!flip)
      await ct.time(share(CONCURRENT), concurrentWriters(storeConcurrentBare, revisionsBare));
  }
  rawSingle.close();
  rawCpu.close();
  rawBatched.close();
  await Promise.all(
    [storeSingle, storeSingleBare, storeCpu, storeConcurrent, storeConcurrentBare].map((st) =>
      st.close(),
    ),
  );
  const [ra, ra2, rb, rc, ra0, rb0] = [a.row(), a2.row(), b.row(), c.row(), a0.row(), b0.row()];
  const [rbt, rct] = [bt.row(), ct.row()];
  rows.push(ra, ra2, rb, rc, ra0, rb0, rbt, rct);
  for (const r of rows) console.error(`  ${r.name}: ${fmt(rate(r))}/s`);
  const writeRows = rows.length;

  // The read file: READ_EVENTS real sealed events, written through the store (sync OFF: setup only).
  const readFile = join(dir, 'read.db');
  await measure(
    '    setup: write read file through the store (sync OFF)',
    READ_EVENTS,
    async () => {
      const store = new SqliteEventStore(readFile, { synchronous: 'OFF' });
      let next = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < READ_EVENTS) {
            const n = Math.min(20, READ_EVENTS - next);
            const first = next;
            next += n;
            await store.append({
              streamId: `task-r${first % 5000}`,
              expectedRevision: 'any',
              events: Array.from({ length: n }, (_, k) => ({
                type: 'ProgressReported',
                data: eventData(first + k),
              })),
              context: context(),
            });
          }
        }),
      );
      await store.close();
    },
    'not a goal; 20 events per append',
  );
  rows.splice(writeRows); // setup is reported on stderr only
  console.error(`  read file: ${mb(statSync(readFile).size)}`);

  // (d) raw scan-and-parse: the same paged query, rows parsed, nothing else
  const d = await measure('(d) raw scan + JSON.parse, pages of 5,000', READ_EVENTS, () => {
    const db = new DatabaseSync(readFile, { readOnly: true });
    const page = db.prepare('SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?');
    let seen = 0;
    for (let after = 0; ;) {
      const got = page.all(after, PAGE) as { position: number; data: string; metadata: string }[];
      if (got.length === 0) break;
      for (const row of got) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
      }
      seen += got.length;
      after = got[got.length - 1].position;
    }
    if (seen !== READ_EVENTS) throw new Error(`raw scan saw ${seen}`);
    db.close();
  });

  // (e) the store's global read (readAll pages), sampling RSS after every page
  const rssBefore = process.memoryUsage.rss();
  let rssMax = rssBefore;
  const e = await measure('(e) store.readAll, pages of 5,000', READ_EVENTS, async () => {
    const store = new SqliteEventStore(readFile);
    let seen = 0;
    for (let after = 0n; ;) {
      const page: RecordedEvent[] = await store.readAll({ after, maxCount: PAGE });
      rssMax = Math.max(rssMax, process.memoryUsage.rss());
      if (page.length === 0) break;
      seen += page.length;
      after = page[page.length - 1].position;
    }
    if (seen !== READ_EVENTS) throw new Error(`readAll saw ${seen}`);
    await store.close();
  });

  // (e') the projection runner catching up with a trivial projection (one checkpoint write per batch)
  let counted = 0;
  const trivial: Projection = {
    name: 'bench_count',
    version: 1,
    setup: () => undefined,
    drop: () => undefined,
    apply: () => void counted++,
  };
  let rssRunnerMax = process.memoryUsage.rss();
  const e2 = await measure(
    "(e') ProjectionRunner.catchUp, trivial projection",
    READ_EVENTS,
    async () => {
      const store = new SqliteEventStore(readFile);
      const runner = new ProjectionRunner(store, [trivial], join(dir, 'readmodels.db'), {
        batchSize: PAGE,
        onProgress: () => void (rssRunnerMax = Math.max(rssRunnerMax, process.memoryUsage.rss())),
      });
      await runner.catchUp();
      runner.close();
      await store.close();
      if (counted !== READ_EVENTS) throw new Error(`runner applied ${counted}`);
    },
  );

  const width = Math.max(...rows.map((r) => r.name.length));
  console.log(
    `\nTaizhang event store benchmark — node ${process.version}, ${new Date().toISOString()}`,
  );
  console.log(
    `event data ${sampleBytes} bytes JSON (Chinese text), same schema and pragmas everywhere\n`,
  );
  console.log(
    `${'measure'.padEnd(width)} | ${'count'.padStart(9)} | ${'seconds'.padStart(8)} | ${'per second'.padStart(10)}`,
  );
  console.log(`${'-'.repeat(width)}-|-${'-'.repeat(9)}-|-${'-'.repeat(8)}-|-${'-'.repeat(10)}`);
  for (const r of rows) {
    console.log(
      `${r.name.padEnd(width)} | ${fmt(r.count).padStart(9)} | ${r.seconds.toFixed(2).padStart(8)} | ${fmt(rate(r)).padStart(10)}`,
    );
  }
  const goal = (label: string, value: number, target: number, note = ''): void =>
    console.log(
      `${label.padEnd(44)} ${value.toFixed(2).padStart(6)}  goal >= ${target}  ${value >= target ? 'met' : 'MISSED'}${note && `  (${note})`}`,
    );
  console.log('');
  goal(
    '(b)/(a)  single-writer appends vs raw',
    rate(rb) / rate(ra),
    0.8,
    spread(b.rounds(), a.rounds()),
  );
  const micros = (r: Row): number => (r.seconds / r.count) * 1e6;
  console.log(
    `         per append: raw ${micros(ra).toFixed(0)} µs, store ${micros(rb).toFixed(0)} µs durable; ` +
      `raw ${micros(ra0).toFixed(0)} µs, store ${micros(rb0).toFixed(0)} µs with sync OFF (the store's own work: ` +
      `${(micros(rb0) - micros(ra0)).toFixed(0)} µs)`,
  );
  goal(
    "(c)/(a') concurrent appends vs raw batched",
    rate(rc) / rate(ra2),
    0.2,
    spread(c.rounds(), a2.rounds()),
  );
  console.log(
    `(b)/(a) without the tree ${(rate(rbt) / rate(ra)).toFixed(2)}; with/without ${(rate(rb) / rate(rbt)).toFixed(2)} (${spread(b.rounds(), bt.rounds())})`,
  );
  console.log(
    `(c)/(a') without the tree ${(rate(rct) / rate(ra2)).toFixed(2)}; with/without ${(rate(rc) / rate(rct)).toFixed(2)} (${spread(c.rounds(), ct.rounds())})`,
  );
  const [framesTree, framesBare] = [await walFrames(true), await walFrames(false)];
  console.log(
    `    WAL frames per durable single append: ${framesTree.toFixed(2)} with the tree, ${framesBare.toFixed(2)} without`,
  );
  goal('(e)/(d)  store readAll vs raw scan+parse', rate(e) / rate(d), 0.5);
  goal("(e')/(d) runner catch-up vs raw scan+parse", rate(e2) / rate(d), 0.5);
  console.log(
    `\nRSS while reading ${fmt(READ_EVENTS)} events: before ${mb(rssBefore)}, max during readAll ${mb(rssMax)}, ` +
      `max during catch-up ${mb(rssRunnerMax)} (file ${mb(statSync(readFile).size)})`,
  );
  await postgresColumn(rb, rc, e);
  await treeMeasures(dir, readFile, {
    leaves: num('BENCH_TREE_LEAVES', 10_000_000),
    proofs: num('BENCH_PROOFS', 20_000),
    treeFile: process.env.BENCH_TREE_FILE,
  });
}

/**
 * The PostgreSQL column (bench/postgres.ts): the adapter against raw `pg` on the same server, and
 * beside the SQLite figures above. BENCH_PG=0 leaves it out.
 */
async function postgresColumn(sqliteSingle: Row, sqliteConcurrent: Row, sqliteRead: Row) {
  if (process.env.BENCH_PG === '0') return;
  console.error('PostgreSQL column');
  const pgRows = await postgresMeasures({
    eventData,
    context,
    rawMetadata,
    writers: WRITERS,
    rounds: ROUNDS,
  });
  const [pa, pb, pa2, pc, pd, pe] = pgRows;
  const width = Math.max(...pgRows.map((r) => r.name.length));
  console.log(`\nPostgreSQL (same machine, same run; raw pg on the same server as the baseline)\n`);
  for (const r of pgRows) {
    console.log(
      `${r.name.padEnd(width)} | ${fmt(r.count).padStart(9)} | ${r.seconds.toFixed(2).padStart(8)} | ${fmt(rate(r)).padStart(10)}`,
    );
  }
  const ratio = (x: Row, y: Row) => (rate(x) / rate(y)).toFixed(2);
  console.log('');
  console.log(`(pb)/(pa)   single-writer appends vs raw pg insert        ${ratio(pb, pa)}`);
  console.log(
    `(pc)/(pa')  ${WRITERS} writers vs raw pg, ${WRITERS} connections         ${ratio(pc, pa2)}`,
  );
  console.log(`(pe)/(pd)   readAll vs raw pg select + parse               ${ratio(pe, pd)}`);
  console.log(
    `beside SQLite: single writer ${fmt(rate(pb))}/s vs ${fmt(rate(sqliteSingle))}/s, ` +
      `${WRITERS} writers ${fmt(rate(pc))}/s vs ${fmt(rate(sqliteConcurrent))}/s, ` +
      `readAll ${fmt(rate(pe))}/s vs ${fmt(rate(sqliteRead))}/s`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
