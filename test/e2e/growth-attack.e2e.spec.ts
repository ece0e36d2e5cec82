import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyAll } from '../../src/event-store/verify.js';
import {
  EVIDENCE_PER_CALL_MAX,
  EVIDENCE_PER_TASK_MAX,
  PROGRESS_SUMMARY_MAX,
} from '../../src/tasks/domain/task.validation.js';
import { PROGRESS_REPORTS_INLINE } from '../../src/tasks/domain/task.state.js';
import { allProjections } from '../../projections/index.js';
import { ReadModels } from '../../projections/read-models.js';
import { readModelBytes } from '../../projections/runner.js';
import {
  assignInput,
  ledgerCount,
  mutate,
  registerInspection,
  tokens,
} from '../support/task-api.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A database's bytes on disk, its write-ahead log included. */
const dbBytes = (path: string) =>
  [path, `${path}-wal`].reduce((n, p) => n + (existsSync(p) ? statSync(p).size : 0), 0);

/** Text that compresses like prose, not like one repeated character: seeded CJK characters. */
function prose(length: number, seed: number): string {
  let x = seed >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += String.fromCharCode(0x4e00 + ((x >>> 0) % 3000));
  }
  return out;
}

const evidence = (call: number) =>
  Array.from({ length: EVIDENCE_PER_CALL_MAX }, (_, i) => ({
    fileName: `现场照片-${call}-${i}.jpg`,
    mediaType: 'image/jpeg',
    size: 1000 + i,
    sha256: (call * 1000 + i).toString(16).padStart(8, '0').repeat(8),
  }));

const REPORT = `mutation($input: ReportProgressInput!) {
  reportProgress(input: $input) { task { version } entry { position } } }`;

/**
 * Issue 19, item 2: one implementing unit sends 100 `reportProgress` calls on one task, each with a
 * 10,000-character summary and 100 evidence references. Each is refused past the limits (and writes
 * nothing); at the limits, the task's record and the read models stay bounded.
 */
