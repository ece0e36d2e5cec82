/**
 * National scale (issue 16): a store of every province's inspections over rounds, with tasks and
 * accountability cases, then a rebuild of all read models beside the projection runner with a
 * trivial projection in the same run, sizes, RSS over the run and query latencies in-process.
 *   npm run bench:scale -- --events 1000000 [--dir D] [--keep] [--samples 2000]
 * Default 100,000 events. `--dir` with `--keep` reuses a store written before with the same plan.
 * `--queries-only [--only NAME]` with the same `--dir` and `--events` reruns only the queries (all,
 * or those whose name contains NAME) over what a `--keep` run left. The rebuild runs the ledger in
 * a worker thread as `taizhang rebuild` does; `--one-thread` runs it all in this one.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseSync } from 'node:sqlite';
import { apartInWorker } from '../projections/apart.js';
import { allProjections } from '../projections/index.js';
import type { Projection } from '../projections/projection.js';
import { ReadModels } from '../projections/read-models.js';
import {
  CATCH_UP_BATCH,
  DEFER_INDEXES_BEHIND,
  REBUILD_BATCH,
  ProjectionRunner,
  readModelBytes,
  readModelFiles,
} from '../projections/runner.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { recordStatesAtVersions } from '../projections/ledger/ledger.queries.js';
import { fmt, percentile, TRIVIAL_PROJECTION, warmPageCache } from './bench-env.js';
import {
  BENCH_NOW,
  PROVINCES,
  SITES,
  eventTime,
  inspectionIdOf,
  shapeOf,
  taskIdOf,
} from './ledger-data.js';
import { writeScaleBulk } from './scale-bulk.js';
import { inspectionsOf, planFor, plannedEvents, type ScalePlan } from './scale-data.js';
import { mulberry32 } from '../src/common/seeded-sample.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    dir: { type: 'string' },
    keep: { type: 'boolean', default: false },
    samples: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '2' },
    // Over a store and read models kept by an earlier --keep run: no writing, no rebuilds (read
    // models whose version changed catch up first), only the queries; --only picks them by name.
    'queries-only': { type: 'boolean', default: false },
    only: { type: 'string' },
    // The rebuild all in this thread: no worker thread for the ledger.
    'one-thread': { type: 'boolean', default: false },
  },
});
const apart = !values['one-thread'];
const plan = planFor(Number(values.events));
const SAMPLES = Number(values.samples);
const WORKERS = Number(values.workers);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'taizhang-bench-scale-'));
mkdirSync(dir, { recursive: true });
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const fileBytes = (file: string): number => (existsSync(file) ? statSync(file).size : 0);
const now = (): number => performance.now();
/** The 1, 5 and 15 minute load averages: on a shared VM the rates below move with them. */
const load = (): string =>
  `load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;

/** RSS every 250 ms while `run` runs: the figures say whether memory stays flat. */
async function withRss<T>(run: () => Promise<T>): Promise<{ result: T; rss: number[] }> {
  const rss: number[] = [];
  const timer = setInterval(() => rss.push(process.memoryUsage.rss()), 250);
  try {
    return { result: await run(), rss };
  } finally {
    clearInterval(timer);
    rss.push(process.memoryUsage.rss());
  }
}
const rssLine = (rss: number[]): string => {
  const q = (f: number) => mib(rss[Math.min(rss.length - 1, Math.floor(f * rss.length))]);
  // The last sample is taken once the indexes are made and a worker thread has ended.
  return `RSS over ${rss.length} samples at 10% ${q(0.1)}, 50% ${q(0.5)}, 90% ${q(0.9)}, max ${mib(Math.max(...rss))}, last ${mib(rss[rss.length - 1])}`;
};

async function writeStore(file: string, p: ScalePlan): Promise<void> {
  const marker = join(dir, 'bench-scale.json');
  if (values.keep && existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(p)) {
    console.log(`reusing the store in ${dir}`);
    return;
  }
  for (const f of ['events.db', 'events.db-wal', 'events.db-shm'])
    rmSync(join(dir, f), { force: true });
  // The bulk path: the store's own validation and sealing, in worker threads; big transactions.
  const started = now();
  let shown = 0;
  const written = await writeScaleBulk(file, p, {
    workers: WORKERS,
    onInspection: (n) => {
      if (now() - shown < 5000) return;
      shown = now();
      const s = (now() - started) / 1000;
      process.stderr.write(
        `  wrote ${fmt(n)} events, ${fmt(n / s)}/s, RSS ${mib(process.memoryUsage.rss())}, ${load()}\n`,
      );
    },
  });
  const seconds = (now() - started) / 1000;
  console.log(
    `\nwrote ${fmt(written)} events in ${seconds.toFixed(0)} s, ${fmt(written / seconds)}/s wall ` +
      `(${WORKERS} worker threads deciding and sealing, the ledger tree in the same transactions)`,
  );
  writeFileSync(marker, JSON.stringify(p));
}

async function rebuild(
  file: string,
  projections: Projection[],
  target: string,
): Promise<{ events: number; seconds: number; rss: number[] }> {
  for (const f of readModelFiles(target, projections)) rmSync(f, { force: true });
  const store = new SqliteEventStore(file);
  const shown = new Map<string, number>();
  // Sampled after every batch too: a rebuild holds the event loop, so the timer seldom fires.
  const batches: number[] = [];
  const runner = new ProjectionRunner(store, projections, target, {
    batchSize: REBUILD_BATCH,
    catchUpBatch: CATCH_UP_BATCH,
    apart: apart ? apartInWorker({ eventStore: 'sqlite', dataDir: dir }) : undefined,
    onProgress: (p) => {
      // Each thread's own: the ledger's comes from its worker when it runs apart.
      if (p.projection !== projections[0].name && p.projection !== projections.at(-1)!.name) return;
      batches.push(process.memoryUsage.rss());
      // Each thread's line every 5 s: one clock for both showed only the one reporting more often.
      if (now() - (shown.get(p.projection) ?? 0) < 5000) return;
      shown.set(p.projection, now());
      process.stderr.write(
        `  ${p.projection}: ${fmt(Number(p.position))} / ${fmt(Number(p.head))}, ` +
          `${fmt(p.eventsPerSecond)}/s, ETA ${p.etaSeconds.toFixed(0)} s, ` +
          `RSS ${mib(process.memoryUsage.rss())}, ${load()}\n`,
      );
    },
    onIndexes: ({ made, total, index }) =>
      process.stderr.write(
        `  indexes: ${made} / ${total} made, ${((now() - started) / 1000).toFixed(0)} s into the ` +
          `rebuild${index ? `, making ${index}` : ''}\n`,
      ),
  });
  const started = now();
  const { result: events, rss: timed } = await withRss(() => runner.rebuild());
  const rss = [...batches, ...timed];
  const seconds = (now() - started) / 1000;
  runner.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  runner.close();
  await store.close();
  return { events, seconds, rss };
}

async function queries(file: string, target: string, p: ScalePlan): Promise<void> {
  const store = new SqliteEventStore(file);
  const runner = new ProjectionRunner(store, allProjections(), target, {
    batchSize: REBUILD_BATCH,
    catchUpBatch: CATCH_UP_BATCH,
  });
  // A read model whose version changed since the --keep run (or a catch-up killed before) catches
  // up as the server's start does: far behind, its indexes are made once at the end.
  const started = now();
  const caughtUp = await runner.resume(DEFER_INDEXES_BEHIND);
  if (caughtUp)
    console.log(
      `read models caught up first: ${fmt(caughtUp)} events in ${((now() - started) / 1000).toFixed(0)} s`,
    );
  const read = new ReadModels(runner);
  const rnd = mulberry32(16);
  const pick = (n: number) => Math.floor(rnd() * n);
  const tasks = inspectionsOf(p) * p.tasksPerInspection;
  const task = () => pick(tasks);
  const inspection = () => inspectionIdOf(pick(inspectionsOf(p)));
  const round = () => 1 + pick(p.rounds);
  const province = () => `${PROVINCES[pick(p.provinces)][0]}0000`;
  const list: [string, () => unknown][] = [
    ['task', () => read.ledger.stateAsOf(`task-${taskIdOf(task())}`)],
    [
      'task(asOf:)',
      () => {
        const i = task();
        return read.ledger.stateAsOf(
          `task-${taskIdOf(i)}`,
          eventTime(i, 1 + pick(p.eventsPerTask - 1)),
        );
      },
    ],
    [
      'history (first 50, with changes)',
      () =>
        read.ledger
          .page({ streamId: `task-${taskIdOf(task())}` }, 50)
          .entries.map((e) => e.changes.length),
    ],
    [
      'ledger (global, 50 after a position, with changes)',
      () =>
        read.ledger
          .page({}, 50, BigInt(pick(plannedEvents(p))))
          .entries.map((e) => e.changes.length),
    ],
    [
      'accountabilityCase(asOf:)',
      () =>
        read.ledger.stateAsOf(
          `case-bench-case-${String(pick(inspectionsOf(p))).padStart(4, '0')}-${String(pick(Math.max(1, Math.floor(p.tasksPerInspection / p.tasksPerCase)))).padStart(5, '0')}`,
          '2025-03-02T00:00:00.000Z',
        ),
    ],
    [
      'tasks {inspectionId, status: IN_PROGRESS}',
      () =>
        read.tasks.page(
          { inspectionId: inspection(), status: ['IN_PROGRESS'] },
          'NUMBER',
          20,
          undefined,
          BENCH_NOW,
        ).rows.length,
    ],
    [
      'tasks {regionCode: a city, overdue}',
      () =>
        read.tasks.page(
          { regionCode: shapeOf(task(), p.tasksPerInspection).cityCode, overdue: true },
          'NUMBER',
          20,
          undefined,
          BENCH_NOW,
        ).rows.length,
    ],
    [
      'tasks {text} everywhere',
      () =>
        read.tasks.page({ text: SITES[pick(SITES.length)] }, 'NUMBER', 20, undefined, BENCH_NOW)
          .rows.length,
    ],
    ['board by REGION', () => read.tasks.board(inspection(), 'REGION', BENCH_NOW)],
    ['board by STATUS', () => read.tasks.board(inspection(), 'STATUS', BENCH_NOW)],
    [
      'board by LEAD_UNIT, asOf',
      () => read.tasks.board(inspection(), 'LEAD_UNIT', BENCH_NOW, '2024-11-15T00:00:00.000Z'),
    ],
    // The national roll-up (issue 16 item 3): the central office's, and one province's token.
    ['nationalSummary(round)', () => read.national.summary(round(), BENCH_NOW, null)],
    [
      'nationalSummary(round), one province',
      () => read.national.summary(round(), BENCH_NOW, province()),
    ],
    // A province's ledger page (issue 16): the whole ledger's page after the same kind of cursor, the
    // statement a scoped page ran before (a key lookup per entry in ledger order), and the page now
    // (a range of the ledger's (province, position) index), all in the same run.
    [
      'ledger page (global, 50 after a position)',
      () => read.ledger.page({}, 50, BigInt(pick(plannedEvents(p)))).entries.length,
    ],
    [
      'ledger page, one province, EXISTS per entry (before)',
      () =>
        read.database
          .prepare(
            `SELECT * FROM ledger_entries WHERE EXISTS (SELECT 1 FROM national_streams ns
             WHERE ns.stream_id = ledger_entries.stream_id AND ns.province = ?)
             AND position > ? ORDER BY position LIMIT 51`,
          )
          .all(province(), pick(plannedEvents(p))).length,
    ],
    [
      'ledger page, one province, province index (now)',
      () =>
        read.database
          .prepare(
            `SELECT * FROM ledger_entries WHERE province = ?
             AND position > ? ORDER BY position LIMIT 51`,
          )
          .all(Number(province().slice(0, 2)), pick(plannedEvents(p))).length,
    ],
    [
      'ledger page, one province (region-scoped)',
      () =>
        read.ledger.page({ scopeProvince: province() }, 50, BigInt(pick(plannedEvents(p)))).entries
          .length,
    ],
    [
      // A province's token reading a record's history: the record's own index leads, not the
      // province's (the work is the same whether the record is the province's or not).
      'history (first 50), region-scoped',
      () =>
        read.ledger.page({ streamId: `task-${taskIdOf(task())}`, scopeProvince: province() }, 50)
          .entries.length,
    ],
    [
      'ledger page, one province, with changes',
      () =>
        read.ledger
          .page({ scopeProvince: province() }, 50, BigInt(pick(plannedEvents(p))))
          .entries.map((e) => e.changes.length),
    ],
    [
      // The baseline for the row below, in the same run: one statement over the province's
      // inspections, as tasksPage read it before (issue 16 follow-up), sorting all their tasks.
      'tasks page, one province, one statement (before)',
      () => {
        const rows = read.database
          .prepare(
            `SELECT version, id FROM tasks
             WHERE inspection_id IN (SELECT inspection_id FROM national_inspections WHERE province = ?)
             ORDER BY number_key, id LIMIT 21`,
          )
          .all(province()) as { version: number; id: string }[];
        return recordStatesAtVersions(
          read.database,
          rows.slice(0, 20).map((r) => ({ streamId: `task-${r.id}`, version: r.version })),
        ).length;
      },
    ],
    [
      'tasks page, one province (region-scoped)',
      () =>
        read.tasks.page({ scopeProvince: province() }, 'NUMBER', 20, undefined, BENCH_NOW).rows
          .length,
    ],
  ];
  console.log(
    `\nqueries in-process (query functions, no GraphQL layer), ${fmt(SAMPLES)} samples each:`,
  );
  for (const [name, run] of list) {
    if (values.only && !name.includes(values.only)) continue;
    // A statement kept as the baseline of the one that replaced it ("(before)") may take seconds at
    // 10^7: a time budget bounds its samples, so the run reaches the queries after it.
    const started = now();
    const budget = name.endsWith('(before)') ? 60_000 : Infinity;
    for (let i = 0; i < SAMPLES / 10 && now() - started < budget / 10; i++) run();
    const times: number[] = [];
    for (let i = 0; i < SAMPLES && (i < 20 || now() - started < budget); i++) {
      const t = now();
      run();
      times.push(now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `  ${name.padEnd(52)} p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms` +
        (times.length < SAMPLES ? ` (${times.length} samples in the time budget)` : ''),
    );
  }
  runner.close();
  void store.close();
}

/** The files of the read models at `target`, without their shared memory. */
const modelFiles = (target: string): string[] =>
  readModelFiles(target, allProjections()).filter((f) => !f.endsWith('-shm'));

function tableSizes(target: string): string {
  const rows = modelFiles(target)
    .filter((f) => !f.endsWith('-wal') && existsSync(f))
    .flatMap((f) => {
      const db = new DatabaseSync(f, { readOnly: true });
      try {
        return db.prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name').all() as {
          name: string;
          bytes: number;
        }[];
      } finally {
        db.close();
      }
    })
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12);
  return rows.map((r) => `${r.name} ${mib(r.bytes)}`).join(', ');
}

async function main(): Promise<void> {
  const file = join(dir, 'events.db');
  const target = join(dir, 'readmodels.db');
  console.log(
    `bench:scale in ${dir}: ${plan.provinces} provinces x ${plan.rounds} rounds, ` +
      `${fmt(plan.tasksPerInspection)} tasks per inspection, about ${fmt(plannedEvents(plan))} events`,
  );
  if (values['queries-only']) {
    if (!existsSync(target) || !existsSync(join(dir, 'bench-scale.json')))
      throw new Error(`--queries-only needs the store and read models of a --keep run in ${dir}`);
    console.log(load());
    await queries(file, target, plan);
    return;
  }
  await writeStore(file, plan);
  const events = fileBytes(file) + fileBytes(`${file}-wal`);
  // The rebuild below removes them anyway; gone first, their pages leave the cache to the store's.
  for (const f of readModelFiles(target, allProjections())) rmSync(f, { force: true });
  const warm = warmPageCache(file);
  console.log(
    `read the event store's file through once first (the page cache): ${mib(warm.bytes)} in ${warm.seconds.toFixed(1)} s`,
  );

  const base = await rebuild(file, [TRIVIAL_PROJECTION], join(dir, 'trivial.db'));
  console.log(
    `runner with a trivial projection: ${fmt(base.events)} events in ${base.seconds.toFixed(1)} s, ` +
      `${fmt(base.events / base.seconds)}/s; ${rssLine(base.rss)}`,
  );
  const all = await rebuild(file, allProjections(), target);
  const rate = all.events / all.seconds;
  console.log(
    `rebuild of all read models${apart ? ' (the ledger in a worker thread)' : ', one thread'}: ` +
      `${fmt(all.events)} events in ${all.seconds.toFixed(1)} s, ` +
      `${fmt(rate)}/s (goal 50,000/s), ${(rate / (base.events / base.seconds)).toFixed(2)}x the trivial runner; ${rssLine(all.rss)}`,
  );
  const models = readModelBytes(target, allProjections());
  console.log(
    `event store ${mib(events)}, read models ${mib(models)}: ${(models / events).toFixed(2)}x (goal <= 1.0x)`,
  );
  console.log(`largest read-model tables and indexes: ${tableSizes(target)}`);
  await queries(file, target, plan);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
