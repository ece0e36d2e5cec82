/**
 * Complaint cases benchmark (issue 13): BENCH_COMPLAINTS cases of one inspection with
 * BENCH_COMPLAINT_EVENTS events in all, beside the ledger bench's tasks (BENCH_TASK_EVENTS task
 * events), all written through the real deciders. Measures in-process through the GraphQL executor:
 * complaint list filters and the summary (now and asOf), with the ledger bench's task list filter as
 * the baseline in the same run; and the published table of all 4,000 rows (every batch) in each
 * format, with the rectification-status table of the same number of tasks as the baseline.
 * `npm run bench:complaints`; sizes from env:
 *   BENCH_COMPLAINTS (4000), BENCH_COMPLAINT_EVENTS (40000), BENCH_COMPLAINTS_PER_BATCH (100)
 *   BENCH_TASKS (100000), BENCH_TASK_EVENTS (1000000), BENCH_TASKS_PER_INSPECTION (4000)
 *   BENCH_SAMPLES (1000)   in-process executions per query (after a tenth as warm-up)
 *   BENCH_EXPORTS (5)      renderings of each document per format (the median is reported)
 *   BENCH_DIR, BENCH_DATA  as bench:ledger
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, parse, validate } from 'graphql';
import { complaintSummary, complaintsPage } from '../projections/complaints/complaints.queries.js';
import { allProjections } from '../projections/index.js';
import { tasksPage } from '../projections/tasks/tasks.queries.js';
import { ReadModels } from '../projections/read-models.js';
import { ProjectionRunner, readModelFiles, readModelsReader } from '../projections/runner.js';
import { ReactorRunner } from '../projections/reactors.js';
import { PROJECTION_RUNNER } from '../src/read-side/read-side.module.js';
import type { Actor } from '../src/common/actor.js';
import { FixedClock } from '../src/common/clock.js';
import {
  ENFORCEMENT_COUNTS,
  POLLUTION_TYPES,
  VERIFICATION_RESULTS,
} from '../src/complaints/domain/complaint.catalogue.js';
import type { ComplaintCommand } from '../src/complaints/domain/complaint.commands.js';
import { complaintDecider } from '../src/complaints/domain/complaint.decider.js';
import { complaintIdOf } from '../src/complaints/domain/complaint.ids.js';
import { loadConfig } from '../src/config/config.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { buildDocument } from '../src/exchange/build-document.js';
import { complaintTableSection } from '../src/exchange/complaint-rows.js';
import type { ExportDocument, ExportFormat } from '../src/exchange/export-document.js';
import { resolveSnapshot } from '../src/exchange/snapshot.js';
import { writeDocument } from '../src/exchange/writers/index.js';
import { HashingSink } from '../src/exchange/writers/sink.js';
import { createApp } from '../src/main.js';
import { fmt, latencies, ms, num, seconds, type Latency } from './bench-env.js';
import { BENCH_NOW, inspectionIdOf, write, writeInspections, writeTasks } from './ledger-data.js';

const COMPLAINTS = num('BENCH_COMPLAINTS', 4000);
const COMPLAINT_EVENTS = num('BENCH_COMPLAINT_EVENTS', 40_000);
const PER_BATCH = num('BENCH_COMPLAINTS_PER_BATCH', 100);
const TASKS = num('BENCH_TASKS', 100_000);
const TASK_EVENTS = num('BENCH_TASK_EVENTS', 1_000_000);
const PER_INSPECTION = num('BENCH_TASKS_PER_INSPECTION', 4000);
const SAMPLES = num('BENCH_SAMPLES', 1000);
const EXPORTS = num('BENCH_EXPORTS', 5);
const INSPECTIONS = Math.ceil(TASKS / PER_INSPECTION);
const INSPECTION = 'bench-complaints';
const BATCHES = Math.ceil(COMPLAINTS / PER_BATCH);

const kept = process.env.BENCH_DATA;
const dir =
  kept ?? mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'taizhang-bench-complaints-'));

const REGIONS = [
  ['360100', '南昌市'],
  ['360200', '景德镇市'],
  ['360300', '萍乡市'],
  ['360400', '九江市'],
  ['360500', '新余市'],
  ['360600', '鹰潭市'],
  ['360700', '赣州市'],
  ['360800', '吉安市'],
  ['360900', '宜春市'],
  ['361000', '抚州市'],
  ['361100', '上饶市'],
] as const;
const SITES = ['鄱阳湖', '赣江', '抚河', '信江', '饶河', '修河', '袁河', '锦江'];
const office: Actor = {
  id: 'bench-office',
  name: '督察办',
  roles: ['INSPECTION_OFFICE'],
  organisation: '省督察办',
};

/** Case i's commands: its handover, then as far along its lifecycle as i says, padded with corrections. */
function complaintScript(i: number, length: number): ComplaintCommand[] {
  const [code, city] = REGIONS[i % REGIONS.length];
  const trackingNumber = `${i % 2 ? 'X' : 'D'}3JX2024${String(i).padStart(8, '0')}`;
  const batch = 1 + Math.floor(i / PER_BATCH);
  const result = VERIFICATION_RESULTS[i % VERIFICATION_RESULTS.length];
  const steps: ComplaintCommand[] = [
    {
      type: 'HandOverComplaint',
      complaintId: complaintIdOf(INSPECTION, trackingNumber),
      inspectionId: INSPECTION,
      batch,
      handedOverOn: '2024-05-08',
      trackingNumber,
      channel: i % 2 ? 'LETTER' : 'PHONE',
      keyAttention: i % 7 === 0,
      duplicateOf: i % 50 === 49 ? `D3JX2024${String(i - 1).padStart(8, '0')}` : null,
      regionCode: code,
      regionName: city,
      pollutionTypes: [POLLUTION_TYPES[i % 8], POLLUTION_TYPES[(i * 3) % 8]],
      description: `（基准测试数据）${city}${SITES[i % SITES.length]}沿岸某企业偷排，群众反映 ${i}`,
      handedTo: `${city}人民政府`,
      replyDueOn: '2024-05-18',
    },
  ];
  const stage = i % 6; // 0 handed over, 1 investigating, 2 verified, 3 handled, 4 stages, 5 closed
  if (stage >= 1) steps.push({ type: 'StartComplaintInvestigation' });
  if (stage >= 2)
    steps.push({ type: 'RecordComplaintVerification', result, findings: `调查核实情况 ${i}` });
  if (stage >= 3)
    steps.push({
      type: 'RecordComplaintHandling',
      handling: `责令整改 ${i}`,
      accountability: null,
    });
  const enforcement = (k: number): ComplaintCommand => ({
    type: 'RecordComplaintEnforcement',
    ...(Object.fromEntries(ENFORCEMENT_COUNTS.map((c) => [c.key, (i + k) % 3])) as Record<
      (typeof ENFORCEMENT_COUNTS)[number]['key'],
      number
    >),
    fineYuan: 10_000 * ((i + k) % 20),
  });
  // Padding while the case is open: enforcement figures re-recorded (stage >= 2) or tasks linked.
  const closing: ComplaintCommand[] = [];
  if (stage === 4)
    closing.push({
      type: 'CloseComplaintInStages',
      remaining: '尚需生态修复',
      remainingDueOn: '2025-06-30',
    });
  if (stage === 5) closing.push({ type: 'CloseComplaint', summary: null });
  let k = 0;
  while (steps.length + closing.length < length) {
    steps.push(
      stage >= 2
        ? enforcement(k)
        : {
            type: 'LinkComplaintTasks',
            taskIds: [`bench-${String((i * 31 + k) % TASKS).padStart(7, '0')}`],
          },
    );
    k++;
  }
  return [...steps, ...closing];
}

