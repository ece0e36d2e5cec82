/**
 * Ledger read and write benchmark (issue 3): query latency in-process through the GraphQL executor and
 * over HTTP, and mutations per second over HTTP against a bare query, on one embedded store of
 * BENCH_TASKS tasks and BENCH_EVENTS events. `npm run bench:ledger`; sizes from env:
 *   BENCH_TASKS (100000)              rectification tasks, BENCH_TASKS_PER_INSPECTION (2000) per inspection
 *   BENCH_EVENTS (1000000)            task events in all (10 per task by default)
 *   BENCH_SAMPLES (2000)              in-process executions per query (after BENCH_SAMPLES / 10 warm-up)
 *   BENCH_HTTP_SAMPLES (500)          sequential HTTP requests per query, one keep-alive connection
 *   BENCH_CLIENTS (16)                concurrent HTTP clients for the throughput measures
 *   BENCH_BARE (3000), BENCH_MUTATIONS (1000)  requests per round, BENCH_ROUNDS (3) alternating rounds
 *   BENCH_DIR (os temp dir)           where the data goes (removed afterwards)
 *   BENCH_DATA (unset)                a directory to keep the data in and reuse on the next run
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { allProjections } from '../projections/index.js';
import { ProjectionRunner, readModelBytes, readModelFiles } from '../projections/runner.js';
import type { Actor } from '../src/common/actor.js';
import { loadOrCreateSigningKey, mintToken } from '../src/auth/tokens.js';
import { FixedClock } from '../src/common/clock.js';
import { loadConfig } from '../src/config/config.js';
import { SqliteEventStore } from '../src/event-store/sqlite-event-store.js';
import { createApp } from '../src/main.js';
import {
  BENCH_NOW,
  SITES,
  eventTime,
  inspectionIdOf,
  shapeOf,
  taskIdOf,
  writeInspections,
  writeTasks,
} from './ledger-data.js';
import { fmt, latencies, ms, num, seconds, type Latency } from './bench-env.js';
import { mulberry32 } from '../src/common/seeded-sample.js';

const TASKS = num('BENCH_TASKS', 100_000);
const EVENTS = num('BENCH_EVENTS', 1_000_000);
const PER_INSPECTION = num('BENCH_TASKS_PER_INSPECTION', 2000);
const SAMPLES = num('BENCH_SAMPLES', 2000);
const HTTP_SAMPLES = num('BENCH_HTTP_SAMPLES', 500);
const CLIENTS = num('BENCH_CLIENTS', 16);
const BARE = num('BENCH_BARE', 3000);
const MUTATIONS = num('BENCH_MUTATIONS', 1000);
const ROUNDS = num('BENCH_ROUNDS', 3);
if (EVENTS < 2 * TASKS)
  throw new Error('BENCH_EVENTS must be at least 2 * BENCH_TASKS (list and assign)');
const INSPECTIONS = Math.ceil(TASKS / PER_INSPECTION);
const EVENTS_PER_TASK = Math.floor(EVENTS / TASKS);

const kept = process.env.BENCH_DATA;
const dir = kept ?? mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'taizhang-bench-ledger-'));
const mb = (file: string): string => `${(statSync(file).size / 1024 / 1024).toFixed(0)} MiB`;
/** The read models' files (the ledger's own too) with their logs: the size the bench reports. */
const modelsMb = (file: string): string =>
  `${(readModelBytes(file, allProjections()) / 1024 / 1024).toFixed(0)} MiB`;

const rnd = mulberry32(20240821);
const pick = (n: number): number => Math.floor(rnd() * n);

const setupRows: { name: string; count: number; seconds: number }[] = [];

