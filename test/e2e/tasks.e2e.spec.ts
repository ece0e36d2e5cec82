import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  ENTRY_FIELDS,
  TASK_FIELDS,
  assignInput,
  mutate,
  registerInspection,
  tokens,
} from '../support/task-api.js';

const EVIDENCE = {
  fileName: '验收材料.pdf',
  mediaType: 'application/pdf',
  size: 1024,
  sha256: 'b'.repeat(64),
};

describe('a task walked through its whole life over HTTP', () => {
  let t: TestApp;
  let tk: Awaited<ReturnType<typeof tokens>>;
  const moments: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp({ now: '2024-09-01T00:00:00.000Z' });
    tk = await tokens(t);
    await registerInspection(t, tk.office);
  });
  afterAll(() => t.close());

  /** One acceptance round: request, accept, notice, city and provincial sign-off. */
  async function acceptAndSignOff(month: number) {
    const d = (day: number) =>
      `2025-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00.000Z`;
    t.clock.set(d(1));
    await mutate(t, tk.lead, 'requestAcceptance', {
      taskId: 'T01',
      selfCheck: '自查完成',
      evidence: [EVIDENCE],
    });
    t.clock.set(d(5));
    await mutate(t, tk.acceptor, 'recordAcceptance', {
      taskId: 'T01',
      decision: 'ACCEPTED',
      opinion: '同意验收',
    });
    t.clock.set(d(6));
    await mutate(t, tk.acceptor, 'startPublicNotice', { taskId: 'T01', start: d(6), end: d(13) });
    t.clock.set(d(14));
    const city = await mutate(t, tk.city, 'signOff', {
      taskId: 'T01',
      level: 'CITY',
      signer: '市长 王某',
    });
    expect(city.task.status).toBe('CITY_SIGNED_OFF');
    t.clock.set(d(20));
    return mutate(t, tk.office, 'signOff', {
      taskId: 'T01',
      level: 'PROVINCIAL',
      signer: '省督察办',
    });
  }

  it('listed -> signed off -> reopened by a failed spot check -> signed off again', async () => {
    t.clock.set('2024-09-10T00:00:00.000Z');
    const listed = await mutate(t, tk.office, 'listTask', {
      taskId: 'T01',
      inspectionId: 'JX-3',
      number: 1,
      title: '鄱阳湖都昌段非法采砂整治不到位',
      problem: '湖区仍有非法采砂点位',
    });
    expect(listed.task).toMatchObject({ id: 'task-T01', status: 'LISTED', version: 1 });
    expect(listed.entry).toMatchObject({ type: 'TaskListed', version: 1 });
    moments.listed = '2024-09-10T12:00:00.000Z';

    t.clock.set('2024-09-20T00:00:00.000Z');
    const assigned = await mutate(t, tk.office, 'assignTask', assignInput('T01'));
    expect(assigned.task.responsibleLeader).toEqual({ name: '李某', position: '副市长' });
    t.clock.set('2024-10-01T00:00:00.000Z');
    await mutate(t, tk.lead, 'reportProgress', {
      taskId: 'T01',
      scheduleStatus: 'BEHIND',
      summary: '已拆除 12 台采砂设备',
      evidence: [EVIDENCE],
    });
    moments.inProgress = '2024-10-01T12:00:00.000Z';
    t.clock.set('2024-10-05T00:00:00.000Z');
    await mutate(t, tk.office, 'superviseTask', {
      taskId: 'T01',
      kind: 'WARNING_LETTER',
      note: '进度滞后',
    });
    const adjusted = await mutate(t, tk.office, 'adjustDeadline', {
      taskId: 'T01',
      newDeadline: '2025-12-31',
      approver: '省督察办主任',
      reason: '汛期无法施工',
    });
    expect(adjusted.entry.reason).toBe('汛期无法施工');
    expect(adjusted.entry.changes).toContainEqual({
      field: 'deadline',
      before: '2025-06-30T00:00:00.000Z',
      after: '2025-12-31T00:00:00.000Z',
    });

    const signed = await acceptAndSignOff(3);
    expect(signed.task).toMatchObject({ status: 'SIGNED_OFF', done: true });
    moments.signedOff = '2025-03-25T00:00:00.000Z';

    t.clock.set('2025-04-01T00:00:00.000Z');
    const drawn = await t.gql<{
      drawSpotChecks: {
        drawnTasks: { taskId: string; spotCheck: { seed: number } }[];
        inspection: { spotCheckDraws: { taskIds: string[]; seed: number }[] };
      };
    }>(
      `mutation { drawSpotChecks(input: { inspectionId: "JX-3", sampleSize: 1, seed: 42 }) {
         drawnTasks { taskId spotCheck { seed } } inspection { spotCheckDraws { taskIds seed } } } }`,
      {},
      tk.office,
    );
    expect(drawn.errors).toBeUndefined();
    expect(drawn.data!.drawSpotChecks.drawnTasks).toEqual([
      { taskId: 'T01', spotCheck: { seed: 42 } },
    ]);
    expect(drawn.data!.drawSpotChecks.inspection.spotCheckDraws).toEqual([
      { taskIds: ['T01'], seed: 42 },
    ]);

    t.clock.set('2025-04-10T00:00:00.000Z');
    const failed = await mutate(t, tk.office, 'recordSpotCheck', {
      taskId: 'T01',
      result: 'FAILED',
      findings: '抽查发现采砂点位复现',
    });
    expect(failed.task).toMatchObject({ status: 'REOPENED', reopenedCount: 1, done: false });
    expect(failed.entry.type).toBe('TaskReopened');

    t.clock.set('2025-04-20T00:00:00.000Z');
    await mutate(t, tk.lead, 'reportProgress', {
      taskId: 'T01',
      scheduleStatus: 'ON_SCHEDULE',
      summary: '重新整改',
    });
    const again = await acceptAndSignOff(6);
    expect(again.task).toMatchObject({ status: 'SIGNED_OFF', reopenedCount: 1, version: 19 });
  });

  it('history returns every step with actor, time, reason and field changes', async () => {
    const res = await t.gql<{
      task: { history: { totalCount: number; edges: { node: Record<string, unknown> }[] } };
    }>(
      `{ task(id: "T01") { history(first: 100) { totalCount edges { node { ${ENTRY_FIELDS} } } } } }`,
      {},
      tk.auditor,
    );
    const entries = res.data!.task.history.edges.map((e) => e.node as Record<string, never>);
    expect(res.data!.task.history.totalCount).toBe(19);
    expect(entries.map((e) => e.type)).toEqual([
      'TaskListed',
      'TaskAssigned',
      'ProgressReported',
      'TaskSupervised',
      'DeadlineAdjusted',
      'AcceptanceRequested',
      'AcceptanceGranted',
      'PublicNoticeStarted',
      'TaskSignedOff',
      'TaskSignedOff',
      'SpotCheckDrawn',
      'SpotCheckRecorded',
      'TaskReopened',
      'ProgressReported',
      'AcceptanceRequested',
      'AcceptanceGranted',
      'PublicNoticeStarted',
      'TaskSignedOff',
      'TaskSignedOff',
    ]);
    expect(entries.map((e) => e.version)).toEqual(entries.map((_, i) => i + 1));
    for (const e of entries) {
      expect(e).toMatchObject({ streamId: 'task-T01', actor: { id: expect.any(String) } });
      expect(Date.parse(e.recordedAt)).not.toBeNaN();
      expect((e.changes as unknown[]).length).toBeGreaterThan(0);
    }
    expect(entries[0].actor).toMatchObject({ name: '督察办 张某', organisation: '江西省督察办' });
    expect(entries[2].recordedAt).toBe('2024-10-01T00:00:00.000Z');
    expect(entries[4].reason).toBe('汛期无法施工');
    expect(entries[2].changes).toContainEqual({
      field: 'status',
      before: 'ASSIGNED',
      after: 'IN_PROGRESS',
    });
  });

  it('task(asOf:) at three moments returns the states of those moments', async () => {
    const at = async (asOf: string) =>
      (
        await t.gql<{ task: Record<string, unknown> }>(
          `query($asOf: DateTime) { task(id: "task-T01", asOf: $asOf) { ${TASK_FIELDS} } }`,
          { asOf },
          tk.auditor,
        )
      ).data!.task;
    expect(await at(moments.listed)).toMatchObject({
      status: 'LISTED',
      version: 1,
      leadUnit: null,
      asOf: moments.listed,
    });
    expect(await at(moments.inProgress)).toMatchObject({
      status: 'IN_PROGRESS',
      version: 3,
      scheduleStatus: 'BEHIND',
      deadline: '2025-06-30T00:00:00.000Z',
    });
    expect(await at(moments.signedOff)).toMatchObject({
      status: 'SIGNED_OFF',
      version: 10,
      reopenedCount: 0,
    });
    expect(await at('2024-01-01T00:00:00.000Z')).toBeNull();
  });
});
