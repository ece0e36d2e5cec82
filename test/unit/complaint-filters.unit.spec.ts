import { DatabaseSync } from 'node:sqlite';
import {
  complaintsProjection,
  searchText,
} from '../../projections/complaints/complaints.projection.js';
import {
  complaintsPage,
  type ComplaintFilter,
} from '../../projections/complaints/complaints.queries.js';
import type { Actor } from '../../src/common/actor.js';
import {
  POLLUTION_TYPES,
  VERIFICATION_RESULTS,
} from '../../src/complaints/domain/complaint.catalogue.js';
import type { ComplaintCommand } from '../../src/complaints/domain/complaint.commands.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';
import { complaintIdOf } from '../../src/complaints/domain/complaint.ids.js';
import type { ComplaintState } from '../../src/complaints/domain/complaint.state.js';
import type { EventMetadata, RecordedEvent } from '../../src/event-store/event-store.port.js';

/**
 * The list filters read junction tables and partial indexes (pollution types, pairs of the search
 * text, open replies, key attention); here every filter's rows and count are held against the
 * plainest answer, the cases' final states filtered one by one, with search texts that grow as
 * cases are verified and handled (the pairs must follow).
 */
const INSPECTION = 'jx-r3';
const TODAY = '2024-05-20';
const office: Actor = {
  id: 'o',
  name: '督察办',
  roles: ['INSPECTION_OFFICE'],
  organisation: '省督察办',
};
const SITES = ['鄱阳湖', '赣江', 'Poyang Lake', '抚河 100%_x'];

function script(i: number): ComplaintCommand[] {
  const tracking = `${i % 2 ? 'X' : 'D'}3JX2024${String(i).padStart(8, '0')}`;
  const steps: ComplaintCommand[] = [
    {
      type: 'HandOverComplaint',
      complaintId: complaintIdOf(INSPECTION, tracking),
      inspectionId: INSPECTION,
      batch: 1 + (i % 3),
      handedOverOn: '2024-05-08',
      trackingNumber: tracking,
      channel: 'PHONE',
      keyAttention: i % 4 === 0,
      regionCode: ['360100', '360400', '360102', '360402'][i % 4],
      regionName: ['南昌市', '九江市', '东湖区', '濂溪区'][i % 4],
      pollutionTypes: [POLLUTION_TYPES[i % 8], POLLUTION_TYPES[(i * 3) % 8]],
      description: `${SITES[i % SITES.length]}沿岸某企业偷排 ${i}`,
      handedTo: '南昌市人民政府',
      replyDueOn: i % 5 === 0 ? '2024-06-01' : '2024-05-18',
    },
  ];
  const stage = i % 5;
  if (stage >= 1) steps.push({ type: 'StartComplaintInvestigation' });
  if (stage >= 2)
    steps.push({
      type: 'RecordComplaintVerification',
      result: VERIFICATION_RESULTS[i % 4],
      findings: `核实：${SITES[(i + 1) % SITES.length]}排口 ${i}`,
    });
  if (stage >= 3) steps.push({ type: 'RecordComplaintHandling', handling: `整改 鄱阳湖 ${i}` });
  if (stage === 4) steps.push({ type: 'CloseComplaint' });
  return steps;
}

