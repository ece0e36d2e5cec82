import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { verifyStream } from '../../src/event-store/verify.js';

const actor = { id: 'u1', name: '测试', role: 'ADMIN', organisation: 'org' };

it('appends and verifies', async () => {
  const store = new SqliteEventStore(':memory:');
  const r = await store.append({
    streamId: 'task-1',
    expectedRevision: 'no_stream',
    events: [{ type: 'TaskListed', data: { title: 'x' } }],
    context: { actor, commandId: 'c1', recordedAt: new Date().toISOString() },
  });
  expect(r.revision).toBe(0n);
  expect((await verifyStream(store, 'task-1')).ok).toBe(true);
  await store.close();
});
