import {
  expectOnlyAllowed,
  MATRIX_COVERAGE,
  startMatrixApp,
  type MatrixApp,
} from '../support/auth-matrix.js';
import { assignInput, registerInspection } from '../support/task-api.js';

/**
 * The authorisation matrix for collection rounds (src/collection/domain/round.policy.ts): the office
 * (and ADMIN) opens, freezes and cancels rounds; only the task's lead unit reports and corrects,
 * as an implementing entity or as the city government it is, never ADMIN in its place. Every other
 * actor of the shared table is refused, writing nothing.
 */
describe('authorisation matrix: collection rounds', () => {
  let m: MatrixApp;
  let n = 0;
  beforeAll(async () => {
    m = await startMatrixApp();
    await registerInspection(m.t, m.tokens.office);
    await m.must('listTask', 'office', {
      taskId: 'T1',
      inspectionId: 'JX-3',
      title: '采砂整治',
      problem: '非法采砂',
    });
    await m.must('assignTask', 'office', assignInput('T1'));
  }, 120_000);
  afterAll(() => m.t.close());

  /** A fresh open round over T1, whose lead unit is 九江市人民政府. */
  const opened = async () => {
    const roundId = `R${++n}`;
    await m.must('openCollectionRound', 'office', open(roundId));
    return roundId;
  };
  const open = (roundId: string) => ({
    roundId,
    inspectionId: 'JX-3',
    name: '月度调度',
    dueAt: '2024-12-31T00:00:00.000Z',
    taskIds: ['T1'],
  });
  const report = (roundId: string) => ({
    roundId,
    taskId: 'T1',
    progressPercent: 50,
    summary: '已拆除采砂设备',
  });

  it('openCollectionRound: the office and ADMIN', () =>
    expectOnlyAllowed(m, {
      mutation: 'openCollectionRound',
      allowed: ['office', 'admin'],
      prepare: async () => `R${++n}`,
      input: open,
    }));

  it('reportCollectionProgress: the lead unit, as entity or as its city government', () =>
    expectOnlyAllowed(m, {
      mutation: 'reportCollectionProgress',
      allowed: ['lead', 'city'],
      prepare: opened,
      input: report,
    }));

  it('correctCollectionReport: the lead unit, with a reason', () =>
    expectOnlyAllowed(m, {
      mutation: 'correctCollectionReport',
      allowed: ['lead', 'city'],
      prepare: async () => {
        const roundId = await opened();
        await m.must('reportCollectionProgress', 'lead', report(roundId));
        return roundId;
      },
      input: (roundId) => ({ ...report(roundId), progressPercent: 55, reason: '误填' }),
    }));

  it('freezeCollectionRound and cancelCollectionRound: the office and ADMIN', async () => {
    await expectOnlyAllowed(m, {
      mutation: 'freezeCollectionRound',
      allowed: ['office', 'admin'],
      prepare: opened,
      input: (roundId) => ({ roundId }),
    });
    await expectOnlyAllowed(m, {
      mutation: 'cancelCollectionRound',
      allowed: ['office', 'admin'],
      prepare: opened,
      input: (roundId) => ({ roundId, reason: '范围有误' }),
    });
    expect([...m.covered]).toEqual([...MATRIX_COVERAGE['auth-matrix-collection']]);
  });
});