/** One month of handling, a case's k-th event a little later than its (k-1)-th. */
const complaintTime = (i: number, k: number): string =>
  new Date(Date.parse('2024-05-08T02:00:00.000Z') + k * 3 * 86_400_000 + i * 1000).toISOString();

async function setUp(): Promise<void> {
  const marker = join(dir, 'bench-complaints.json');
  const sizes = JSON.stringify({
    COMPLAINTS,
    COMPLAINT_EVENTS,
    PER_BATCH,
    TASKS,
    TASK_EVENTS,
    PER_INSPECTION,
  });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === sizes) {
    // Kept data: bring the read models up to this build's projections (a bumped version rebuilds).
    const start = process.hrtime.bigint();
    const store = new SqliteEventStore(join(dir, 'events.db'));
    const runner = new ProjectionRunner(store, allProjections(), join(dir, 'readmodels.db'), {
      batchSize: 5000,
    });
    await runner.catchUp();
    runner.close();
    await store.close();
    console.error(`  read models caught up in ${fmt(seconds(start))} s`);
    return;
  }
  rmSync(join(dir, 'events.db'), { force: true });
  for (const f of readModelFiles(join(dir, 'readmodels.db'), allProjections()))
    rmSync(f, { force: true });
  let start = process.hrtime.bigint();
  const writer = new SqliteEventStore(join(dir, 'events.db'), { synchronous: 'OFF' });
  await writeInspections(writer, INSPECTIONS);
  await writeTasks(writer, TASKS, TASK_EVENTS, PER_INSPECTION, 64, (done) => {
    if (done % 20_000 === 0) console.error(`  wrote ${fmt(done)} tasks, ${fmt(seconds(start))} s`);
  });
  const perCase = Math.floor(COMPLAINT_EVENTS / COMPLAINTS);
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < COMPLAINTS) {
        const i = next++;
        const script = complaintScript(i, perCase);
        const actorFor = (c: ComplaintCommand): Actor =>
          [
            'HandOverComplaint',
            'CloseComplaint',
            'CloseComplaintInStages',
            'LinkComplaintTasks',
          ].includes(c.type)
            ? office
            : {
                id: `bench-city-${i % 11}`,
                name: '市政府',
                roles: ['CITY_GOVERNMENT'],
                organisation: `${REGIONS[i % REGIONS.length][1]}人民政府`,
              };
        await write(
          writer,
          complaintDecider,
          complaintIdOf(INSPECTION, `${i % 2 ? 'X' : 'D'}3JX2024${String(i).padStart(8, '0')}`),
          script.map((command, k) => ({
            command,
            actor: actorFor(command),
            at: complaintTime(i, k),
            commandId: `bench-complaint-${i}-${k}`,
          })),
        );
      }
    }),
  );
  await writer.close();
  console.error(`  wrote events in ${fmt(seconds(start))} s`);
  start = process.hrtime.bigint();
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const runner = new ProjectionRunner(store, allProjections(), join(dir, 'readmodels.db'), {
    batchSize: 5000,
  });
  await runner.catchUp();
  runner.close();
  await store.close();
  console.error(`  projected in ${fmt(seconds(start))} s`);
  writeFileSync(marker, sizes);
}

