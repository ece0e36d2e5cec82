import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import type { TaskEvent } from '../../src/tasks/domain/task.events.js';
import { allowedNext } from '../../src/tasks/domain/task.transitions.js';
import { fold } from '../../src/common/decider.js';
import { deciderSpec } from '../support/decider-spec.js';
import { actor, actors, assign, at, given, listTask, meta } from '../support/task-fixtures.js';

const spec = deciderSpec(taskDecider);

const county = actor('CITY_GOVERNMENT', '都昌县人民政府', '360428');
const otherCounty = actor('CITY_GOVERNMENT', '湖口县人民政府', '360429');
const water = actor('PROVINCIAL_DEPARTMENT', '省水利厅');
const housing = actor('PROVINCIAL_DEPARTMENT', '江西省住房和城乡建设厅');
const officeMeta = (day = 100) => meta(actors.office, at(day));

/** A task led by `leadUnit`, walked to the end of its public notice by the decider. */
function noticed(
  leadUnit: string,
  overrides: Partial<Extract<TaskCommand, { type: 'AssignTask' }>> = {},
) {
  const base = assign() as Extract<TaskCommand, { type: 'AssignTask' }>;
  const acceptor = actor('ACCEPTANCE_UNIT', overrides.acceptanceUnit ?? base.acceptanceUnit);
  const lead = actor('IMPLEMENTING_ENTITY', leadUnit);
  const steps: [TaskCommand, ReturnType<typeof actor>][] = [
    [listTask, actors.office],
    [{ ...base, leadUnit, supportingUnits: [], signOffTier: null, ...overrides }, actors.office],
    [{ type: 'RequestAcceptance', selfCheck: '自查完成' }, lead],
    [{ type: 'RecordAcceptance', decision: 'ACCEPTED', opinion: '同意' }, acceptor],
    [{ type: 'StartPublicNotice', start: at(10), end: at(17) }, acceptor],
  ];
  const events: TaskEvent[] = [];
  // ReportProgress is skipped: RequestAcceptance needs IN_PROGRESS, so report once first.
  steps.splice(2, 0, [
    { type: 'ReportProgress', scheduleStatus: 'ON_SCHEDULE', summary: '进展' },
    lead,
  ]);
  let state = taskDecider.initialState();
  steps.forEach(([command, who], i) => {
    const decided = taskDecider.decide(command, state, meta(who, at(i)));
    events.push(...decided);
    state = fold(taskDecider, decided, state);
  });
  return events;
}

const sign = (level: string, signer = '负责同志'): TaskCommand =>
  ({ type: 'SignOff', level, signer }) as TaskCommand;

/** Events after each sign-off in turn, each decided by the decider. */
function signed(events: TaskEvent[], steps: [string, ReturnType<typeof actor>][]): TaskEvent[] {
  let all = events;
  for (const [level, who] of steps) {
    all = [...all, ...taskDecider.decide(sign(level), fold(taskDecider, all), meta(who, at(100)))];
  }
  return all;
}

