import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { eventLeafHash, rootOf, verifyConsistency } from '../../src/event-store/merkle/tlog.js';
import { verifyLedger } from '../../src/event-store/merkle/verify-ledger.js';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { StreamHeads } from '../../src/event-store/stream-heads.js';
import { verifyStream } from '../../src/event-store/verify.js';
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

  it('reads only the metadata fields asked for, without parsing the rest', async () => {
    const store = new SqliteEventStore(join(dir.path, 'fields.db'));
    await store.append(request('task-f1', 'cmd-f1', { n: 1 }));
    const [slim] = await store.readAll({ metadataFields: ['recordedAt'] });
    const [whole] = await store.readAll();
    expect(slim.metadata).toEqual({ recordedAt: whole.metadata.recordedAt });
    expect(slim.data).toEqual({ n: 1 });
    await expect(store.readAll({ metadataFields: ["x') --" as never] })).rejects.toThrow(
      'not a metadata field',
    );
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

  it('names the event whose stored row is no longer JSON, in every read of it', async () => {
    const file = join(dir.path, 'corrupt.db');
    const store = new SqliteEventStore(file);
    await store.append(request('task-c1', 'cmd-c1', { n: 1 }));
    await store.append(request('task-c2', 'cmd-c2', { n: 2 }));
    await store.close();
    // Only a hand edit does this: the store's triggers refuse updates.
    const raw = new DatabaseSync(file);
    raw.exec(`DROP TRIGGER events_are_immutable_update;
      UPDATE events SET data = '{"n": 2' WHERE stream_id = 'task-c2'`);
    raw.close();
    const reopened = new SqliteEventStore(file);
    const named = {
      name: 'CorruptEventError',
      message: expect.stringContaining('task-c2 版本 0（位置 2）'),
    };
    await expect(reopened.readAll()).rejects.toMatchObject(named);
    await expect(reopened.readStream('task-c2')).rejects.toMatchObject(named);
    expect((await reopened.readAll({ maxCount: 1 }))[0].data).toEqual({ n: 1 });
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

  it('appends onto the true head when another connection wrote since this one last did', async () => {
    const file = join(dir.path, 'two-connections.db');
    const [a, b] = [new SqliteEventStore(file), new SqliteEventStore(file)];
    // a remembers task-h1 at revision 0; b then moves the stream to revision 2.
    await a.append(request('task-h1', 'cmd-h1', { by: 'a' }));
    await b.append(request('task-h1', 'cmd-h2', { by: 'b' }));
    await b.append(request('task-h1', 'cmd-h3', { by: 'b' }));
    // 'any' lands after b's events and chains onto them.
    const appended = await a.append(request('task-h1', 'cmd-h4', { by: 'a' }));
    expect(appended.revision).toBe(3n);
    // An exact revision from a's stale view is a conflict and writes nothing.
    await expect(
      a.append({ ...request('task-h1', 'cmd-h5', { by: 'a' }), expectedRevision: 0n }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    // A retry of a command b wrote is answered from the store, not written again by a.
    const retried = await a.append(request('task-h1', 'cmd-h3', { by: 'b' }));
    expect(retried).toMatchObject({ duplicate: true, revision: 2n });
    const events = await b.readStream('task-h1');
    expect(events.map((e) => [e.revision, e.data.by])).toEqual([
      [0n, 'a'],
      [1n, 'b'],
      [2n, 'b'],
      [3n, 'a'],
    ]);
    expect(await verifyStream(b, 'task-h1')).toMatchObject({ ok: true, events: 4 });
    // Each connection's tree rereads its edge where the other appended: one tree over all four.
    const root = rootOf((await b.readAll()).map((e) => eventLeafHash(e.metadata.hash)));
    await a.append(request('task-h2', 'cmd-h6', { by: 'a' }));
    const all = (await a.readAll()).map((e) => eventLeafHash(e.metadata.hash));
    expect(a.tree.root().equals(rootOf(all))).toBe(true);
    expect(verifyConsistency(4, 5, a.tree.consistencyProof(4, 5), root, a.tree.root())).toBe(true);
    expect((await verifyLedger(b, b.tree)).logProblem).toBeUndefined();
    await Promise.all([a.close(), b.close()]);
  });
});

describe('StreamHeads', () => {
  it('keeps at most its capacity, dropping the stream written least recently', () => {
    const heads = new StreamHeads(2);
    const head = (revision: bigint) => ({ revision, hash: revision.toString().repeat(64) });
    heads.set('task-1', head(0n));
    heads.set('task-2', head(0n));
    heads.set('task-1', head(1n));
    heads.set('task-3', head(0n));
    expect(heads.get('task-2')).toBeUndefined();
    expect(heads.get('task-1')).toEqual(head(1n));
    expect(heads.get('task-3')).toEqual(head(0n));
    heads.forget('task-1');
    expect(heads.get('task-1')).toBeUndefined();
  });
});
