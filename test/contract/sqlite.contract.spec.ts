import { join } from 'node:path';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';
import { eventStoreContract } from './event-store.contract.js';

const dir = tempDir('sqlite-contract');
afterAll(() => dir.remove());

// A private file per run (durable, as in production), so store-wide facts are asserted too.
eventStoreContract('sqlite', async () => new SqliteEventStore(join(dir.path, 'events.db')), {
  uniquePrefix: false,
});

describe('SqliteEventStore specifics', () => {
  const actor = { id: 'u1', name: '测试员', role: 'ADMIN', organisation: '省督察办' };
  const request = (streamId: string, commandId: string, data: Record<string, unknown>) => ({
    streamId,
    expectedRevision: 'any' as const,
    events: [{ type: 'TaskListed', data: data as never }],
    context: { actor, commandId, recordedAt: new Date().toISOString() },
  });

  it('stores the data as it was when append() was called, even if the caller mutates it after', async () => {
    const store = new SqliteEventStore(join(dir.path, 'mutation.db'));
    const data: Record<string, unknown> = { title: '原标题' };
    const pending = store.append(request('task-m1', 'cmd-m1', data));
    // Appends are group-committed a tick later; this mutation must not reach the store unvalidated.
    data.title = '改过的';
    data.bad = Number.NaN;
    const result = await pending;
    const [stored] = await store.readStream('task-m1');
    expect(stored.data).toEqual({ title: '原标题' });
    expect(result.events[0].data).toEqual(stored.data);
    expect(result.events[0].metadata.hash).toBe(stored.metadata.hash);
    await store.close();
  });

  it('writes appends still queued at close() and does not crash afterwards', async () => {
    const file = join(dir.path, 'close.db');
    const store = new SqliteEventStore(file);
    const pending = [1, 2, 3].map((i) => store.append(request(`task-q${i}`, `cmd-q${i}`, { i })));
    await store.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(3);
    // The flush close() pre-empted still fires on the next turn; it must find nothing to do.
    await new Promise((resolve) => setImmediate(resolve));
    const reopened = new SqliteEventStore(file);
    expect(await reopened.readAll()).toHaveLength(3);
    await reopened.close();
  });

  it('keeps acknowledged events across a reopen of the file', async () => {
    const file = join(dir.path, 'reopen.db');
    const first = new SqliteEventStore(file);
    const written = await first.append(request('task-r1', 'cmd-r1', { n: 1 }));
    await first.close();
    const second = new SqliteEventStore(file);
    expect(await second.headPosition()).toBe(written.position);
    const retry = await second.append(request('task-r1', 'cmd-r1', { n: 1 }));
    expect(retry).toMatchObject({ duplicate: true, position: written.position });
    await second.close();
  });
});
