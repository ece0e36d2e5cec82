import type { Actor } from '../../src/common/actor.js';
import { resolveUnitCell, findUnit, signOffPathOf } from '../../src/common/units/units.js';
import { importRectificationList, type SendTaskCommand } from '../../src/exchange/importer.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import { initialTaskState, type TaskState } from '../../src/tasks/domain/task.state.js';
import { noticeCsv, noticeRows } from '../support/notice-list.js';

const office: Actor = {
  id: 'office-1',
  name: '省督察办 甲',
  roles: ['INSPECTION_OFFICE'],
  organisation: '省督察办',
};

/** The command pipeline in memory: decides and folds each command, idempotent by command id. */
function store() {
  const tasks = new Map<string, { state: TaskState; ids: Set<string> }>();
  const send: SendTaskCommand = async (taskId, command: TaskCommand, commandId, reason) => {
    const t = tasks.get(taskId) ?? { state: initialTaskState(), ids: new Set<string>() };
    tasks.set(taskId, t);
    if (t.ids.has(commandId)) return { duplicate: true };
    const at = '2025-01-01T00:00:00.000Z';
    const events = taskDecider.decide(command, t.state, { actor: office, at, reason });
    t.state = events.reduce(taskDecider.evolve, t.state);
    t.ids.add(commandId);
    return { duplicate: false };
  };
  const readTask = async (id: string) => tasks.get(id)?.state ?? initialTaskState();
  return { tasks, send, readTask };
}

describe('the unit registry', () => {
  it('resolves full names, abbreviations and bare city names to one unit', () => {
    expect(findUnit('省住建厅')?.name).toBe('江西省住房和城乡建设厅');
    expect(findUnit('省住房城乡建设厅')?.code).toBe('DEPT-ZJT');
    expect(findUnit('九江市')?.name).toBe('九江市人民政府');
    expect(findUnit('九江市都昌县')).toMatchObject({
      name: '都昌县人民政府',
      kind: 'COUNTY_GOVERNMENT',
      parent: 'GOV-360400',
      regionCode: '360428',
    });
    expect(findUnit('江铜集团')?.kind).toBe('STATE_OWNED_ENTERPRISE');
  });

  it('splits a cell naming several units into a lead and supporting units', () => {
    const cell = resolveUnitCell('九江市、上饶市人民政府，省水利厅');
    expect(cell.lead?.name).toBe('九江市人民政府');
    expect(cell.supporting.map((u) => u.name)).toEqual(['上饶市人民政府', '江西省水利厅']);
    expect(resolveUnitCell('省水利厅、省农业农村厅（牵头）').lead?.name).toBe('江西省农业农村厅');
  });

  it('names what it does not know, with the closest registered units', () => {
    const cell = resolveUnitCell('九江市、省住建委');
    expect(cell.unknown).toEqual([
      { text: '省住建委', suggestions: expect.arrayContaining(['江西省住房和城乡建设厅']) },
    ]);
  });

  it('gives each lead its sign-off path', () => {
    expect(signOffPathOf(findUnit('九江市'), '360400')).toBe('CITY');
    expect(signOffPathOf(findUnit('都昌县'), '360428')).toBe('COUNTY');
    expect(signOffPathOf(findUnit('省水利厅'), '360000')).toBe('DEPARTMENT');
    // Province-wide, whoever leads: the responsible provincial department signs.
    expect(signOffPathOf(findUnit('九江市'), '360000')).toBe('DEPARTMENT');
  });
});

describe('importing a list with only the notice’s columns', () => {
  it('dry-runs 92 rows with no errors, and shows what the registry fills in as warnings', async () => {
    const s = store();
    const report = await importRectificationList(
      noticeCsv(),
      { inspectionId: 'JX-3', actor: office, dryRun: true },
      s.send,
    );
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ rows: 92, validRows: 92, written: false });
    expect(report.warnings[0].zh).toMatch(/未提供列“责任领导”“类别”“地区”“销号层级”/);
    const row2 = report.warnings.find((w) => w.row === 3);
    expect(row2?.zh).toMatch(/地区 南昌市（360100）.*销号层级 市级/);
    expect(s.tasks.size).toBe(0);
  });

  it('imports them: multi-unit cells give lead and supporting units, abbreviations full names', async () => {
    const s = store();
    const report = await importRectificationList(
      noticeCsv(),
      { inspectionId: 'JX-3', actor: office },
      s.send,
    );
    expect(report).toMatchObject({ created: 92, failed: 0, problems: [] });
    const multi = s.tasks.get('JX-3-007')!.state;
    expect(multi).toMatchObject({
      leadUnit: '九江市人民政府',
      supportingUnits: ['上饶市人民政府', '江西省水利厅'],
      acceptanceUnit: '江西省生态环境厅',
      regionCode: '360400',
      responsibleLeader: null,
      category: null,
    });
    expect(s.tasks.get('JX-3-005')!.state).toMatchObject({
      leadUnit: '江西省住房和城乡建设厅',
      regionCode: '360000',
      signOffTier: 'PROVINCIAL',
    });
    expect(s.tasks.get('JX-3-008')!.state.leadUnit).toBe('江西省水利厅');
    expect(s.tasks.get('JX-3-004')!.state).toMatchObject({
      regionCode: '360428',
      regionName: '九江市都昌县',
    });
  });

  it('refuses a row naming an unknown unit, saying which name and what is close', async () => {
    const rows = noticeRows(3).map((r, i) => (i === 1 ? { ...r, units: '南昌市、省住建委' } : r));
    const s = store();
    const report = await importRectificationList(
      noticeCsv(rows),
      { inspectionId: 'JX-3', actor: office },
      s.send,
    );
    expect(report.written).toBe(false);
    expect(report.problems).toEqual([
      expect.objectContaining({
        row: 3,
        column: '整改实施主体',
        zh: expect.stringMatching(/“省住建委”不在单位名录中；相近的有：.*江西省住房和城乡建设厅/),
      }),
    ]);
    expect(s.tasks.size).toBe(0);
  });

  it('--amend still brings tasks to a revised list', async () => {
    const s = store();
    await importRectificationList(
      noticeCsv(noticeRows(5)),
      { inspectionId: 'JX-3', actor: office },
      s.send,
    );
    const revised = noticeRows(5).map((r, i) => (i === 0 ? { ...r, acceptance: '省水利厅' } : r));
    const report = await importRectificationList(
      noticeCsv(revised),
      {
        inspectionId: 'JX-3',
        actor: office,
        amend: { reason: '清单修订', readTask: s.readTask },
      },
      s.send,
    );
    expect(report).toMatchObject({ amended: 1, alreadyImported: 4, failed: 0 });
    expect(s.tasks.get('JX-3-001')!.state.acceptanceUnit).toBe('江西省水利厅');
  });
});
