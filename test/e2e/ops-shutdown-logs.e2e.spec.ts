import { join } from 'node:path';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SqliteEventStore } from '../../src/event-store/sqlite-event-store.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { registerInspection, assignInput, tokens } from '../support/task-api.js';
import { startWriteLoad } from '../support/write-load.js';

const PHONE = '13800138000';
const LANDLINE = '0792-8765432';

/** Each line the server printed, parsed: every one must be a JSON object. */
const lines = (s: ServerProcess) =>
  s
    .output()
    .split('\n')
    // The helper keeps the last 20,000 characters: the first line may be cut.
    .filter((l, i) => l.trim() && (i > 0 || l.startsWith('{')))
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${l}`);
      }
    });

describe('structured logs', () => {
  let s: ServerProcess;
  beforeAll(async () => {
    s = await startServerProcess({
      env: { LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      startTimeoutMs: 90_000,
    });
  }, 120_000);
  afterAll(() => s?.stop());

  it('writes JSON lines with a request id and the actor, never a token or a leader phone', async () => {
    const tk = await tokens(s);
    await registerInspection(s, tk.office);
    const listed = await s.gql(
      `mutation($input: ListTaskInput!) { listTask(input: $input) { task { id } } }`,
      {
        input: {
          taskId: 'LOG-1',
          inspectionId: 'JX-3',
          title: '采砂整治',
          problem: `联系 ${PHONE}`,
        },
      },
      tk.office,
    );
    expect(listed.errors).toBeUndefined();
    const res = await fetch(s.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${tk.office}`,
        'x-request-id': 'ops-log-test-1',
      },
      body: JSON.stringify({
        query: `mutation($input: AssignTaskInput!) { assignTask(input: $input) { task { id } } }`,
        variables: {
          input: assignInput('LOG-1', {
            responsibleLeader: { name: '李某', position: '副市长', phone: PHONE },
          }),
        },
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('ops-log-test-1');
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    // A token that does not verify, a phone in the query string and in a refused argument.
    await fetch(`${s.url}?query=${encodeURIComponent(`{ task(id: "${LANDLINE}") { id } }`)}`, {
      headers: { authorization: `Bearer ${tk.office}x` },
    });
    await s.gql(`{ task(id: "${PHONE}") { id } }`, {}, `${tk.auditor}broken`);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const all = lines(s);
    const requests = all.filter((l) => l.msg === 'request completed');
    expect(requests.length).toBeGreaterThanOrEqual(5);
    for (const r of requests) expect(typeof r.reqId).toBe('string');
    const assign = requests.find((r) => r.reqId === 'ops-log-test-1')!;
    expect(assign).toMatchObject({
      level: 'info',
      actor: '江西省督察办:inspection_office',
      req: { method: 'POST', path: '/graphql' },
      res: { status: 200 },
    });
    const text = s.output();
    for (const secret of [tk.office, tk.auditor, tk.office.split('.')[2], PHONE, LANDLINE]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('graceful shutdown on SIGTERM', () => {
  it('under write load: every acknowledged write is kept, every request is answered, exit within the time', async () => {
    const s = await startServerProcess({
      env: { SHUTDOWN_TIMEOUT_MS: '20000', LOG_LEVEL: 'info' },
      startTimeoutMs: 90_000,
    });
    try {
      const tk = await tokens(s);
      await registerInspection(s, tk.office);
      // A live-feed subscriber, told why its connection ends.
      let closed!: (event: { code: number; reason: string }) => void;
      const closedWith = new Promise<{ code: number; reason: string }>((r) => (closed = r));
      let subscribed!: () => void;
      const connected = new Promise<void>((r) => (subscribed = r));
      const feed = createClient({
        url: s.url.replace(/^http/, 'ws'),
        webSocketImpl: WebSocket,
        retryAttempts: 0,
        connectionParams: { authorization: `Bearer ${tk.auditor}` },
        on: {
          connected: () => subscribed(),
          closed: (event) => closed(event as { code: number; reason: string }),
        },
      });
      feed.subscribe(
        { query: 'subscription { ledgerEntries { position } }' },
        { next: () => {}, error: () => {}, complete: () => {} },
      );
      await connected;
      const load = startWriteLoad(s.url, tk.office, {
        writers: 12,
        prefix: 'SD',
        inspectionId: 'JX-3',
      });
      while (load.acknowledged().length < 60) await new Promise((r) => setTimeout(r, 50));
      const signalled = Date.now();
      process.kill(s.pid, 'SIGTERM');
      const [exit] = await Promise.all([s.exited, load.done()]);
      const took = Date.now() - signalled;

      expect(exit).toEqual({ code: 0, signal: null });
      expect(await closedWith).toMatchObject({
        code: 1001,
        reason: '服务正在停止 / Server shutting down',
      });
      await feed.dispose();
      expect(took).toBeLessThan(20_000);
      const cut = load.outcomes.filter((o) => o.kind === 'cut');
      expect(cut).toEqual([]);
      // Requests answered after the signal: in flight then, or sent on an open connection (503).
      const after = load.outcomes.filter((o) => o.at >= signalled && o.kind !== 'not-taken');
      expect(after.length).toBeGreaterThan(0);
      for (const o of load.outcomes.filter((o) => o.kind === 'refused-write')) {
        expect(o).toMatchObject({ status: 503, detail: 'SHUTTING_DOWN' });
      }
      const log = lines(s).map((l) => l.msg);
      expect(log).toEqual(expect.arrayContaining(['正在停止 / shutting down', '已停止 / stopped']));

      const store = new SqliteEventStore(join(s.dataDir, 'events.db'));
      try {
        for (const o of load.acknowledged()) {
          const events = await store.readStream(`task-${o.taskId}`);
          expect(events.map((e) => e.type)).toEqual(['TaskListed']);
        }
        const { failures } = await verifyAll(store);
        expect(failures).toEqual([]);
      } finally {
        await store.close();
      }
    } finally {
      await s.stop();
    }
  }, 180_000);
});
