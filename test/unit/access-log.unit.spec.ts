import { join } from 'node:path';
import { AccessLog } from '../../src/security/access-log.js';
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
