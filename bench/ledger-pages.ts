/**
 * Pages of the ledger with field changes (issue 16): the global log and a record's history, over the
 * read models bench:scale kept, against the per-record fold they used before (one checkpoint read
 * and one entries read per record on the page), measured in the same run on the same pages.
 *   npm run bench:scale -- --events 30000 --dir D --keep
 *   npm run bench:ledger-pages -- --dir D [--samples 300] [--against OTHER/dist]
 * `--against` also times another build's pages, one call of each in turn on the same pages, with
 * their answers compared: the `dist` of an earlier commit copied into a folder of this checkout, so
 * it finds the same node_modules (`git checkout OLD && npm run build && cp -r dist .before/dist`,
 * then back and build again; `.before/` is ignored by git).
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { FieldChange } from '../projections/ledger/field-changes.js';
import { fieldChanges } from './ledger-pages-baseline.js';
import { CHECKPOINT_EVERY, foldStates, kindOf } from '../projections/ledger/ledger.projection.js';
import { ledgerPage, type LedgerEntryRow } from '../projections/ledger/ledger.queries.js';
import { RECORD_KINDS } from '../projections/ledger/record-kinds.js';
import { allProjections } from '../projections/index.js';
import { readModelsReader } from '../projections/runner.js';
import { percentile } from './bench-env.js';

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    samples: { type: 'string', default: '300' },
    against: { type: 'string' },
  },
});
if (!values.dir) throw new Error('--dir: a directory bench:scale wrote with --keep');
const SAMPLES = Number(values.samples);
const db = readModelsReader(join(values.dir, 'readmodels.db'), allProjections());

/** The changes as the ledger computed them before: a fold per record on the page, two reads each. */
function baselineChanges(entries: readonly LedgerEntryRow[]): FieldChange[][] {
  const out = new Map<LedgerEntryRow, FieldChange[]>();
  const byStream = new Map<string, LedgerEntryRow[]>();
  for (const e of entries) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
  for (const [streamId, list] of byStream) {
    const kind = kindOf(RECORD_KINDS, streamId);
    if (!kind) continue;
    list.sort((a, b) => a.version - b.version);
    let i = 0;
    while (i < list.length) {
      let j = i;
      while (j + 1 < list.length && list[j + 1].version - list[j].version <= CHECKPOINT_EVERY) j++;
      const from = list[i].version - 1;
      const states = foldStates(db, kind, streamId, from, list[j].version);
      for (let k = i; states && k <= j; k++) {
        const v = list[k].version - from;
        out.set(list[k], fieldChanges(states[v - 1], states[v], '', kind.windows));
      }
      i = j + 1;
    }
  }
  return entries.map((e) => out.get(e) ?? []);
}

let seed = 22;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
};
const { n: events } = db.prepare('SELECT MAX(position) AS n FROM ledger_entries').get() as {
  n: number;
};
const tasks = (
  db
    .prepare(
      `SELECT stream_id FROM ledger_entries WHERE stream_id >= 'task-' AND stream_id < 'task.'
       GROUP BY stream_id`,
    )
    .all() as { stream_id: string }[]
).map((r) => r.stream_id);
if (tasks.length === 0) throw new Error('no task in the store');

const pages: [string, () => LedgerEntryRow[]][] = [
  [
    'ledger (global, 50 after a position)',
    () => ledgerPage(db, {}, 50, BigInt(rnd(events))).entries,
  ],
  ['history (first 50)', () => ledgerPage(db, { streamId: tasks[rnd(tasks.length)] }, 50).entries],
];
const time = (run: () => void): number[] => {
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now();
    run();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
};
const line = (t: number[]) =>
  `p50 ${percentile(t, 50).toFixed(2)} ms, p99 ${percentile(t, 99).toFixed(2)} ms`;
console.log(`ledger pages with changes over ${events} events, ${SAMPLES} samples each:`);
for (const [name, page] of pages) {
  // The same pages both ways: the sample's seed is replayed.
  const start = seed;
  for (const e of page()) void e.changes;
  seed = start;
  const before = time(() => baselineChanges(page()));
  seed = start;
  const after = time(() => page().map((e) => e.changes.length));
  // Same answers, or the figures mean nothing.
  seed = start;
  for (let i = 0; i < 50; i++) {
    const entries = page();
    if (JSON.stringify(baselineChanges(entries)) !== JSON.stringify(entries.map((e) => e.changes)))
      throw new Error(`${name}: changes differ at position ${entries[0]?.position}`);
  }
  console.log(
    `  ${name.padEnd(38)} before ${line(before)}; after ${line(after)}; ` +
      `p50 ${(percentile(before, 50) / percentile(after, 50)).toFixed(2)}x faster`,
  );
}
type Queries = typeof import('../projections/ledger/ledger.queries.js');

async function against(dist: string): Promise<void> {
  const other = (await import(
    pathToFileURL(resolve(dist, 'projections/ledger/ledger.queries.js')).href
  )) as Queries;
  const builds: [string, Queries['ledgerPage']][] = [
    ['this build', ledgerPage],
    [dist, other.ledgerPage],
  ];
  const answer = (entries: LedgerEntryRow[]) =>
    JSON.stringify(
      entries.map((e) => [e.position, e.type, e.actor, e.data, e.changes]),
      (_, v) => (typeof v === 'bigint' ? String(v) : v),
    );
  const readers: [string, (page: Queries['ledgerPage']) => LedgerEntryRow[]][] = [
    [
      'ledger (global, 50 after a position)',
      (page) => page(db, {}, 50, BigInt(rnd(events))).entries,
    ],
    ['history (first 50)', (page) => page(db, { streamId: tasks[rnd(tasks.length)] }, 50).entries],
  ];
  console.log(`this build against ${dist}, in turn on the same pages:`);
  for (const [name, read] of readers) {
    const times: number[][] = [[], []];
    for (let i = 0; i < SAMPLES; i++) {
      const start = seed;
      const answers: string[] = [];
      // Which build goes first alternates, so neither always meets the other's warmed caches.
      for (const b of i % 2 ? [1, 0] : [0, 1]) {
        seed = start;
        const t = performance.now();
        const entries = read(builds[b][1]);
        for (const e of entries) void e.changes.length;
        times[b].push(performance.now() - t);
        answers[b] = answer(entries);
      }
      if (answers[0] !== answers[1]) throw new Error(`${name}: the builds answer differently`);
    }
    const [mine, theirs] = times.map((t) => t.sort((a, b) => a - b));
    console.log(
      `  ${name.padEnd(38)} other ${line(theirs)}; this ${line(mine)}; ` +
        `p50 ${(percentile(theirs, 50) / percentile(mine, 50)).toFixed(2)}x, ` +
        `p99 ${(percentile(theirs, 99) / percentile(mine, 99)).toFixed(2)}x`,
    );
  }
}

void (values.against ? against(values.against) : Promise.resolve()).then(() => db.close());
