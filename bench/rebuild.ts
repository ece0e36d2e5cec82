/**
 * Rebuild cost (issue 16 item 2) over a store bench:scale kept (`--dir D --keep`): the runner with
 * a do-nothing projection and the rebuild of all read models, one after the other in the same run,
 * as CPU time per event (`process.cpuUsage`, steadier than wall time on a shared machine) and wall
 * time, and with `--split` where the CPU of the full rebuild goes, projection by projection.
 *   npm run bench:rebuild -- --dir D [--rounds 2] [--split] [--only tasks,national] [--batch 20000]
 *     [--transaction 100000] [--apart] [--through 2000000]
 * `--batch` sets the events a page (REBUILD_BATCH by default) and `--transaction` the events a
 * transaction (CATCH_UP_BATCH), for both runs. `--apart` runs the ledger in a worker thread beside
 * the rest (APART): CPU is then both threads', so compare wall time. `--through N` stops both runs at
 * position N (the first N events of the store: a quicker, steadier comparison than the whole).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { apartInWorker } from '../projections/apart.js';
import { allProjections } from '../projections/index.js';
import type { Projection } from '../projections/projection.js';
import {
  CATCH_UP_BATCH,
  REBUILD_BATCH,
  ProjectionRunner,
  readModelFiles,
} from '../projections/runner.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { fmt, TRIVIAL_PROJECTION } from './bench-env.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    split: { type: 'boolean', default: false },
    only: { type: 'string' },
    pragma: { type: 'string', multiple: true },
    batch: { type: 'string' },
    transaction: { type: 'string' },
    // The ledger caught up in a worker thread beside the others (projections/apart.ts).
    apart: { type: 'boolean', default: false },
    through: { type: 'string' },
  },
});
if (!values.dir) throw new Error('--dir: a directory bench:scale kept (--dir D --keep)');
const dir = values.dir;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)}`;

const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Wraps each projection's apply and endBatch to add up their CPU time (ms). */
function timed(projections: Projection[], spent: Map<string, number>): Projection[] {
  return projections.map((p) => {
    const add = (ms: number) => spent.set(p.name, (spent.get(p.name) ?? 0) + ms);
    return {
      ...p,
      setup: (db) => p.setup(db),
      drop: (db) => p.drop(db),
      apply(event, db) {
        const t = cpuNow();
        p.apply(event, db);
        add(cpuNow() - t);
      },
      endBatch: p.endBatch
        ? (db) => {
            const t = cpuNow();
            p.endBatch!(db);
            add(cpuNow() - t);
          }
        : undefined,
      abortBatch: p.abortBatch && (() => p.abortBatch!()),
    };
  });
}

interface Run {
  events: number;
  wall: number;
  cpu: number;
  rss: number[];
  /** V8's heap after each batch: RSS less this is SQLite's caches, buffers and the allocator's. */
  heap: number[];
}

async function rebuild(projections: Projection[], name: string): Promise<Run> {
  const target = join(dir, `${name}.db`);
  for (const f of readModelFiles(target, projections)) rmSync(f, { force: true });
  const store = new SqliteEventStore(join(dir, 'events.db'));
  if (values.through) {
    // The runner reads up to the head it is told: the store's, or N if that is less.
    const through = BigInt(values.through);
    const head = store.headPosition.bind(store);
    store.headPosition = async () => {
      const h = await head();
      return h < through ? h : through;
    };
  }
  const rss: number[] = [];
  const heap: number[] = [];
  const runner = new ProjectionRunner(store, projections, target, {
    batchSize: values.batch ? Number(values.batch) : REBUILD_BATCH,
    catchUpBatch: values.transaction ? Number(values.transaction) : CATCH_UP_BATCH,
    apart: values.apart ? apartInWorker({ eventStore: 'sqlite', dataDir: dir }) : undefined,
    onProgress: (p) => {
      if (p.projection !== projections[projections.length - 1].name) return;
      const memory = process.memoryUsage();
      rss.push(memory.rss);
      heap.push(memory.heapTotal);
    },
  });
  for (const pragma of values.pragma ?? []) runner.db.exec(`PRAGMA ${pragma}`);
  const wall0 = performance.now();
  const cpu0 = cpuNow();
  const events = await runner.rebuild();
  const cpu = cpuNow() - cpu0;
  const wall = performance.now() - wall0;
  runner.close();
  await store.close();
  for (const f of readModelFiles(target, projections)) rmSync(f, { force: true });
  return { events, wall, cpu, rss, heap };
}

async function main(): Promise<void> {
  for (let round = 1; round <= Number(values.rounds); round++) {
    const base = await rebuild([TRIVIAL_PROJECTION], 'bench-rebuild-trivial');
    const spent = new Map<string, number>();
    const only = values.only?.split(',');
    const chosen = allProjections().filter((p) => !only || only.includes(p.name));
    const projections = values.split ? timed(chosen, spent) : chosen;
    const all = await rebuild(projections, 'bench-rebuild-all');
    const us = (r: Run) => (r.cpu * 1000) / r.events;
    const rate = (r: Run) => (r.events * 1000) / r.wall;
    console.log(
      `round ${round}, ${fmt(all.events)} events: trivial runner ${us(base).toFixed(1)} us CPU/event, ` +
        `${fmt(rate(base))}/s wall; all read models ${us(all).toFixed(1)} us CPU/event, ` +
        `${fmt(rate(all))}/s wall; ratio CPU ${(us(base) / us(all)).toFixed(2)}x, ` +
        `wall ${(rate(all) / rate(base)).toFixed(2)}x the trivial runner`,
    );
    console.log(`  RSS after each batch (MiB): ${all.rss.map(mib).join(' ')}`);
    console.log(`  V8 heap after each batch (MiB): ${all.heap.map(mib).join(' ')}`);
    if (values.split) {
      const parts = [...spent].map(
        ([name, ms]) => `${name} ${((ms * 1000) / all.events).toFixed(1)}`,
      );
      console.log(`  us CPU/event in apply + endBatch: ${parts.join(', ')}`);
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
