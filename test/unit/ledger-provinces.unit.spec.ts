import { DatabaseSync } from 'node:sqlite';
import type { JsonObject } from '../../src/common/json.js';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { ledgerProjection } from '../../projections/ledger/ledger.projection.js';
import { ledgerPage } from '../../projections/ledger/ledger.queries.js';
import { RECORD_KINDS } from '../../projections/ledger/record-kinds.js';
import { nationalProjection } from '../../projections/national/national.projection.js';

/**
 * The ledger's province column must place every entry where the national projection places its
 * record (the rule region scoping uses), whatever order the records arrive in: a record naming an
 * inspection registered only later, later events of a record, records of no inspection, streams
 * that are no record, and a batch rolled back.
 */
describe("the ledger's province index places entries as region scoping does", () => {
  const db = new DatabaseSync(':memory:');
  const ledger = ledgerProjection(RECORD_KINDS);
  const national = nationalProjection();
  ledger.setup(db);
  national.setup(db);
  const revisions = new Map<string, bigint>();
  let position = 0n;
  const event = (streamId: string, type: string, data: JsonObject): RecordedEvent => {
    const revision = revisions.get(streamId) ?? 0n;
    revisions.set(streamId, revision + 1n);
    position++;
    return {
      streamId,
      type,
      data,
      revision,
      position,
      eventId: `e${position}`,
      metadata: {
        actor: { id: 'u1', name: '甲', role: 'OFFICE', organisation: '督察办' },
        commandId: `c${position}`,
        correlationId: `c${position}`,
        causationId: `c${position}`,
        recordedAt: `2025-01-01T00:00:${String(position).padStart(2, '0')}.000Z`,
        schemaVersion: 1,
        prevHash: '',
        hash: `h${position}`,
      },
    } as unknown as RecordedEvent;
  };
  const apply = (e: RecordedEvent) => {
    ledger.apply(e, db);
    if (national.filter?.streamPrefixes?.some((p) => e.streamId.startsWith(p)))
      national.apply(e, db);
  };
  const registered = (id: string, regionCode: string) =>
    event(`inspection-${id}`, 'InspectionRegistered', {
      regionCode,
      regionName: regionCode,
      round: 1,
    });

  beforeAll(() => {
    apply(registered('GD', '440100'));
    apply(event('task-a', 'TaskListed', { inspectionId: 'GD' }));
    // Named before its inspection is registered: placed when it is, with its entries so far.
    apply(event('task-early', 'TaskListed', { inspectionId: 'JX' }));
    apply(event('task-early', 'TaskAssigned', {}));
    apply(event('complaint-c', 'ComplaintRegistered', { inspectionId: 'JX' }));
    apply(event('announcement-JX', 'AnnouncementTableOpened', {}));
    apply(event('task-a', 'TaskAssigned', {}));
    apply(event('user-u1', 'UserRegistered', { inspectionId: 'GD' }));
    apply(event('disclosure-d', 'DisclosureDrafted', {}));
    apply(registered('JX', '360100'));
    apply(event('task-early', 'ProgressReported', {}));
    apply(event('task-nowhere', 'TaskListed', { inspectionId: 'NONE' }));
    apply(event('task-nowhere', 'TaskAssigned', {}));
    for (let i = 0; i < 3; i++) apply(event('task-a', 'ProgressReported', {}));
  });
  afterAll(() => db.close());

  const rows = () =>
    db
      .prepare(
        `SELECT e.stream_id AS streamId, e.province, n.province AS national
         FROM ledger_entries e LEFT JOIN national_streams n ON n.stream_id = e.stream_id
         ORDER BY e.position`,
      )
      .all() as { streamId: string; province: number | null; national: string | null }[];

  it('gives each entry its record’s province as national_streams has it, or none', () => {
    const all = rows();
    expect(all).toHaveLength(Number(position));
    for (const r of all)
      expect([r.streamId, r.province]).toEqual([
        r.streamId,
        r.national === null ? null : Number(r.national.slice(0, 2)),
      ]);
    const of = (streamId: string) =>
      all.filter((r) => r.streamId === streamId).map((r) => r.province);
    expect(of('task-early')).toEqual([36, 36, 36]);
    expect(of('complaint-c')).toEqual([36]);
    expect(of('announcement-JX')).toEqual([36]);
    expect(of('task-a')).toEqual([44, 44, 44, 44, 44]);
    expect(of('user-u1')).toEqual([null]);
    expect(of('disclosure-d')).toEqual([null]);
    expect(of('task-nowhere')).toEqual([null, null]);
    expect(db.prepare('SELECT inspection_id FROM ledger_unplaced').all()).toEqual([
      { inspection_id: 'NONE' },
    ]);
  });

  it("a province's page holds its records' entries only, in ledger order", () => {
    const page = ledgerPage(db, { scopeProvince: '360000' }, 50);
    expect(page.entries.map((e) => e.streamId)).toEqual([
      'task-early',
      'task-early',
      'complaint-c',
      'announcement-JX',
      'inspection-JX',
      'task-early',
    ]);
    expect(page.totalCount()).toBe(6);
  });

  it('forgets what a rolled-back batch taught it', () => {
    const provincesOf = (streamId: string) =>
      rows()
        .filter((r) => r.streamId === streamId)
        .map((r) => r.province);
    apply(event('task-h', 'TaskListed', { inspectionId: 'HN' }));
    db.exec('BEGIN');
    apply(registered('HN', '430100'));
    expect(provincesOf('task-h')).toEqual([43]);
    db.exec('ROLLBACK');
    ledger.abortBatch?.();
    revisions.delete('inspection-HN');
    position -= 1n;
    // The registration never happened: the task's next entry is of no province yet.
    apply(event('task-h', 'TaskAssigned', {}));
    expect(provincesOf('task-h')).toEqual([null, null]);
    apply(registered('HN', '430100'));
    expect(provincesOf('task-h')).toEqual([43, 43]);
  });
});