/** Writes the events (sync OFF: set-up only) and lets the projection runner catch up. */
async function setUp(): Promise<void> {
  const marker = join(dir, 'bench-ledger.json');
  const sizes = JSON.stringify({ TASKS, EVENTS, PER_INSPECTION });
  if (existsSync(marker) && readFileSync(marker, 'utf8') === sizes) {
    console.error(`reusing ${dir}`);
    return;
  }
  rmSync(join(dir, 'events.db'), { force: true });
  for (const f of readModelFiles(join(dir, 'readmodels.db'), allProjections()))
    rmSync(f, { force: true });
  const file = join(dir, 'events.db');
  let start = process.hrtime.bigint();
  const writer = new SqliteEventStore(file, { synchronous: 'OFF' });
  await writeInspections(writer, INSPECTIONS);
  await writeTasks(writer, TASKS, EVENTS, PER_INSPECTION, 64, (done) => {
    if (done % 10_000 === 0) console.error(`  wrote ${fmt(done)} tasks, ${fmt(seconds(start))} s`);
  });
  await writer.close();
  setupRows.push({
    name: 'write events: decide + store.append, 64 writers, sync OFF',
    count: EVENTS + INSPECTIONS,
    seconds: seconds(start),
  });
  console.error(`  events file ${mb(file)}`);

  start = process.hrtime.bigint();
  const store = new SqliteEventStore(file);
  const runner = new ProjectionRunner(store, allProjections(), join(dir, 'readmodels.db'), {
    batchSize: 5000,
    onProgress: (p) => {
      if (p.projection === 'ledger' && p.position % 100_000n < 5000n)
        console.error(
          `  projected ${fmt(Number(p.position))} / ${fmt(Number(p.head))}, ${fmt(seconds(start))} s`,
        );
    },
  });
  const applied = await runner.catchUp();
  runner.close();
  await store.close();
  setupRows.push({
    name: 'projection runner catch-up (all projections)',
    count: applied,
    seconds: seconds(start),
  });
  console.error(`  read models files ${modelsMb(join(dir, 'readmodels.db'))}`);
  writeFileSync(marker, sizes);
}

interface Query {
  readonly name: string;
  readonly text: string;
  readonly variables: () => Record<string, unknown>;
}

const TASK_FIELDS = `id taskId version status title problem inspectionId number leadUnit acceptanceUnit regionCode
  regionName category deadline overdue done scheduleStatus updatedAt allowedNext
  responsibleLeader { name position } progressReports { at scheduleStatus summary }`;
const randomTask = (): number => pick(TASKS);
const cityCode = (): string => shapeOf(randomTask(), PER_INSPECTION).cityCode;

const QUERIES: Query[] = [
  {
    name: 'task',
    text: `query($id: ID!) { task(id: $id) { ${TASK_FIELDS} } }`,
    variables: () => ({ id: taskIdOf(randomTask()) }),
  },
  {
    name: 'task(asOf:)',
    text: `query($id: ID!, $asOf: DateTime) { task(id: $id, asOf: $asOf) { ${TASK_FIELDS} asOf } }`,
    variables: () => {
      const i = randomTask();
      return { id: taskIdOf(i), asOf: eventTime(i, 1 + pick(EVENTS_PER_TASK - 1)) };
    },
  },
  {
    name: 'history (first page of 50)',
    text: `query($s: String!) { history(streamId: $s, first: 50) { totalCount pageInfo { hasNextPage endCursor }
      edges { node { position version type recordedAt reason actor { id name organisation }
      changes { field before after } hash prevHash } } } }`,
    variables: () => ({ s: `task-${taskIdOf(randomTask())}` }),
  },
  ...[
    [
      'tasks {inspectionId, status: IN_PROGRESS}',
      () => ({ inspectionId: inspectionIdOf(pick(INSPECTIONS)), status: ['IN_PROGRESS'] }),
    ],
    [
      'tasks {regionCode: a city, overdue: true}',
      () => ({ regionCode: cityCode(), overdue: true }),
    ],
    [
      'tasks {inspectionId, text}',
      () => ({ inspectionId: inspectionIdOf(pick(INSPECTIONS)), text: SITES[pick(SITES.length)] }),
    ],
    ['tasks {text} across all inspections', () => ({ text: SITES[pick(SITES.length)] })],
  ].map(([name, filter]) => ({
    name: name as string,
    text: `query($f: TaskFilter) { tasks(filter: $f, first: 20) { totalCount pageInfo { hasNextPage endCursor }
      edges { cursor node { id taskId title status deadline overdue leadUnit regionName scheduleStatus } } } }`,
    variables: () => ({ f: (filter as () => unknown)() }),
  })),
  ...(['REGION', 'STATUS'] as const).map((groupBy) => ({
    name: `board groupBy ${groupBy}`,
    text: `query($i: ID!) { board(inspectionId: $i, groupBy: ${groupBy}) { at
      totals { total done inProgress overdue behindSchedule reopened }
      groups { key label total done inProgress overdue behindSchedule reopened } } }`,
    variables: () => ({ i: inspectionIdOf(pick(INSPECTIONS)) }),
  })),
  {
    name: 'board groupBy LEAD_UNIT, asOf',
    text: `query($i: ID!, $asOf: DateTime) { board(inspectionId: $i, groupBy: LEAD_UNIT, asOf: $asOf) { at
      totals { total done inProgress overdue behindSchedule reopened }
      groups { key label total done inProgress overdue behindSchedule reopened } } }`,
    variables: () => ({ i: inspectionIdOf(pick(INSPECTIONS)), asOf: '2024-11-15T00:00:00.000Z' }),
  },
];