describe('sign-off paths by who leads (分级销号, 集中统一销号)', () => {
  it('a city-led task: the city, then the office’s final sign-off', () => {
    const events = noticed('九江市人民政府');
    const state = fold(taskDecider, events);
    expect(state).toMatchObject({ signOffPath: 'CITY', signOffDepartment: null });
    expect(allowedNext(state)).toContain('signOff(CITY)');
    const afterCity = signed(events, [['CITY', actors.city]]);
    expect(fold(taskDecider, afterCity).status).toBe('CITY_SIGNED_OFF');
    spec
      .given(afterCity)
      .when(sign('PROVINCIAL', '省督察办'), officeMeta())
      .thenState((s, decided) => {
        expect(decided[0].data).toMatchObject({ level: 'PROVINCIAL', closes: true });
        expect(s.status).toBe('SIGNED_OFF');
        expect(s.signOffs.map((x) => [x.level, x.unit])).toEqual([
          ['CITY', '九江市人民政府'],
          ['PROVINCIAL', '江西省生态环境保护督察整改工作领导小组办公室'],
        ]);
      });
  });

  it('a county-led task: the county, then its city, then the office', () => {
    const events = noticed('都昌县人民政府');
    expect(fold(taskDecider, events)).toMatchObject({
      signOffPath: 'COUNTY',
      regionCode: '360428',
    });
    // The city may not sign before the county.
    spec
      .given(events)
      .when(sign('CITY'), meta(actors.city))
      .thenThrows('INVALID_TRANSITION', /signOff\(COUNTY\)/);
    // Another county may not sign for this one.
    spec
      .given(events)
      .when(sign('COUNTY'), meta(otherCounty))
      .thenThrows('FORBIDDEN', /县级人民政府/);
    // Nor may the city sign the county's step.
    spec.given(events).when(sign('COUNTY'), meta(actors.city)).thenThrows('FORBIDDEN');
    const all = signed(events, [
      ['COUNTY', county],
      ['CITY', actors.city],
      ['PROVINCIAL', actors.office],
    ]);
    const states = [1, 2, 3].map((n) => fold(taskDecider, all.slice(0, events.length + n)).status);
    expect(states).toEqual(['COUNTY_SIGNED_OFF', 'CITY_SIGNED_OFF', 'SIGNED_OFF']);
  });

  it('a department-led task: the responsible provincial department, then the office', () => {
    const events = noticed('省水利厅', { acceptanceUnit: '省生态环境厅' });
    expect(fold(taskDecider, events)).toMatchObject({
      leadUnit: '江西省水利厅',
      signOffPath: 'DEPARTMENT',
      signOffDepartment: '江西省水利厅',
    });
    // A city signing a department-led task is refused by the policy, whatever its region.
    spec
      .given(events)
      .when(sign('CITY'), meta(actors.city))
      .thenThrows('FORBIDDEN', /市县牵头/);
    spec
      .given(events)
      .when(sign('DEPARTMENT'), meta(actors.city))
      .thenThrows('FORBIDDEN', /省直责任部门/);
    // Another department may not sign for it.
    spec
      .given(events)
      .when(sign('DEPARTMENT'), meta(housing))
      .thenThrows('FORBIDDEN', /省直责任部门/);
    // The office's final sign-off waits for the department's.
    spec
      .given(events)
      .when(sign('PROVINCIAL'), officeMeta())
      .thenThrows('INVALID_TRANSITION', /signOff\(DEPARTMENT\)/);
    const all = signed(events, [['DEPARTMENT', water]]);
    expect(fold(taskDecider, all).status).toBe('DEPARTMENT_SIGNED_OFF');
    spec
      .given(all)
      .when(sign('PROVINCIAL'), officeMeta())
      .thenState((s) => expect(s.status).toBe('SIGNED_OFF'));
  });

  it('a province-wide task is signed by the responsible department, even when a city leads it', () => {
    const events = noticed('九江市人民政府', {
      regionCode: '360000',
      regionName: null,
      acceptanceUnit: '省住建厅',
    });
    expect(fold(taskDecider, events)).toMatchObject({
      signOffPath: 'DEPARTMENT',
      signOffDepartment: '江西省住房和城乡建设厅',
      regionName: '江西省',
    });
    spec.given(events).when(sign('CITY'), meta(actors.city)).thenThrows('FORBIDDEN');
    spec
      .given(events)
      .when(sign('DEPARTMENT'), meta(housing))
      .thenState((s) => expect(s.status).toBe('DEPARTMENT_SIGNED_OFF'));
  });

  it('the acceptance unit’s check stays before: no sign-off before acceptance and notice', () => {
    spec
      .given(given('ACCEPTED'))
      .when(sign('CITY'), meta(actors.city))
      .thenThrows('INVALID_TRANSITION', /ACCEPTED/);
    // Nor before the public notice has run its course.
    spec
      .given(noticed('九江市人民政府'))
      .when(sign('CITY'), meta(actors.city, at(12)))
      .thenThrows('INVALID_TRANSITION', /公示期/);
  });

  it('a new lead unit moves the task to its path', () => {
    spec
      .given(given('ASSIGNED'))
      .when(
        { type: 'AmendTask', changes: { leadUnit: '省自然资源厅' } },
        meta(actors.office, at(100), '牵头单位调整'),
      )
      .thenState((s) =>
        expect(s).toMatchObject({
          signOffPath: 'DEPARTMENT',
          signOffDepartment: '江西省自然资源厅',
        }),
      );
  });
});

describe('records written before sign-off paths (upcast on read)', () => {
  /** TaskAssigned and TaskSignedOff as they were recorded then: no path, no signing unit. */
  const legacy = (tier: 'CITY' | 'PROVINCIAL'): TaskEvent[] =>
    given('PUBLIC_NOTICE', { tier }).map((e) => {
      if (e.type !== 'TaskAssigned') return e;
      const { signOffPath: _p, signOffDepartment: _d, ...old } = e.data;
      return { ...e, data: old } as unknown as TaskEvent;
    });

  it('a CITY-tier task of then still closes at the city, as it did', () => {
    const events = legacy('CITY');
    expect(fold(taskDecider, events).signOffPath).toBeNull();
    spec
      .given(events)
      .when(sign('CITY'), meta(actors.city))
      .thenState((s, decided) => {
        expect(decided[0].data).toMatchObject({ closes: true });
        expect(s.status).toBe('SIGNED_OFF');
      });
  });

  it('an old TaskSignedOff without a unit folds, its unit unknown', () => {
    const events = [
      ...legacy('PROVINCIAL'),
      { type: 'TaskSignedOff', data: { level: 'CITY', signer: '市长', closes: false, at: at(30) } },
    ] as unknown as TaskEvent[];
    const s = fold(taskDecider, events);
    expect(s.status).toBe('CITY_SIGNED_OFF');
    expect(s.signOffs).toEqual([{ level: 'CITY', signer: '市长', unit: null, at: at(30) }]);
    expect(allowedNext(s)).toContain('signOff(PROVINCIAL)');
  });
});

describe('the final 销号 is the office’s alone, and each unit signs only its own step', () => {
  it('no city, county or department gives the office’s sign-off; the office gives no unit’s step', () => {
    const cityLed = signed(noticed('九江市人民政府'), [['CITY', actors.city]]);
    for (const who of [actors.city, county, water]) {
      spec
        .given(cityLed)
        .when(sign('PROVINCIAL'), meta(who, at(100)))
        .thenThrows('FORBIDDEN');
    }
    const deptLed = signed(noticed('省水利厅', { acceptanceUnit: '省生态环境厅' }), [
      ['DEPARTMENT', water],
    ]);
    spec
      .given(deptLed)
      .when(sign('PROVINCIAL'), meta(water, at(100)))
      .thenThrows('FORBIDDEN');
    // The units' steps carry their own accountability: neither the office nor ADMIN signs them.
    for (const who of [actors.office, actors.admin]) {
      spec.given(noticed('九江市人民政府')).when(sign('CITY'), meta(who)).thenThrows('FORBIDDEN');
      spec.given(noticed('都昌县人民政府')).when(sign('COUNTY'), meta(who)).thenThrows('FORBIDDEN');
      spec
        .given(noticed('省水利厅', { acceptanceUnit: '省生态环境厅' }))
        .when(sign('DEPARTMENT'), meta(who))
        .thenThrows('FORBIDDEN');
    }
  });
});