let rnd = 20240508;
const pick = (n: number): number => {
  rnd = (rnd * 1103515245 + 12345) % 2147483648;
  return rnd % n;
};

const LIST = `query($f: ComplaintCaseFilter) { complaintCases(filter: $f, first: 20) { totalCount
  pageInfo { hasNextPage endCursor } edges { cursor node { id complaintId trackingNumber status batch
  regionName pollutionTypes verification { result } } } } }`;
const SUMMARY = `query($i: ID!, $asOf: DateTime) { complaintSummary(inspectionId: $i, asOf: $asOf) {
  handedOver closed closedInStages inProgress byVerification { result cases }
  byPollutionType { pollutionType cases } byRegion { regionCode cases closed } byBatch { batch cases }
  enforcement { orderedToRectify penaltyCases fineYuan summonedTalks peopleHeldAccountable } } }`;
const TASKS_LIST = `query($f: TaskFilter) { tasks(filter: $f, first: 20) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id taskId title status deadline overdue leadUnit regionName scheduleStatus } } } }`;

const filters: [string, () => Record<string, unknown>][] = [
  ['{inspectionId}', () => ({})],
  ['{batch}', () => ({ batch: 1 + pick(BATCHES) })],
  [
    '{status}',
    () => ({
      status: ['HANDED_OVER', 'INVESTIGATING', 'VERIFIED', 'HANDLED', 'CLOSED_IN_STAGES', 'CLOSED'][
        pick(6)
      ],
    }),
  ],
  ['{verificationResult}', () => ({ verificationResult: VERIFICATION_RESULTS[pick(4)] })],
  ['{pollutionType}', () => ({ pollutionType: POLLUTION_TYPES[pick(8)] })],
  ['{regionCode: a city}', () => ({ regionCode: REGIONS[pick(REGIONS.length)][0] })],
  ['{overdueReply: true}', () => ({ overdueReply: true })],
  ['{overdueReply: false}', () => ({ overdueReply: false })],
  ['{keyAttention: true}', () => ({ keyAttention: true })],
  ['{text}', () => ({ text: SITES[pick(SITES.length)] })],
  // One character has no character pair to look up: the narrow search table answers it.
  ['{text: one character}', () => ({ text: '湖' })],
  ['{text, no match}', () => ({ text: '不存在的地名' })],
  [
    '{status, regionCode, pollutionType}',
    () => ({
      status: 'CLOSED',
      regionCode: REGIONS[pick(REGIONS.length)][0],
      pollutionType: POLLUTION_TYPES[pick(8)],
    }),
  ],
];

