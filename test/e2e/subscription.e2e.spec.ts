import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { Actor } from '../../src/common/actor.js';
import type { Decider } from '../../src/common/decider.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

type Note = { [key: string]: string | null; text: string | null };
const notes: Decider<Note, { text: string }, { type: 'NoteWritten'; data: { text: string } }> = {
  streamPrefix: 'note-',
  initialState: () => ({ text: null }),
  decide: (command) => [{ type: 'NoteWritten', data: { text: command.text } }],
  evolve: (_s, e) => ({ text: e.data.text }),
};
const writer: Actor = { id: 'w-1', name: '写入者', roles: ['ADMIN'], organisation: '省督察办' };

const FEED = `subscription ($filter: LedgerFilter, $after: Position) {
  ledgerEntries(filter: $filter, after: $after) { position streamId type actor { id } changes { field before after } } }`;

interface Entry {
  position: string;
  streamId: string;
  type: string;
  changes: { field: string; before: unknown; after: unknown }[];
}

/** Collects a subscription's entries; `until(n)` resolves once n have arrived. */
function collect(client: Client, variables: Record<string, unknown>) {
  const entries: Entry[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const check = () => waiters.splice(0).forEach((w) => w());
  const dispose = client.subscribe<{ ledgerEntries: Entry }>(
    { query: FEED, variables },
    {
      next: (r) => {
        if (r.errors) errors.push(...r.errors);
        if (r.data) entries.push(r.data.ledgerEntries);
        check();
      },
      error: (e) => {
        errors.push(...(Array.isArray(e) ? e : [e]));
        check();
      },
      complete: check,
    },
  );
  const until = async (cond: () => boolean) => {
    while (!cond()) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { entries, errors, dispose, until };
}

describe('ledgerEntries subscription over graphql-ws', () => {
  let t: TestApp;
  let wsUrl: string;
  const clients: Client[] = [];
  const client = (token: string | undefined, onClosed?: (code: number) => void) => {
    const c = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      connectionParams: token ? { authorization: `Bearer ${token}` } : {},
      on: { closed: (event) => onClosed?.((event as { code: number }).code) },
    });
    clients.push(c);
    return c;
  };
  const write = (id: string, text: string) => t.command(notes, id, { text }, writer);

  beforeAll(async () => {
    t = await startTestApp();
    wsUrl = t.url.replace('http', 'ws');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t.close();
  });

  it('catches up, goes live, and resumes after a position with nothing missed or repeated', async () => {
    const token = await t.token('INTEGRATION', '省大数据中心');
    for (let i = 1; i <= 3; i++) await write(`a${i}`, `first ${i}`);
    const first = collect(client(token), {});
    await first.until(() => first.entries.length === 3);
    await write('a1', 'changed');
    await write('b1', 'live');
    await first.until(() => first.entries.length === 5);
    expect(first.errors).toEqual([]);
    expect(first.entries.map((e) => e.streamId)).toEqual([
      'note-a1',
      'note-a2',
      'note-a3',
      'note-a1',
      'note-b1',
    ]);
    // Each entry is the ledger entry itself, field changes included, as `history` shows it.
    const history = await t.gql<{ history: { edges: { node: Entry }[] } }>(
      '{ history(streamId: "note-a1") { edges { node { position streamId type actor { id } changes { field before after } } } } }',
      {},
      token,
    );
    expect(history.data?.history.edges.map((e) => e.node)).toEqual([
      first.entries[0],
      first.entries[3],
    ]);
    const last = first.entries[4].position;
    first.dispose();

    await write('c1', 'while away 1');
    await write('c2', 'while away 2');
    const resumed = collect(client(token), { after: last });
    await resumed.until(() => resumed.entries.length === 2);
    await write('c3', 'live again');
    await resumed.until(() => resumed.entries.length === 3);
    expect(resumed.entries.map((e) => e.streamId)).toEqual(['note-c1', 'note-c2', 'note-c3']);
    const positions = [...first.entries, ...resumed.entries].map((e) => BigInt(e.position));
    expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(positions).size).toBe(positions.length);
    resumed.dispose();
  });

  it('filters by stream prefix and actor', async () => {
    const token = await t.token('AUDITOR', '省审计厅');
    const feed = collect(client(token), { filter: { streamPrefix: 'note-c' } });
    await feed.until(() => feed.entries.length === 3);
    expect(feed.entries.every((e) => e.streamId.startsWith('note-c'))).toBe(true);
    feed.dispose();
    const none = collect(client(token), { filter: { actorId: 'nobody' } });
    const all = collect(client(token), {});
    await all.until(() => all.entries.length >= 8);
    expect(none.entries).toEqual([]);
    none.dispose();
    all.dispose();
  });

  it('refuses connections without a valid token (4403) and roles that may not subscribe', async () => {
    for (const token of [
      undefined,
      'not-a-token',
      await t.token('INTEGRATION', 'x', { ttl: '0s' }),
    ]) {
      let closedWith: number | undefined;
      const feed = collect(
        client(token, (code) => (closedWith = code)),
        {},
      );
      await feed.until(() => feed.errors.length > 0);
      expect(closedWith).toBe(4403);
      expect(feed.entries).toEqual([]);
    }
    const entity = await t.token('IMPLEMENTING_ENTITY', '某县');
    const refused = collect(client(entity), {});
    await refused.until(() => refused.errors.length > 0);
    expect(refused.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }),
    ]);
  });

  it('applies the query limits to subscriptions', async () => {
    const token = await t.token('INTEGRATION', '省大数据中心');
    const aliases = Array.from({ length: 21 }, (_, i) => `a${i}: type`).join(' ');
    const errors: unknown[] = [];
    await new Promise<void>((resolve) =>
      client(token).subscribe(
        { query: `subscription { ledgerEntries { ${aliases} } }` },
        {
          next: () => undefined,
          error: (e) => (errors.push(...(Array.isArray(e) ? e : [e])), resolve()),
          complete: resolve,
        },
      ),
    );
    expect(errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX' }),
      }),
    ]);
  });

  it('closes the connection when the token expires (4401)', async () => {
    const token = await t.token('INTEGRATION', '省大数据中心', { ttl: '2s' });
    let closedWith: number | undefined;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const feed = collect(
      client(token, (code) => {
        closedWith = code;
        closed();
      }),
      {},
    );
    await feed.until(() => feed.entries.length > 0);
    await done;
    expect(closedWith).toBe(4401);
  });
});
