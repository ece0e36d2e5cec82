import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { AccessLog } from '../../src/security/access-log.js';
import { withClientAddress } from '../../src/security/client-address.js';
import { loadConfig } from '../../src/config/config.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('access-log');
afterAll(() => dir.remove());

const refusal = (at: string) => ({
  at,
  operation: 'mutation assignTask',
  target: 'task-1',
  code: 'FORBIDDEN' as const,
  reason: '无权操作 / not allowed',
});

describe('access log retention', () => {
  it('deletes entries older than the retention period when opened, and keeps the rest', () => {
    const path = join(dir.path, 'retention');
    const writer = new AccessLog(path);
    for (const at of [
      '2024-01-01T00:00:00.000Z',
      '2025-05-01T00:00:00.000Z',
      '2025-06-30T00:00:00.000Z',
    ])
      writer.record(refusal(at));
    writer.close();

    const log = new AccessLog(path, {
      retentionDays: 180,
      now: () => new Date('2025-07-01T00:00:00.000Z'),
    });
    expect(log.page({}, 10).entries.map((e) => e.at)).toEqual([
      '2025-06-30T00:00:00.000Z',
      '2025-05-01T00:00:00.000Z',
    ]);
    expect(log.prune()).toBe(0);
    log.close();
  });

  it('keeps everything with retention 0, and refuses less than six months', () => {
    const path = join(dir.path, 'forever');
    const log = new AccessLog(path, { retentionDays: 0, now: () => new Date('2030-01-01') });
    log.record(refusal('2001-01-01T00:00:00.000Z'));
    expect(log.prune()).toBe(0);
    expect(log.page({}, 10).entries).toHaveLength(1);
    log.close();
    expect(loadConfig({ DATA_DIR: path }).accessLogRetentionDays).toBe(365);
    expect(
      loadConfig({ DATA_DIR: path, ACCESS_LOG_RETENTION_DAYS: '0' }).accessLogRetentionDays,
    ).toBe(0);
    expect(() => loadConfig({ DATA_DIR: path, ACCESS_LOG_RETENTION_DAYS: '30' })).toThrow(
      /at least 180 days/,
    );
    expect(() => loadConfig({ DATA_DIR: path, ACCESS_LOG_RETENTION_DAYS: 'a year' })).toThrow(
      /ACCESS_LOG_RETENTION_DAYS/,
    );
  });
});

describe('access log: addresses and collapsed repeats', () => {
  it('opens a file written before addresses were kept; its rows read as one refusal each', () => {
    const path = join(dir.path, 'old');
    mkdirSync(path, { recursive: true });
    const old = new DatabaseSync(join(path, 'access-log.db'));
    old.exec(`CREATE TABLE access_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,
      actor_id TEXT, actor_name TEXT, roles TEXT NOT NULL, organisation TEXT, operation TEXT NOT NULL,
      target TEXT, code TEXT NOT NULL, reason TEXT NOT NULL);
      INSERT INTO access_log (at, roles, operation, code, reason)
      VALUES ('2024-01-01T00:00:00.000Z', '[]', 'query accessLog', 'FORBIDDEN', 'no');`);
    old.close();
    const log = new AccessLog(path);
    log.record({ ...refusal('2024-01-02T00:00:00.000Z'), address: '10.0.0.7' });
    expect(log.page({}, 10).entries.map((e) => [e.address, e.count, e.lastAt])).toEqual([
      ['10.0.0.7', 1, '2024-01-02T00:00:00.000Z'],
      [null, 1, '2024-01-01T00:00:00.000Z'],
    ]);
    expect(log.page({ address: '10.0.0.7' }, 10).totalCount()).toBe(1);
    log.close();
  });

  it('counts identical refusals within the window on one row; another address, reason or window is a new row', () => {
    const log = new AccessLog(join(dir.path, 'collapse'), { collapseSeconds: 60 });
    const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();
    withClientAddress('192.0.2.1', () => {
      for (let s = 0; s < 50; s++) log.record(refusal(at(s)));
      log.record({ ...refusal(at(50)), reason: '另一个原因 / another reason' });
    });
    log.record({ ...refusal(at(51)), address: '192.0.2.2' });
    withClientAddress('192.0.2.1', () => log.record(refusal(at(70))));
    const rows = log
      .page({}, 10)
      .entries.map((e) => [e.address, e.reason, e.count, e.at, e.lastAt]);
    expect(rows).toEqual([
      ['192.0.2.1', refusal('').reason, 1, at(70), at(70)],
      ['192.0.2.2', refusal('').reason, 1, at(51), at(51)],
      ['192.0.2.1', '另一个原因 / another reason', 1, at(50), at(50)],
      ['192.0.2.1', refusal('').reason, 50, at(0), at(49)],
    ]);
    log.close();
    // The counts were written, not only held in memory.
    const reopened = new AccessLog(join(dir.path, 'collapse'));
    expect(reopened.page({}, 10).entries.map((e) => e.count)).toEqual([1, 1, 1, 50]);
    reopened.close();
  });
});