describe('complaint list filters', () => {
  const db = new DatabaseSync(':memory:');
  const projection = complaintsProjection();
  projection.setup(db);
  const states = new Map<string, ComplaintState>();
  let position = 0n;

  beforeAll(() => {
    for (let i = 0; i < 60; i++) {
      const id = complaintIdOf(
        INSPECTION,
        `${i % 2 ? 'X' : 'D'}3JX2024${String(i).padStart(8, '0')}`,
      );
      let state = complaintDecider.initialState();
      let revision = 0n;
      for (const command of script(i)) {
        const at = new Date(
          Date.parse('2024-05-08T02:00:00.000Z') + Number(position),
        ).toISOString();
        for (const e of complaintDecider.decide(command, state, { actor: office, at })) {
          const recorded: RecordedEvent = {
            position: ++position,
            streamId: complaintDecider.streamPrefix + id,
            revision: revision++,
            eventId: `e-${position}`,
            type: e.type,
            data: e.data,
            metadata: { recordedAt: at } as EventMetadata,
          };
          projection.apply(recorded, db);
          state = complaintDecider.evolve(state, e);
        }
      }
      states.set(id, state);
    }
  });

  /** A province (xx0000) holds its cities and counties, a city (xxxx00) its counties. */
  const inRegion = (code: string, filter: string): boolean =>
    filter.endsWith('0000')
      ? code.startsWith(filter.slice(0, 2))
      : filter.endsWith('00')
        ? code.startsWith(filter.slice(0, 4))
        : code === filter;

  /** The plainest answer, in handover order (the order the cases were written). */
  function expected(f: ComplaintFilter): string[] {
    const text = f.text?.trim().toLowerCase();
    return [...states.entries()]
      .filter(([, s]) => {
        if (f.pollutionType && !s.pollutionTypes.includes(f.pollutionType as never)) return false;
        if (f.keyAttention != null && s.keyAttention !== f.keyAttention) return false;
        const overdue = !s.verification && (s.replyDueOn ?? '') < TODAY;
        if (f.overdueReply != null && overdue !== f.overdueReply) return false;
        if (f.status && s.status !== f.status) return false;
        if (f.regionCode && !inRegion(s.regionCode ?? '', f.regionCode)) return false;
        if (text && !searchText(s).includes(text)) return false;
        return true;
      })
      .map(([id]) => id);
  }

  function actual(f: ComplaintFilter): { ids: string[]; count: number } {
    const ids: string[] = [];
    let after = 0n;
    let count = -1;
    for (;;) {
      const page = complaintsPage(db, { inspectionId: INSPECTION, ...f }, TODAY, 7, after);
      if (count < 0) count = page.totalCount();
      ids.push(...page.rows.map((r) => r.state.complaintId as string));
      if (!page.hasNext) return { ids, count };
      after = page.rows[page.rows.length - 1].handedPosition;
    }
  }

  const filters: ComplaintFilter[] = [
    ...POLLUTION_TYPES.map((pollutionType) => ({ pollutionType })),
    { keyAttention: true },
    { keyAttention: false },
    { overdueReply: true },
    { overdueReply: false },
    // One unit (no pair), two (one pair: the index alone), longer (pairs, then the exact LIKE).
    { text: '湖' },
    { text: '赣江' },
    { text: '鄱阳湖' },
    { text: '  POYANG  ' },
    { text: 'ng la' },
    { text: '100%_x' },
    { text: '0%' },
    { text: '%' },
    { text: '整改 鄱阳湖' },
    { text: '核实：赣江' },
    { text: '阳湖沿岸某企业偷排 1' },
    { text: '湖赣' },
    { text: '不存在的地名' },
    // A province, a city with its county, a county alone, a region with no case.
    { regionCode: '360000' },
    { regionCode: '360100' },
    { regionCode: '360402' },
    { regionCode: '360500' },
    { regionCode: '360400', status: 'CLOSED' },
    { pollutionType: 'WATER', keyAttention: true },
    { pollutionType: 'AIR', overdueReply: true, text: '沿岸' },
    { status: 'CLOSED', text: '鄱阳湖' },
  ];

  it.each(filters.map((f) => [JSON.stringify(f), f]))(
    '%s: the same cases, in handover order, and count as filtering each case',
    (_name, f) => {
      const want = expected(f);
      const got = actual(f);
      expect(got.ids).toEqual(want);
      expect(got.count).toBe(want.length);
    },
  );

  it('the filters are not vacuous: most of them match some cases but not all', () => {
    const sizes = filters.map((f) => expected(f).length);
    expect(sizes.filter((n) => n > 0 && n < states.size).length).toBeGreaterThan(20);
  });
});
