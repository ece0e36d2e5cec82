/**
 * Why the single-writer ratio of bench/event-store.ts stays below 0.8 on a disk with a fast fsync:
 * work done right after a durable commit runs slower than the same work between commits that do
 * not sync. `npm run bench:cold-after-sync`. Raw single-row inserts with the store's pragmas, with
 * something done before each insert:
 *   nothing      the plain loop
 *   spin 20 µs   busy-waiting, which touches no memory
 *   seal         the store's own per-append work: validateAppend (checks and canonical JSON),
 *                sealEvents (UUID v5 id, envelope, SHA-256) and the metadata text of the row
 * each with synchronous=FULL and OFF, in alternating rounds. It prints the time per insert, the time
 * of the work itself, and how much longer the work takes before a durable insert than before a
 * non-durable one. Sizes: BENCH_INSERTS (2000 per case and mode), BENCH_ROUNDS (4).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { AppendRequest } from '../src/event-store/event-store.port.js';
import { sealEvents, validateAppend } from '../src/event-store/envelope.js';
import { metadataJson } from '../src/event-store/hashing.js';
import { SqliteEventStore, sqlitePragmas } from '../src/event-store/sqlite-event-store.js';
import { num } from './bench-env.js';

const INSERTS = num('BENCH_INSERTS', 2000);
const ROUNDS = num('BENCH_ROUNDS', 4);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'taizhang-cold-'));

const actor = {
  id: 'u-3201',
  name: '王建国',
  role: 'IMPLEMENTING_ENTITY',
  organisation: '南京市生态环境局',
};
const data = (i: number) => ({
  taskId: `task-2025-${i % 9973}`,
  title: '关于南京市秦淮河支流黑臭水体整治不到位问题的整改',
  progress: `已完成主河道清淤 ${(i % 50) / 10 + 1} 公里，排查沿岸排污口 46 个、封堵 39 个。`,
  percent: i % 101,
  measures: ['截污纳管', '清淤疏浚', '生态补水'],
});
const plainMetadata = JSON.stringify({ actor, commandId: randomUUID(), hash: 'e'.repeat(64) });

type Work = (i: number) => { eventId: string; data: string; metadata: string };
const nothing: Work = (i) => ({
  eventId: randomUUID(),
  data: JSON.stringify(data(i)),
  metadata: plainMetadata,
});
const spin: Work = (i) => {
  const end = process.hrtime.bigint() + 20_000n;
  while (process.hrtime.bigint() < end);
  return nothing(i);
};
const seal: Work = (i) => {
  const request: AppendRequest = {
    streamId: `task-c${i % 100}`,
    expectedRevision: 'any',
    events: [{ type: 'ProgressReported', data: data(i) }],
    context: { actor, commandId: randomUUID(), recordedAt: new Date().toISOString() },
  };
  const dataJson = validateAppend(request);
  const [event] = sealEvents(request, BigInt(Math.floor(i / 100)), 'f'.repeat(64), dataJson);
  return { eventId: event.eventId, data: dataJson[0], metadata: metadataJson(event.metadata) };
};
const cases: [string, Work][] = [
  ['nothing', nothing],
  ['spin 20 µs', spin],
  ['seal', seal],
];

interface Totals {
  loop: number;
  work: number;
  n: number;
}
const totals = new Map<string, Totals>();

function run(name: string, work: Work, synchronous: 'FULL' | 'OFF', file: string): void {
  const db = new DatabaseSync(file);
  db.exec(sqlitePragmas(synchronous));
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const first = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  let workNs = 0n;
  const start = process.hrtime.bigint();
  for (let i = first; i < first + INSERTS; i++) {
    const before = process.hrtime.bigint();
    const row = work(i);
    workNs += process.hrtime.bigint() - before;
    insert.run(
      `task-c${i % 100}`,
      Math.floor(i / 100),
      row.eventId,
      'ProgressReported',
      row.data,
      row.metadata,
    );
  }
  const loopNs = process.hrtime.bigint() - start;
  db.close();
  const key = `${name}|${synchronous}`;
  const t = totals.get(key) ?? { loop: 0, work: 0, n: 0 };
  totals.set(key, {
    loop: t.loop + Number(loopNs),
    work: t.work + Number(workNs),
    n: t.n + INSERTS,
  });
}

async function main(): Promise<void> {
  const files = new Map<string, string>();
  for (const [name] of cases) {
    for (const mode of ['FULL', 'OFF'] as const) {
      const file = join(dir, `${name.replace(/\W+/g, '-')}-${mode}.db`);
      await new SqliteEventStore(file).close(); // the store's schema
      files.set(`${name}|${mode}`, file);
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of cases) {
      for (const mode of ['FULL', 'OFF'] as const)
        run(name, work, mode, files.get(`${name}|${mode}`)!);
    }
  }
  const us = (ns: number, n: number) => ns / n / 1000;
  console.log(
    `\nWork before each raw insert — node ${process.version}, ${INSERTS * ROUNDS} inserts per line\n`,
  );
  console.log('work         | mode | µs per insert | µs of work | work, FULL / OFF');
  console.log('-------------|------|---------------|------------|-----------------');
  for (const [name] of cases) {
    const off = totals.get(`${name}|OFF`)!;
    for (const mode of ['FULL', 'OFF'] as const) {
      const t = totals.get(`${name}|${mode}`)!;
      const slower = mode === 'FULL' ? `${(t.work / off.work).toFixed(2)}×` : '';
      console.log(
        `${name.padEnd(12)} | ${mode.padEnd(4)} | ${us(t.loop, t.n).toFixed(1).padStart(13)} | ${us(t.work, t.n).toFixed(1).padStart(10)} | ${slower}`,
      );
    }
  }
  const full = (name: string) =>
    us(totals.get(`${name}|FULL`)!.loop, totals.get(`${name}|FULL`)!.n);
  console.log(
    `\nDurable insert with the store's work before it: +${(full('seal') - full('nothing')).toFixed(0)} µs ` +
      `(the work alone, without a sync: ${us(totals.get('seal|OFF')!.work, totals.get('seal|OFF')!.n).toFixed(0)} µs); ` +
      `with 20 µs of busy-waiting: +${(full('spin 20 µs') - full('nothing')).toFixed(0)} µs.`,
  );
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