describe('one implementing unit cannot fill the disk (issue 19, item 2)', () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;

  beforeAll(async () => {
    t = await startTestApp({ now: '2024-11-01T00:00:00.000Z' });
    tk = await tokens(t);
    const admin = await t.token('ADMIN', 'system', { name: '管理员' });
    await registerInspection(t, tk.office);
    await mutate(t, admin, 'listTask', {
      taskId: 'T1',
      inspectionId: 'JX-3',
      number: 1,
      title: '鄱阳湖非法采砂',
      problem: '湖区仍有非法采砂点位',
    });
    await mutate(t, admin, 'assignTask', assignInput('T1'));
  }, 60_000);
  afterAll(() => t.close());

  async function expectAliveAndVerified() {
    const health = await t.gql<{ health: { status: string } }>('{ health { status } }');
    expect(health.data?.health.status).toBe('ok');
    const verification = await verifyAll(t.app.get<EventStore>(EVENT_STORE));
    expect(verification.failures).toEqual([]);
    expect(verification.streams).toBeGreaterThan(0);
  }

  it('the attack as described is refused call by call, naming the field and the limit; nothing is written', async () => {
    const before = await ledgerCount(t, tk.office);
    for (let call = 0; call < 100; call++) {
      const res = await t.gql(
        REPORT,
        {
          input: {
            taskId: 'T1',
            scheduleStatus: 'ON_SCHEDULE',
            summary: prose(10_000, call + 1),
            evidence: evidence(call),
          },
        },
        tk.lead,
      );
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'summary',
        max: PROGRESS_SUMMARY_MAX,
      });
      expect(res.errors?.[0].message).toMatch(/summary.*5000/);
    }
    expect(await ledgerCount(t, tk.office)).toBe(before);
    await expectAliveAndVerified();
  }, 120_000);

  it('at the limits: evidence stops at the per-task cap, the record keeps the latest reports inline, readmodels.db stays linear in events.db', async () => {
    const latencies: number[] = [];
    let refusedEvidence = 0;
    for (let call = 0; call < 100; call++) {
      const input = {
        taskId: 'T1',
        scheduleStatus: 'ON_SCHEDULE',
        summary: prose(PROGRESS_SUMMARY_MAX, 1000 + call),
        evidence: evidence(call),
      };
      const started = performance.now();
      let res = await t.gql(REPORT, { input }, tk.lead);
      if (res.errors) {
        refusedEvidence++;
        expect(res.errors[0].extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'evidence',
          max: EVIDENCE_PER_TASK_MAX,
        });
        res = await t.gql(REPORT, { input: { ...input, evidence: [] } }, tk.lead);
      }
      latencies.push(performance.now() - started);
      expect(res.errors).toBeUndefined();
    }
    expect(refusedEvidence).toBe(100 - EVIDENCE_PER_TASK_MAX / EVIDENCE_PER_CALL_MAX);

    const task = await t.gql<{
      task: {
        progressReportCount: number;
        progressReports: { summary: string }[];
        evidence: unknown[];
      };
    }>(
      '{ task(id: "T1") { progressReportCount progressReports { summary } evidence { sha256 } } }',
      {},
      tk.office,
    );
    expect(task.data?.task.progressReportCount).toBe(100);
    expect(task.data?.task.progressReports).toHaveLength(PROGRESS_REPORTS_INLINE);
    expect(task.data?.task.progressReports.at(-1)?.summary).toBe(prose(PROGRESS_SUMMARY_MAX, 1099));
    expect(task.data?.task.evidence).toHaveLength(EVIDENCE_PER_TASK_MAX);

    const events = dbBytes(join(t.dataDir, 'events.db'));
    const readModels = readModelBytes(join(t.dataDir, 'readmodels.db'), allProjections());
    // What the previous design kept besides: the whole state again in every entry (every version's
    // state answered here from the checkpoints, as task(asOf:) would).
    const ledger = t.app.get(ReadModels).ledger;
    const head = ledger.stateAsOf('task-T1')!;
    let fullStates = 0;
    for (let v = 1; v <= head.version; v++) {
      fullStates += Buffer.byteLength(JSON.stringify(ledger.stateAtVersion('task-T1', v)));
      await new Promise(setImmediate); // the server in this process keeps serving meanwhile
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `growth attack at the limits: events.db ${(events / 2 ** 20).toFixed(1)} MiB, ` +
        `readmodels.db ${(readModels / 2 ** 20).toFixed(1)} MiB (${(readModels / events).toFixed(2)}x); ` +
        `a full state per entry alone would be ${(fullStates / 2 ** 20).toFixed(1)} MiB ` +
        `(${(fullStates / events).toFixed(1)}x); ` +
        `reportProgress p50 ${sorted[50].toFixed(0)} ms, last ${latencies.at(-1)!.toFixed(0)} ms`,
    );
    // Stated bound: linear in the events (the full state per entry was quadratic: 1.55 GB for 12.7 MB
    // of events in the attack run). Issue 16's goal of at most 1.0x is not reached yet: see README.
    expect(readModels).toBeLessThan(5 * events);
    expect(readModels).toBeLessThan(fullStates / 4);
    await expectAliveAndVerified();
  }, 300_000);

  it('16 aliased history(first: 100) { data } are QUERY_TOO_COMPLEX by their size charge; one page passes', async () => {
    const page = (k: number) =>
      `h${k}: history(streamId: "task-T1", first: 100) { edges { node { data } } }`;
    const bulk = await t.gql(
      `{ ${Array.from({ length: 16 }, (_, k) => page(k)).join(' ')} }`,
      {},
      tk.auditor,
    );
    expect(bulk.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(bulk.errors?.[0].extensions).toMatchObject({ limit: 'cost' });
    expect(bulk.data).toBeUndefined();
    const one = await t.gql<{ h0: { edges: { node: { data: unknown } }[] } }>(
      `{ ${page(0)} }`,
      {},
      tk.auditor,
    );
    expect(one.errors).toBeUndefined();
    expect(one.data?.h0.edges).toHaveLength(100);
    await expectAliveAndVerified();
  }, 60_000);
});
