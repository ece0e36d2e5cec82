import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { systemActor } from '../../src/common/actor.js';
import type { JsonObject } from '../../src/common/json.js';
import type { AppendRequest } from '../../src/event-store/event-store.port.js';
import {
  commitPersonalData,
  erasePersonalData,
  opens,
} from '../../src/event-store/personal-data.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { redactInternal, REDACTED, revealInternal } from '../../src/ledger/api/internal-fields.js';
import { tempDir } from '../support/temp-dir.js';

const dir = tempDir('personal-data');
afterAll(() => dir.remove());

const actor = { id: 'u1', name: '测试员', role: 'INSPECTION_OFFICE', organisation: '省督察办' };
const assigned = (phone: string): JsonObject => ({
  leadUnit: '九江市人民政府',
  responsibleLeader: { name: '李某', position: '副市长', phone },
  at: '2024-09-01T00:00:00.000Z',
});
const request = (data: JsonObject, personal?: string[]): AppendRequest => ({
  streamId: 'task-old1',
  expectedRevision: 'any',
  events: [{ type: 'TaskAssigned', data, ...(personal ? { schemaVersion: 2, personal } : {}) }],
  context: { actor, commandId: `c-${Math.random()}`, recordedAt: '2024-09-01T00:00:00.000Z' },
});

describe('committing personal data', () => {
  it("replaces the value by its commitment in a copy, never in the caller's data", () => {
    const data = assigned('13800000000');
    const { request: out, sealed } = commitPersonalData(
      request(data, ['data.responsibleLeader.phone']),
    );
    expect(data).toEqual(assigned('13800000000'));
    const phone = (out.events[0].data.responsibleLeader as JsonObject).phone as JsonObject;
    expect(phone).toEqual({ commitment: sealed[0][0].commitment });
    expect(opens({ ...sealed[0][0], eventId: 'e' })).toBe(true);
    expect(opens({ ...sealed[0][0], eventId: 'e', value: '"13800000001"' })).toBe(false);
    // Two commitments of the same value differ: equal phones cannot be matched across events.
    const again = commitPersonalData(request(data, ['data.responsibleLeader.phone']));
    expect(again.sealed[0][0].commitment).not.toBe(sealed[0][0].commitment);
  });
});

describe('events written before commitments (schemaVersion 1, the phone hashed in clear)', () => {
  it('keep reading, verifying and showing the phone to its readers only; erasing them is refused', async () => {
    const file = join(dir.path, 'old.db');
    const writer = new SqliteEventStore(file);
    // What the code before commitments appended: no personal marks, schemaVersion 1.
    await writer.append(request(assigned('13912345678')));
    await writer.close();
    // A file of that version has no personal-data table at all.
    const raw = new DatabaseSync(file);
    raw.exec('DROP TABLE personal_data');
    raw.close();

    const store = new SqliteEventStore(file);
    try {
      expect((await verifyAll(store)).failures).toEqual([]);
      const [old] = await store.readStream('task-old1');
      expect(old.metadata.schemaVersion).toBe(1);
      expect(await revealInternal(store, [old.data])).toEqual([old.data]);
      expect(redactInternal(old.data)).toMatchObject({ responsibleLeader: { phone: REDACTED } });
      await expect(
        erasePersonalData(store, {
          eventId: old.eventId,
          path: 'data.responsibleLeader.phone',
          reason: '保存期限届满',
          actor: systemActor(),
          at: '2030-01-01T00:00:00.000Z',
        }),
      ).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
      // New events in the same file are committed beside the old ones.
      await store.append(request(assigned('13912345679'), ['data.responsibleLeader.phone']));
      expect((await verifyAll(store)).failures).toEqual([]);
      const [, fresh] = await store.readStream('task-old1');
      expect(JSON.stringify(fresh.data)).not.toContain('13912345679');
      expect(await revealInternal(store, [fresh.data])).toEqual([assigned('13912345679')]);
    } finally {
      await store.close();
    }
  });
});
