import type { InspectionCommand } from '../../src/inspections/domain/inspection.commands.js';
import { inspectionDecider } from '../../src/inspections/domain/inspection.decider.js';
import type { InspectionEvent } from '../../src/inspections/domain/inspection.events.js';
import { mulberry32, seededSample } from '../../src/common/seeded-sample.js';
import { deciderSpec } from '../support/decider-spec.js';
import { JX3_INSPECTION, actors, at, meta } from '../support/task-fixtures.js';

const spec = deciderSpec(inspectionDecider);

const register: InspectionCommand = {
  type: 'RegisterInspection',
  ...JX3_INSPECTION,
  planPublishedDate: '2024-11-20',
};

const registered = (): readonly InspectionEvent[] =>
  inspectionDecider.decide(register, inspectionDecider.initialState(), meta(actors.office, at(0)));

const draw = (candidateTaskIds: string[], seed = 20240821): InspectionCommand => ({
  type: 'DrawSpotChecks',
  drawId: 'D1',
  seed,
  sampleSize: 2,
  candidateTaskIds,
});

describe('inspection decider', () => {
  it('registerInspection records the round with its dates normalised', () => {
    spec
      .given([])
      .when(register, meta(actors.office, at(0)))
      .thenState((s) => {
        expect(s).toMatchObject({
          registered: true,
          round: 3,
          onSiteStart: '2024-05-08T00:00:00.000Z',
          feedbackDate: '2024-08-21T00:00:00.000Z',
          planPublishedDate: '2024-11-20T00:00:00.000Z',
        });
      });
  });

  it('registering twice is INVALID_TRANSITION', () => {
    spec.given(registered()).when(register, meta(actors.office)).thenThrows('INVALID_TRANSITION');
  });

  it('only the inspection office (or admin) registers and draws', () => {
    spec.given([]).when(register, meta(actors.auditor)).thenThrows('FORBIDDEN');
    spec.given([]).when(register, meta(actors.lead)).thenThrows('FORBIDDEN');
    spec
      .given(registered())
      .when(draw(['T1']), meta(actors.city))
      .thenThrows('FORBIDDEN');
    spec
      .given([])
      .when(register, meta(actors.admin))
      .then((e) => expect(e).toHaveLength(1));
  });

  it('bad dates, on-site end before start, empty title are BAD_USER_INPUT', () => {
    const m = meta(actors.office);
    spec
      .given([])
      .when({ ...register, onSiteStart: '2024-02-30x' }, m)
      .thenThrows('BAD_USER_INPUT');
    spec
      .given([])
      .when({ ...register, onSiteEnd: '2024-05-01' }, m)
      .thenThrows('BAD_USER_INPUT');
    spec
      .given([])
      .when({ ...register, title: '' }, m)
      .thenThrows('BAD_USER_INPUT');
  });

  it('a draw is a reproducible seeded sample, recorded with its seed and candidates', () => {
    const candidates = ['T5', 'T1', 'T3', 'T4', 'T2'];
    const events = spec
      .given(registered())
      .when(draw(candidates), meta(actors.office, at(50)))
      .then((e) => expect(e[0].type).toBe('SpotChecksDrawn'));
    const data = events[0].data as { taskIds: string[]; candidateTaskIds: string[]; seed: number };
    expect(data.candidateTaskIds).toEqual(['T1', 'T2', 'T3', 'T4', 'T5']);
    expect(data.taskIds).toHaveLength(2);
    // Anyone can redraw it from the record, whatever order the candidates came in.
    expect(seededSample([...candidates].reverse(), 2, data.seed)).toEqual(data.taskIds);
    const again = inspectionDecider.decide(
      draw(candidates),
      inspectionDecider.evolve(inspectionDecider.initialState(), registered()[0]),
      meta(actors.office, at(50)),
    );
    expect(again).toEqual(events);
  });

  it('draws from no candidates, or on an unknown inspection, are refused', () => {
    spec.given(registered()).when(draw([]), meta(actors.office)).thenThrows('BAD_USER_INPUT');
    spec
      .given([])
      .when(draw(['T1']), meta(actors.office))
      .thenThrows('NOT_FOUND');
  });

  it('mulberry32 is deterministic and in [0, 1)', () => {
    const a = mulberry32(1);
    const b = mulberry32(1);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededSample(['a', 'b', 'c'], 10, 3).sort()).toEqual(['a', 'b', 'c']);
  });
});