// Wall time and this process's CPU time: on a shared machine the wall time includes waiting
// for a core, the CPU time is the work the export itself does.
const render = async (doc: ExportDocument, format: ExportFormat) => {
  const times: number[] = [];
  const cpus: number[] = [];
  let size = 0;
  for (let n = 0; n < EXPORTS; n++) {
    const sink = new HashingSink();
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    await writeDocument(doc, format, sink);
    const used = process.cpuUsage(cpu);
    times.push(seconds(start) * 1000);
    cpus.push((used.user + used.system) / 1000);
    size = sink.size;
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { ms: median(times), cpu: median(cpus), size };
};

async function exportTable(complaintsDoc: ExportDocument, taskDoc: ExportDocument) {
  console.log(
    `\n| export (median of ${EXPORTS}) | ${fmt(COMPLAINTS)} complaint rows: wall ms / CPU ms | ${fmt(Math.min(PER_INSPECTION, TASKS))} task rows (baseline): wall ms / CPU ms | ratio (wall) |`,
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const format of ['xlsx', 'csv', 'md', 'html'] as const) {
    const c = await render(complaintsDoc, format);
    const t = await render(taskDoc, format);
    console.log(
      `| ${format} | ${ms(c.ms)} / ${ms(c.cpu)} (${fmt(c.size / 1024)} KiB) | ${ms(t.ms)} / ${ms(t.cpu)} | ${(c.ms / t.ms).toFixed(2)} |`,
    );
  }
}

async function main(): Promise<void> {
  console.error(
    `bench dir ${dir}: ${fmt(COMPLAINTS)} complaints / ${fmt(COMPLAINT_EVENTS)} events beside ${fmt(TASKS)} tasks / ${fmt(TASK_EVENTS)} task events`,
  );
  await setUp();
  if (process.env.BENCH_READ_MODELS_ONLY === 'true') return readModelsOnly();
  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    TAIZHANG_DEMO: 'false',
  });
  const app: INestApplication = await createApp(config, {
    clock: new FixedClock(new Date(BENCH_NOW)),
  });
  try {
    // Measured at rest: the workflows (sub-item roll-up, spot checks) have caught up with a store
    // written behind their back, as they have on a server that has been running.
    const settle = process.hrtime.bigint();
    const head = await app.get<ProjectionRunner>(PROJECTION_RUNNER).head();
    if (!(await app.get(ReactorRunner).reachAll(head, 30 * 60_000)))
      throw new Error('the reactors did not catch up within 30 minutes');
    console.error(`  reactors caught up in ${seconds(settle).toFixed(0)} s`);
    const schema = app.get(GraphQLSchemaHost).schema;
    const auditor: Actor = {
      id: 'bench-auditor',
      name: '审计员',
      roles: ['AUDITOR'],
      organisation: '省审计厅',
    };
    const run = (text: string, vars: () => Record<string, unknown>) => {
      const document = parse(text);
      const invalid = validate(schema, document);
      if (invalid.length) throw new Error(invalid.map((e) => e.message).join('; '));
      return async () => {
        const result = await execute({
          schema,
          document,
          variableValues: vars(),
          contextValue: { actor: auditor },
        });
        if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
      };
    };
    const rows: ({ name: string } & Latency)[] = [];
    const measure = async (name: string, once: () => Promise<void>) => {
      const l = await latencies(SAMPLES, once);
      rows.push({ name, ...l });
      console.error(
        `  ${name}: p50 ${ms(l.p50)} p99 ${ms(l.p99)} ms; CPU ${ms(l.cpuMean)} ms a call`,
      );
    };
    // The baseline first and last: the ledger bench's task list filter on the same database.
    const baseline = run(TASKS_LIST, () => ({
      f: { inspectionId: inspectionIdOf(pick(INSPECTIONS)), status: ['IN_PROGRESS'] },
    }));
    await measure('baseline: tasks {inspectionId, status}', baseline);
    for (const [name, filter] of filters) {
      await measure(
        `complaintCases ${name}`,
        run(LIST, () => ({ f: { inspectionId: INSPECTION, ...filter() } })),
      );
    }
    await measure(
      'complaintSummary (now)',
      run(SUMMARY, () => ({ i: INSPECTION })),
    );
    await measure(
      'complaintSummary (asOf, mid-handling)',
      run(SUMMARY, () => ({ i: INSPECTION, asOf: complaintTime(pick(COMPLAINTS), 1 + pick(4)) })),
    );
    await measure(
      'complaintSummary (asOf, after all)',
      run(SUMMARY, () => ({ i: INSPECTION, asOf: '2024-12-31T00:00:00.000Z' })),
    );
    await measure('baseline again: tasks {inspectionId, status}', baseline);
    const base = Math.max(rows[0].p99, rows[rows.length - 1].p99);

    console.log(`\n## bench:complaints (${new Date().toISOString().slice(0, 10)})\n`);
    console.log(
      `${fmt(COMPLAINTS)} complaint cases, ${fmt(COMPLAINT_EVENTS)} events, ${BATCHES} batches in one inspection, beside ${fmt(TASKS)} tasks and ${fmt(TASK_EVENTS)} task events; in-process through the GraphQL executor, ${fmt(SAMPLES)} samples each; baseline = the task list filter, p99 ${ms(base)} ms (the worse of two runs).\n`,
    );
    console.log('| query | p50 ms | p99 ms | p99 / baseline | CPU ms a call |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const r of rows)
      console.log(
        `| ${r.name} | ${ms(r.p50)} | ${ms(r.p99)} | ${(r.p99 / base).toFixed(2)} | ${ms(r.cpuMean)} |`,
      );

    // Exports: every batch table of the inspection (all rows) vs the rectification-status table of
    // an inspection of tasks, the same number of rows where the sizes allow.
    const db = app.get(ReadModels).database;
    const snapshot = resolveSnapshot(db);
    const complaintsDoc: ExportDocument = {
      kind: 'complaint-table',
      title: 'bench',
      subtitle: 'bench',
      snapshot,
      sections: [complaintTableSection(db, snapshot, INSPECTION)],
    };
    const taskDoc = buildDocument(db, {
      kind: 'rectification-status',
      snapshot,
      inspectionId: inspectionIdOf(0),
    });
    await exportTable(complaintsDoc, taskDoc);
  } finally {
    await app.close();
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * BENCH_READ_MODELS_ONLY=true: the same queries and exports straight on the read-model database,
 * without the app (whose start over 10^6 events takes minutes on a loaded machine) or the GraphQL
 * executor; the baseline is the task list filter's query on the same database.
 */
async function readModelsOnly(): Promise<void> {
  const db = readModelsReader(join(dir, 'readmodels.db'), allProjections());
  const today = BENCH_NOW.slice(0, 10);
  const rows: ({ name: string } & Latency)[] = [];
  const measure = async (name: string, once: () => void) => {
    const l = await latencies(SAMPLES, () => Promise.resolve(once()));
    rows.push({ name, ...l });
    console.error(
      `  ${name}: p50 ${ms(l.p50)} p99 ${ms(l.p99)} ms; CPU ${ms(l.cpuMean)} ms a call`,
    );
  };
  const baseline = () => {
    const page = tasksPage(
      db,
      { inspectionId: inspectionIdOf(pick(INSPECTIONS)), status: ['IN_PROGRESS'] },
      'NUMBER',
      20,
      undefined,
      BENCH_NOW,
    );
    page.totalCount();
  };
  await measure('baseline: tasks {inspectionId, status}', baseline);
  for (const [name, filter] of filters) {
    await measure(`complaintCases ${name}`, () => {
      const page = complaintsPage(db, { inspectionId: INSPECTION, ...filter() }, today, 20);
      page.totalCount();
    });
  }
  await measure('complaintSummary (now)', () => complaintSummary(db, INSPECTION));
  await measure('complaintSummary (asOf, mid-handling)', () =>
    complaintSummary(db, INSPECTION, complaintTime(pick(COMPLAINTS), 1 + pick(4))),
  );
  await measure('complaintSummary (asOf, after all)', () =>
    complaintSummary(db, INSPECTION, '2024-12-31T00:00:00.000Z'),
  );
  await measure('baseline again: tasks {inspectionId, status}', baseline);
  const base = Math.max(rows[0].p99, rows[rows.length - 1].p99);
  console.log(
    `\n## bench:complaints, read models only (${new Date().toISOString().slice(0, 10)})\n`,
  );
  console.log(`baseline p99 ${ms(base)} ms; ${fmt(SAMPLES)} samples each\n`);
  console.log('| query | p50 ms | p99 ms | p99 / baseline | CPU ms a call |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of rows)
    console.log(
      `| ${r.name} | ${ms(r.p50)} | ${ms(r.p99)} | ${(r.p99 / base).toFixed(2)} | ${ms(r.cpuMean)} |`,
    );
  const snapshot = resolveSnapshot(db);
  await exportTable(
    {
      kind: 'complaint-table',
      title: 'bench',
      subtitle: 'bench',
      snapshot,
      sections: [complaintTableSection(db, snapshot, INSPECTION)],
    },
    buildDocument(db, { kind: 'rectification-status', snapshot, inspectionId: inspectionIdOf(0) }),
  );
  db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
