import { DatabaseSync } from 'node:sqlite';
import {
  FIGURE_COLUMNS,
  FIGURE_NAMES,
  complaintsProjection,
  figuresOf,
} from '../../projections/complaints/complaints.projection.js';
import {
  complaintSummary,
  summariseFigures,
} from '../../projections/complaints/complaints.queries.js';
import type { Actor } from '../../src/common/actor.js';
import {
  ENFORCEMENT_COUNTS,
  POLLUTION_TYPES,
  VERIFICATION_RESULTS,
} from '../../src/complaints/domain/complaint.catalogue.js';
import type { ComplaintCommand } from '../../src/complaints/domain/complaint.commands.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';
import { complaintIdOf } from '../../src/complaints/domain/complaint.ids.js';
import type { ComplaintState } from '../../src/complaints/domain/complaint.state.js';
import type { EventMetadata, RecordedEvent } from '../../src/event-store/event-store.port.js';

/**
 * The summary as of a moment comes from the projection's bucketed history of totals; here it is
 * held against the plainest answer: fold each case's events recorded up to that moment and sum
 * the states' figures (what the published summary document does). The cases are written one after
 * another, each over months, so the recorded times arrive far out of order, as after a backdated
 * import or a replay.
 */
const INSPECTION = 'jx-r3';
const office: Actor = {
  id: 'o',
  name: '督察办',
  roles: ['INSPECTION_OFFICE'],
  organisation: '省督察办',
};

let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

function script(i: number): ComplaintCommand[] {
  const tracking = `D3JX2024${String(i).padStart(8, '0')}`;
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
      regionCode: ['360100', '360400', '361000'][i % 3],
      regionName: ['南昌市', '九江市', '抚州市'][i % 3],
      pollutionTypes: [POLLUTION_TYPES[i % 8], POLLUTION_TYPES[(i * 3) % 8]],
      description: `某企业偷排 ${i}`,
      handedTo: '南昌市人民政府',
      replyDueOn: '2024-05-18',
    },
  ];
  const stage = i % 7;
  if (stage >= 1) steps.push({ type: 'StartComplaintInvestigation' });
  if (stage >= 2) {
    steps.push({
      type: 'RecordComplaintVerification',
      result: VERIFICATION_RESULTS[i % 4],
      findings: `核实 ${i}`,
    });
    const counts = Object.fromEntries(ENFORCEMENT_COUNTS.map((c) => [c.key, 1 + rand(3)]));
    steps.push({
      type: 'RecordComplaintEnforcement',
      ...(counts as Record<(typeof ENFORCEMENT_COUNTS)[number]['key'], number>),
    });
  }
  if (stage >= 3) steps.push({ type: 'RecordComplaintHandling', handling: `整改 ${i}` });
  if (stage === 4)
    steps.push({
      type: 'CloseComplaintInStages',
      remaining: '生态修复',
      remainingDueOn: '2026-06-30',
    });
  if (stage >= 5) steps.push({ type: 'CloseComplaint' });
  if (stage === 6) steps.push({ type: 'ReopenComplaint' });
  return steps;
}

describe('complaintSummary as of a moment', () => {
  const db = new DatabaseSync(':memory:');
  const projection = complaintsProjection();
  projection.setup(db);
  /** Every case's events with the time each was recorded. */
  const written: { streamId: string; at: string; event: RecordedEvent }[] = [];
  const times = new Set<string>();
  let position = 0n;

  beforeAll(() => {
    for (let i = 0; i < 40; i++) {
      // Each case starts somewhere in May 2024 to the end of 2025 and moves on by random steps:
      // milliseconds, seconds, minutes, days or months, so every bucket size is crossed.
      let t = Date.parse('2024-05-08T00:00:00.000Z') + rand(600) * 86_400_000 + rand(86_400_000);
      let state = complaintDecider.initialState();
      const id = complaintIdOf(INSPECTION, `D3JX2024${String(i).padStart(8, '0')}`);
      for (const [k, command] of script(i).entries()) {
        t += [1, 999, 61_000, 86_400_000, 40 * 86_400_000][rand(5)] * (1 + rand(3));
        const at = new Date(t).toISOString();
        const reason = command.type === 'ReopenComplaint' ? '群众重复举报' : undefined;
        const events = complaintDecider.decide(command, state, { actor: office, at, reason });
        for (const [n, e] of events.entries()) {
          position++;
          const recorded: RecordedEvent = {
            position,
            streamId: complaintDecider.streamPrefix + id,
            revision: BigInt(written.filter((w) => w.streamId.endsWith(id)).length),
            eventId: `e-${i}-${k}-${n}`,
            type: e.type,
            data: e.data,
            metadata: { recordedAt: at } as EventMetadata,
          };
          projection.apply(recorded, db);
          written.push({ streamId: recorded.streamId, at, event: recorded });
          state = complaintDecider.evolve(state, e);
        }
        times.add(at);
      }
    }
  });

  /** The plainest answer: every case folded up to `asOf`, its figures summed. */
  function expected(asOf: string) {
    const states = new Map<string, ComplaintState>();
    for (const w of written) {
      if (w.at > asOf) continue;
      const before = states.get(w.streamId) ?? complaintDecider.initialState();
      states.set(
        w.streamId,
        complaintDecider.evolve(
          before,
          w.event as unknown as Parameters<typeof complaintDecider.evolve>[1],
        ),
      );
    }
    db.exec(`CREATE TEMP TABLE oracle (${FIGURE_COLUMNS})`);
    try {
      const insert = db.prepare(
        `INSERT INTO oracle (${FIGURE_NAMES.join(', ')}) VALUES (${FIGURE_NAMES.map(() => '?').join(', ')})`,
      );
      for (const s of states.values()) if (s.status !== null) insert.run(...figuresOf(s));
      return summariseFigures(db, { from: 'temp.oracle', where: '1', params: [] });
    } finally {
      db.exec('DROP TABLE temp.oracle');
    }
  }

  it('equals the cases folded up to the moment, at, just before and just after every change', () => {
    const moments = [...times].flatMap((at) => {
      const ms = Date.parse(at);
      return [ms - 1, ms, ms + 1].map((m) => new Date(m).toISOString());
    });
    expect(moments.length).toBeGreaterThan(200);
    for (const asOf of moments) {
      expect({ asOf, ...complaintSummary(db, INSPECTION, asOf) }).toEqual({
        asOf,
        ...expected(asOf),
      });
    }
  });

  it('before the first change is empty; after the last is the summary now', () => {
    expect(complaintSummary(db, INSPECTION, '2024-01-01T00:00:00.000Z').handedOver).toBe(0);
    const now = complaintSummary(db, INSPECTION);
    expect(now.handedOver).toBe(40);
    expect(now.closed).toBeGreaterThan(0);
    expect(complaintSummary(db, INSPECTION, '2099-01-01T00:00:00.000Z')).toEqual(now);
    expect(now).toEqual(expected('9999-12-31T23:59:59.999Z'));
  });
});