function inProcess(schema: GraphQLSchema, actor: Actor) {
  return async (document: DocumentNode, variables: Record<string, unknown>): Promise<void> => {
    const result = await execute({
      schema,
      document,
      variableValues: variables,
      contextValue: { actor },
    });
    if (result.errors?.length) throw new Error(`in-process: ${JSON.stringify(result.errors)}`);
  };
}

function overHttp(url: string, token: string) {
  return async (
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Record<string, unknown>> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    if (res.status !== 200 || body.errors?.length)
      throw new Error(`HTTP ${res.status}: ${JSON.stringify(body.errors)}`);
    return body.data!;
  };
}

/** `total` requests shared by CLIENTS concurrent clients; returns requests per second. */
async function throughput(
  total: number,
  request: (n: number) => Promise<unknown>,
): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (next < total) await request(next++);
    }),
  );
  return total / seconds(start);
}

async function main(): Promise<void> {
  console.error(
    `bench dir ${dir}: ${fmt(TASKS)} tasks, ${fmt(EVENTS)} task events, ${fmt(INSPECTIONS)} inspections`,
  );
  await setUp();

  const config = loadConfig({
    DATA_DIR: dir,
    PORT: '0',
    HOST: '127.0.0.1',
    TAIZHANG_DEMO: 'false',
    // The per-actor rate limit would otherwise measure itself: lifted for this run only.
    RATE_LIMIT_BURST: '1000000000',
    RATE_LIMIT_PER_MINUTE: '1000000000',
    // The load comes from one loopback address: the per-address limit must not be what is measured.
    ADDRESS_RATE_LIMIT_BURST: '1000000000',
    ADDRESS_RATE_LIMIT_PER_MINUTE: '1000000000',
  });
  const start = process.hrtime.bigint();
  const app: INestApplication = await createApp(config, {
    clock: new FixedClock(new Date(BENCH_NOW)),
  });
  await app.listen(0, '127.0.0.1');
  // Node closes idle keep-alive sockets after 5 s; the in-process phase between HTTP phases is
  // longer, and a request racing that close fails with ECONNRESET. 65 s, as behind a load balancer.
  (app.getHttpServer() as { keepAliveTimeout: number }).keepAliveTimeout = 65_000;
  console.error(`app started in ${seconds(start).toFixed(1)} s`);
  try {
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/graphql`;
    const schema = app.get(GraphQLSchemaHost).schema;
    const key = loadOrCreateSigningKey(dir);
    const auditor: Actor = {
      id: 'bench-auditor',
      name: '审计员',
      roles: ['AUDITOR'],
      organisation: '省审计厅',
    };
    const auditorToken = await mintToken(key, {
      subject: auditor.id,
      name: auditor.name,
      roles: auditor.roles,
      organisation: auditor.organisation,
    });
    const run = inProcess(schema, auditor);
    const post = overHttp(url, auditorToken);

    const results: { name: string; local: Latency; http: Latency }[] = [];
    for (const q of QUERIES) {
      const document = parse(q.text);
      const invalid = validate(schema, document);
      if (invalid.length) throw new Error(`${q.name}: ${invalid.map((e) => e.message).join('; ')}`);
      const local = await latencies(SAMPLES, () => run(document, q.variables()));
      const http = await latencies(HTTP_SAMPLES, () =>
        post(q.text, q.variables()).then(() => undefined),
      );
      results.push({ name: q.name, local, http });
      console.error(
        `  ${q.name}: in-process p50 ${ms(local.p50)} p99 ${ms(local.p99)}; HTTP p50 ${ms(http.p50)} p99 ${ms(http.p99)} ms`,
      );
    }

    // Throughput: a bare query and reportProgress, alternating rounds; each mutation on its own
    // in-progress task, sent with the token of the task's lead unit (an implementing entity).
    const inProgress: number[] = [];
    for (let i = 0; inProgress.length < ROUNDS * MUTATIONS && i < TASKS; i++)
      if (shapeOf(i, PER_INSPECTION).kind === 'progress') inProgress.push(i);
    if (inProgress.length < ROUNDS * MUTATIONS)
      throw new Error('not enough in-progress tasks for BENCH_MUTATIONS');
    const tokens = new Map<string, Promise<string>>();
    const tokenOf = (unit: string): Promise<string> => {
      if (!tokens.has(unit))
        tokens.set(
          unit,
          mintToken(key, {
            subject: `entity:${unit}`,
            name: `${unit}经办人`,
            roles: ['IMPLEMENTING_ENTITY'],
            organisation: unit,
          }),
        );
      return tokens.get(unit)!;
    };
    const MUTATION = `mutation($in: ReportProgressInput!) { reportProgress(input: $in) {
      task { id version status scheduleStatus } entry { position version type hash } } }`;
    const bare: number[] = [];
    const mutations: number[] = [];
    let used = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await throughput(BARE, () => post('{ __typename }', {})));
      const batch = inProgress.slice(used, (used += MUTATIONS));
      mutations.push(
        await throughput(MUTATIONS, async (n) => {
          const i = batch[n];
          const data = await overHttp(url, await tokenOf(shapeOf(i, PER_INSPECTION).leadUnit))(
            MUTATION,
            {
              in: {
                taskId: taskIdOf(i),
                scheduleStatus: 'ON_SCHEDULE',
                summary: `基准测试调度报告 ${round}-${n}`,
              },
            },
          );
          if (!(data.reportProgress as { task?: unknown })?.task)
            throw new Error('reportProgress returned no task');
        }),
      );
      console.error(
        `  round ${round + 1}: bare ${fmt(bare[round])}/s, reportProgress ${fmt(mutations[round])}/s`,
      );
    }
    const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
    const bareRate = (BARE * ROUNDS) / sum(bare.map((r) => BARE / r));
    const mutationRate = (MUTATIONS * ROUNDS) / sum(mutations.map((r) => MUTATIONS / r));

    const width = Math.max(...results.map((r) => r.name.length));
    console.log(
      `\nTaizhang ledger benchmark — node ${process.version}, ${new Date().toISOString()}`,
    );
    console.log(
      `${fmt(TASKS)} tasks, ${fmt(EVENTS)} task events, ${fmt(INSPECTIONS)} inspections of ${fmt(PER_INSPECTION)} tasks; ` +
        `events ${mb(join(dir, 'events.db'))}, read models ${modelsMb(join(dir, 'readmodels.db'))}\n`,
    );
    for (const r of setupRows)
      console.log(
        `set-up: ${r.name}: ${fmt(r.count)} in ${r.seconds.toFixed(1)} s, ${fmt(r.count / r.seconds)}/s`,
      );
    console.log(
      `\nlatency in ms: ${fmt(SAMPLES)} in-process executions, ${fmt(HTTP_SAMPLES)} sequential HTTP requests per query`,
    );
    console.log(
      `${'query'.padEnd(width)} | in-proc p50 | in-proc p99 | HTTP p50 | HTTP p99 | goal in-proc p99 < 10`,
    );
    console.log(
      `${'-'.repeat(width)}-|-------------|-------------|----------|----------|----------------------`,
    );
    for (const r of results) {
      console.log(
        `${r.name.padEnd(width)} | ${ms(r.local.p50).padStart(11)} | ${ms(r.local.p99).padStart(11)} | ` +
          `${ms(r.http.p50).padStart(8)} | ${ms(r.http.p99).padStart(8)} | ${r.local.p99 < 10 ? 'met' : 'MISSED'}`,
      );
    }
    const ratio = mutationRate / bareRate;
    console.log(`\nHTTP throughput, ${CLIENTS} concurrent clients, ${ROUNDS} alternating rounds:`);
    console.log(
      `  bare query { __typename }: ${fmt(bareRate)}/s (rounds: ${bare.map(fmt).join(', ')})`,
    );
    console.log(
      `  reportProgress mutation:   ${fmt(mutationRate)}/s (rounds: ${mutations.map(fmt).join(', ')})`,
    );
    console.log(
      `  ratio mutations / bare query: ${ratio.toFixed(2)}  goal >= 0.3  ${ratio >= 0.3 ? 'met' : 'MISSED'}`,
    );
  } finally {
    await app.close();
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    if (!kept) rmSync(dir, { recursive: true, force: true });
  });
