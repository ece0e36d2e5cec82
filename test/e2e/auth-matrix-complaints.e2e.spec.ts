import { complaintIdOf } from '../../src/complaints/domain/complaint.ids.js';
import {
  expectOnlyAllowed,
  MATRIX_COVERAGE,
  startMatrixApp,
  type MatrixApp,
} from '../support/auth-matrix.js';
import { registerInspection } from '../support/task-api.js';

/**
 * The authorisation matrix for complaint cases (src/complaints/domain/complaint.policy.ts): the
 * office (and ADMIN) hands over, links, closes and reopens; the unit the case was handed to
 * (九江市人民政府, as an implementing entity or as the city government it is) investigates, verifies
 * and records handling and enforcement, and the office may enter those for it. Every other actor of
 * the shared table, another city or unit included, is refused and writes nothing.
 */
describe('authorisation matrix: complaint cases', () => {
  let m: MatrixApp;
  let n = 0;
  beforeAll(async () => {
    m = await startMatrixApp();
    await registerInspection(m.t, m.tokens.office);
  }, 120_000);
  afterAll(() => m.t.close());

  const HANDLERS = ['office', 'admin', 'lead', 'city'] as const;
  const OFFICE = ['office', 'admin'] as const;

  /** A fresh case handed to 九江市人民政府, then walked by the office through `steps`. */
  async function handedOver(...steps: ('investigate' | 'verify' | 'handle' | 'close')[]) {
    const trackingNumber = `D3JX2024050800${String(++n).padStart(2, '0')}`;
    await m.must('handOverComplaint', 'office', handOver(trackingNumber));
    const complaintId = complaintIdOf('JX-3', trackingNumber);
    for (const step of steps) {
      if (step === 'investigate')
        await m.must('startComplaintInvestigation', 'office', { complaintId });
      if (step === 'verify')
        await m.must('recordComplaintVerification', 'office', verify(complaintId));
      if (step === 'handle') await m.must('recordComplaintHandling', 'office', handle(complaintId));
      if (step === 'close') await m.must('closeComplaint', 'office', { complaintId });
    }
    return complaintId;
  }
  const handOver = (trackingNumber: string) => ({
    inspectionId: 'JX-3',
    batch: 1,
    handedOverOn: '2024-05-08',
    trackingNumber,
    channel: 'PHONE',
    regionCode: '360402',
    regionName: '九江市濂溪区',
    pollutionTypes: ['WATER'],
    description: '某企业夜间向河道排放污水',
    handedTo: '九江市人民政府',
    replyDueOn: '2024-06-08',
  });
  const verify = (complaintId: string) => ({
    complaintId,
    result: 'SUBSTANTIATED',
    findings: '现场核实存在偷排',
  });
  const handle = (complaintId: string) => ({ complaintId, handling: '责令停产整改，立案处罚' });

  it('handOverComplaint: the office and ADMIN', () =>
    expectOnlyAllowed(m, {
      mutation: 'handOverComplaint',
      allowed: [...OFFICE],
      prepare: async () => `D3JX2024050899${String(++n).padStart(2, '0')}`,
      input: handOver,
    }));

  it('investigation, verification, handling and enforcement: the unit handed the case, or the office', async () => {
    await expectOnlyAllowed(m, {
      mutation: 'startComplaintInvestigation',
      allowed: [...HANDLERS],
      prepare: () => handedOver(),
      input: (complaintId) => ({ complaintId }),
    });
    await expectOnlyAllowed(m, {
      mutation: 'recordComplaintVerification',
      allowed: [...HANDLERS],
      prepare: () => handedOver('investigate'),
      input: verify,
    });
    await expectOnlyAllowed(m, {
      mutation: 'recordComplaintHandling',
      allowed: [...HANDLERS],
      prepare: () => handedOver('investigate', 'verify'),
      input: handle,
    });
    await expectOnlyAllowed(m, {
      mutation: 'recordComplaintEnforcement',
      allowed: [...HANDLERS],
      prepare: () => handedOver('investigate', 'verify'),
      input: (complaintId) => ({
        complaintId,
        orderedToRectify: 1,
        penaltyCases: 1,
        fineYuan: 50000,
        criminalCases: 0,
        administrativeDetentions: 0,
        criminalDetentions: 0,
        summonedTalks: 1,
        peopleHeldAccountable: 0,
      }),
    });
  });

  it('linking tasks, closing (in stages or whole) and reopening: the office and ADMIN', async () => {
    await expectOnlyAllowed(m, {
      mutation: 'linkComplaintTasks',
      allowed: [...OFFICE],
      prepare: () => handedOver(),
      input: (complaintId) => ({ complaintId, taskIds: ['T-LINKED'] }),
    });
    await expectOnlyAllowed(m, {
      mutation: 'closeComplaintInStages',
      allowed: [...OFFICE],
      prepare: () => handedOver('investigate', 'verify', 'handle'),
      input: (complaintId) => ({
        complaintId,
        remaining: '配套管网 2025 年底建成',
        remainingDueOn: '2025-12-31',
      }),
    });
    await expectOnlyAllowed(m, {
      mutation: 'closeComplaint',
      allowed: [...OFFICE],
      prepare: () => handedOver('investigate', 'verify', 'handle'),
      input: (complaintId) => ({ complaintId }),
    });
    await expectOnlyAllowed(m, {
      mutation: 'reopenComplaint',
      allowed: [...OFFICE],
      prepare: () => handedOver('investigate', 'verify', 'handle', 'close'),
      input: (complaintId) => ({ complaintId, reason: '群众重复举报，复查发现反弹' }),
    });
    expect([...m.covered].sort()).toEqual([...MATRIX_COVERAGE['auth-matrix-complaints']].sort());
  });
});
