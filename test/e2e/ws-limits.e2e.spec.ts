import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Actor } from '../../src/common/actor.js';
import type { Decider } from '../../src/common/decider.js';
import { AccessLog } from '../../src/security/access-log.js';
import { healthFrom } from '../support/http-from.js';
import { closeCode, frameHeader, rawWebSocket } from '../support/raw-ws.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const FEED = 'subscription { ledgerEntries { position data } }';

type Note = { [key: string]: string | null; text: string | null };
const notes: Decider<Note, { text: string }, { type: 'NoteWritten'; data: { text: string } }> = {
  streamPrefix: 'note-',
  initialState: () => ({ text: null }),
  decide: (command) => [{ type: 'NoteWritten', data: { text: command.text } }],
  evolve: (_s, e) => ({ text: e.data.text }),
};
const writer: Actor = { id: 'w-1', name: '写入者', roles: ['ADMIN'], organisation: '省督察办' };

/** One upgrade attempt from `localAddress`: the status the server answered with (101 when opened). */
function connectOnce(url: string, localAddress: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, 'graphql-transport-ws', { localAddress });
    ws.on('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', () => resolve(0));
  });
}

/** Waits until `cond` holds, checking every 50 ms, for at most `ms`. */
async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

describe('WebSocket edge limits (issue 19, items 5 to 7)', () => {
  let t: TestApp;
  let wsUrl: string;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        // High enough for the tests below from 127.0.0.1; the flood comes from 127.0.0.5.
        ADDRESS_RATE_LIMIT_BURST: '400',
        ADDRESS_RATE_LIMIT_PER_MINUTE: '1',
        WS_CONNECTIONS_PER_ACTOR: '3',
        WS_SEND_BUFFER_BYTES: String(256 * 1024),
        WS_SEND_STALL_SECONDS: '2',
      },
    });
    wsUrl = t.url.replace('http', 'ws');
    token = await t.token('AUDITOR', '省审计厅');
  });
  afterAll(() => t.close());

  it('1,000 connects from one address: 429 past the address burst, a few collapsed log rows', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: 50 }, () => connectOnce(wsUrl, '127.0.0.5')),
      );
      for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
    }
    expect(statuses.get(101)).toBe(400);
    expect(statuses.get(429)).toBe(600);
    const rows = t.app.get(AccessLog).page({ address: '127.0.0.5' }, 10);
    expect(rows.totalCount()).toBe(1);
    expect(rows.entries[0]).toMatchObject({
      code: 'RATE_LIMITED',
      operation: 'subscription connect',
      count: 600,
    });
    expect(await healthFrom('127.0.0.6', t.url)).toBe('ok');
  });

  it('a message just over the body limit, or announcing 100 MiB, is refused with 1009 before any token', async () => {
    for (const length of [1024 * 1024 + 1, 100 * 1024 * 1024]) {
      const socket = await rawWebSocket(wsUrl, '127.0.0.7');
      const closed = closeCode(socket);
      const before = process.memoryUsage().rss;
      socket.write(frameHeader(length, randomBytes(4)));
      // Stream payload until the server stops the connection (it never needs the whole message).
      const chunk = randomBytes(64 * 1024);
      for (
        let sent = 0;
        sent < length && !socket.destroyed && socket.writable;
        sent += chunk.length
      )
        if (!socket.write(chunk)) await new Promise((r) => setTimeout(r, 5));
      expect(await closed).toBe(1009);
      socket.destroy();
      expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
    }
    expect(await healthFrom('127.0.0.6', t.url)).toBe('ok');
  });

  it('one connection asking 300 subscriptions gets 20; the rest are RATE_LIMITED', async () => {
    const client = createClient({
      url: wsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${token}` },
    });
    const refused: string[] = [];
    const disposers = Array.from({ length: 300 }, () =>
      client.subscribe(
        { query: FEED },
        {
          next: () => undefined,
          error: (e) => {
            const errors = (Array.isArray(e) ? e : [e]) as { extensions?: { code?: string } }[];
            refused.push(...errors.map((x) => x.extensions?.code ?? '?'));
          },
          complete: () => undefined,
        },
      ),
    );
    expect(await until(() => refused.length >= 280, 10_000)).toBe(true);
    expect(refused).toEqual(Array(280).fill('RATE_LIMITED'));
    disposers.forEach((d) => d());
    await client.dispose();
    expect(await healthFrom('127.0.0.6', t.url)).toBe('ok');
  });

  it('connections per actor are capped: the fourth with the same token is closed with 4429', async () => {
    const codes: number[] = [];
    const clients = Array.from({ length: 4 }, () =>
      createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        lazy: false,
        // The refused one is expected: no console noise for it.
        onNonLazyError: () => undefined,
        connectionParams: { authorization: `Bearer ${token}` },
        on: { closed: (e) => codes.push((e as { code: number }).code) },
      }),
    );
    expect(await until(() => codes.length >= 1, 5000)).toBe(true);
    expect(codes).toEqual([4429]);
    await Promise.all(clients.map((c) => c.dispose()));
  });

  it('a client that stops reading is dropped as a slow consumer; memory stays bounded', async () => {
    const text = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 200; i++) await t.command(notes, `n${i}`, { text }, writer);
    const ws = new WebSocket(wsUrl, 'graphql-transport-ws', { localAddress: '127.0.0.8' });
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { token } }));
    await new Promise((resolve) => ws.once('message', resolve));
    const before = process.memoryUsage().rss;
    for (let i = 0; i < 10; i++)
      ws.send(JSON.stringify({ id: String(i), type: 'subscribe', payload: { query: FEED } }));
    ws.pause();
    const log = t.app.get(AccessLog);
    const dropped = () =>
      log.page({ address: '127.0.0.8' }, 5).entries.some((e) => /Slow consumer/.test(e.reason));
    expect(await until(dropped, 15_000)).toBe(true);
    const grown = process.memoryUsage().rss - before;
    ws.resume();
    expect([1008, 1006]).toContain(await closed);
    expect(grown).toBeLessThan(256 * 1024 * 1024);
    console.log(`slow consumer: rss grew ${(grown / 2 ** 20).toFixed(1)} MiB before the drop`);
    expect(await healthFrom('127.0.0.6', t.url)).toBe('ok');
  });
});
