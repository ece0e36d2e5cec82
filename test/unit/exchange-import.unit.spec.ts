import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../src/common/actor.js';
import {
  parseDate,
  parseDeadline,
  parseLeader,
  parseTier,
} from '../../src/exchange/cell-parsers.js';
import { importRectificationList, type SendTaskCommand } from '../../src/exchange/importer.js';
import { columnOfHeading } from '../../src/exchange/ledger-columns.js';
import { decodeText, detectEncoding } from '../../src/exchange/text-decoding.js';
import type { TaskCommand } from '../../src/tasks/domain/task.commands.js';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', name));
const office: Actor = {
  id: 'office-1',
  name: '省督察办 甲',
  roles: ['INSPECTION_OFFICE'],
  organisation: '省督察办',
};

/** An in-memory stand-in for the command pipeline: idempotent by command id per stream. */
function fakeStore() {
  const streams = new Map<string, { commandIds: Set<string>; commands: TaskCommand[] }>();
  const send: SendTaskCommand = async (taskId, command, commandId) => {
    const s = streams.get(taskId) ?? { commandIds: new Set(), commands: [] };
    streams.set(taskId, s);
    if (s.commandIds.has(commandId)) return { duplicate: true };
    s.commandIds.add(commandId);
    s.commands.push(command);
    return { duplicate: false };
  };
  const appended = () => [...streams.values()].reduce((n, s) => n + s.commands.length, 0);
  return { streams, send, appended };
}

describe('heading map and cell parsers', () => {
  it('maps the headings of real ledgers and their variants', () => {
    expect(columnOfHeading('责任单位（整改实施主体）')?.field).toBe('leadUnit');
    expect(columnOfHeading('牵头单位')?.field).toBe('leadUnit');
    expect(columnOfHeading(' 整改\n时限 ')?.field).toBe('deadline');
    expect(columnOfHeading('问题描述')?.field).toBe('problem');
    expect(columnOfHeading('acceptance unit')?.field).toBe('acceptanceUnit');
    expect(columnOfHeading('备注')).toBeUndefined();
  });

  it('reads dates and deadlines as ledgers write them', () => {
    expect(parseDate('2025年12月底')).toBe('2025-12-31');
    expect(parseDate('2026年2月')).toBe('2026-02-28');
    expect(parseDate('2025/6/3')).toBe('2025-06-03');
    expect(parseDate('2025年底前')).toBe('2025-12-31');
    expect(parseDate('2025-02-30')).toBeUndefined();
    expect(parseDeadline('2025年12月底，长期坚持')).toEqual({
      ok: true,
      value: { deadline: '2025-12-31', longTerm: true },
    });
    expect(parseDeadline('长期坚持')).toEqual({
      ok: true,
      value: { deadline: null, longTerm: true },
    });
    expect(parseDeadline('明年春天').ok).toBe(false);
    expect(parseLeader('李明（副市长）')).toEqual({
      ok: true,
      value: { name: '李明', position: '副市长' },
    });
    expect(parseLeader('周涛').ok).toBe(false);
    expect(parseTier('省级销号')).toEqual({ ok: true, value: 'PROVINCIAL' });
  });

  it('detects UTF-8 with and without BOM, and GB18030', () => {
    expect(detectEncoding(fixture('rectification-list.utf8.csv'))).toEqual({
      encoding: 'utf-8',
      bom: true,
    });
    expect(detectEncoding(fixture('rectification-list.mixed.csv'))).toEqual({
      encoding: 'utf-8',
      bom: false,
    });
    const gb = decodeText(fixture('rectification-list.gb18030.csv'));
    expect(gb.encoding).toBe('gb18030');
    expect(gb.text).toContain('鄱阳湖周边非法采砂整治');
  });
});

describe('importing a rectification list', () => {
  it('imports a GB18030 CSV: four tasks, each listed and assigned', async () => {
    const store = fakeStore();
    const report = await importRectificationList(
      fixture('rectification-list.gb18030.csv'),
      { inspectionId: 'JX-3', actor: office },
      store.send,
    );
    expect(report).toMatchObject({
      encoding: 'gb18030',
      headingRow: 2,
      rows: 4,
      created: 4,
      written: true,
    });
    expect(report.problems).toEqual([]);
    const second = store.streams.get('JX-3-002')!.commands[1];
    expect(second).toMatchObject({
      type: 'AssignTask',
      leadUnit: '南昌市人民政府',
      deadline: '2025-12-31',
      longTerm: true,
      signOffTier: 'CITY',
      responsibleLeader: { name: '王强', position: '市长', phone: null },
      supportingUnits: ['省住房城乡建设厅'],
    });
    expect(store.streams.get('JX-3-004')!.commands[1]).toMatchObject({
      supportingUnits: [],
      deadline: null,
    });
  });

  it('dry run of a mixed file lists every bad row precisely and writes nothing', async () => {
    const store = fakeStore();
    const report = await importRectificationList(
      fixture('rectification-list.mixed.csv'),
      { inspectionId: 'JX-3', actor: office, dryRun: true },
      store.send,
    );
    expect(store.appended()).toBe(0);
    expect(report).toMatchObject({ rows: 8, validRows: 4, invalidRows: 4, written: false });
    expect(report.problems.map((p) => [p.row, p.column, p.field])).toEqual([
      [5, '整改时限', 'deadline'],
      [6, '责任领导', 'responsibleLeader'],
      [6, '销号层级', 'signOffTier'],
      [9, '整改目标', 'target'],
      [9, '行政区划代码', 'regionCode'],
      [10, '任务编号 / 序号', 'taskId'],
    ]);
    expect(report.problems[0].zh).toContain('明年春天');
    expect(report.problems[0].en).toContain('is not a date');
    expect(report.problems[5].zh).toContain('第 3 行');
  });

  it('a real run with bad rows writes nothing unless asked to skip them; twice appends nothing more', async () => {
    const store = fakeStore();
    const file = fixture('rectification-list.mixed.csv');
    const blocked = await importRectificationList(
      file,
      { inspectionId: 'JX-3', actor: office },
      store.send,
    );
    expect(blocked.written).toBe(false);
    expect(store.appended()).toBe(0);

    const progress: number[] = [];
    const options = {
      inspectionId: 'JX-3',
      actor: office,
      skipInvalid: true,
      onProgress: (n: number) => progress.push(n),
    };
    const first = await importRectificationList(file, options, store.send);
    expect(first).toMatchObject({ written: true, created: 4, alreadyImported: 0 });
    expect(progress).toEqual([1, 2, 3, 4]);
    expect(store.appended()).toBe(8);
    expect([...store.streams.keys()].sort()).toEqual([
      'JX-3-001',
      'JX-3-002',
      'JX-3-003',
      'JX-3-004',
    ]);

    const again = await importRectificationList(file, options, store.send);
    expect(again).toMatchObject({ written: true, created: 0, alreadyImported: 4 });
    expect(store.appended()).toBe(8);
  });

  it('reports a file without the required headings once, against the heading row', async () => {
    const csv = Buffer.from('序号,整改任务,责任单位\n1,任务,单位\n');
    const report = await importRectificationList(
      csv,
      { inspectionId: 'JX-3', actor: office, dryRun: true },
      fakeStore().send,
    );
    expect(report.problems.every((p) => p.row === 1)).toBe(true);
    expect(report.problems.map((p) => p.column)).toContain('整改时限');
  });
});
