import { createClient, type Client } from 'graphql-ws';
import parsePrometheus from 'parse-prometheus-text-format';
import WebSocket from 'ws';
import { PROJECTION_RUNNER } from '../../src/read-side/read-side.module.js';
import { allProjections } from '../../projections/index.js';
import type { ProjectionRunner } from '../../projections/runner.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { MetricsServer } from '../../src/ops/metrics.endpoint.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { registerInspection, tokens } from '../support/task-api.js';

const base = (t: TestApp) => t.url.replace(/\/graphql$/, '');

interface Probe {
  status: number;
  body: {
    status: string;
    info: Record<string, Record<string, unknown>>;
    error: Record<string, Record<string, unknown>>;
  };
}

const probe = async (t: TestApp, path: string): Promise<Probe> => {
  const res = await fetch(`${base(t)}${path}`);
  return { status: res.status, body: (await res.json()) as Probe['body'] };
};

/** Appends `count` plain events (notes) straight to the store, in appends of 100. */
async function seed(store: EventStore, count: number): Promise<void> {
  const actor = { id: 'seed', name: '种子', role: 'ADMIN', organisation: '省督察办' };
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < count / 100; i++) {
    writes.push(
      store.append({
        streamId: `note-seed-${i}`,
        expectedRevision: 'no_stream',
        events: Array.from({ length: 100 }, (_, j) => ({
          type: 'NoteWritten',
          data: { text: `note ${i}/${j}` },
        })),
        context: { actor, commandId: `seed-${i}`, recordedAt: new Date().toISOString() },
      }),
    );
  }
  await Promise.all(writes);
}

describe('health and readiness over plain HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Any lag makes the instance unready here, so a rebuild shows at once.
    t = await startTestApp({ env: { READY_MAX_LAG_EVENTS: '0' } });
  });
  afterAll(() => t.close());

  it('answers /healthz and /readyz without a token, in the shape load balancers read', async () => {
    const live = await probe(t, '/healthz');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const ready = await probe(t, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.status).toBe('ok');
    expect(Object.keys(ready.body.info).sort()).toEqual([
      'eventStore',
      'projections',
      'serving',
      'signingKeys',
    ]);
    expect(ready.body.info.signingKeys).toMatchObject({ status: 'up', tokens: 'embedded' });
  });

  it('is unready while a projection is rebuilt, naming it, and ready once it has caught up', async () => {
    const store = t.app.get<EventStore>(EVENT_STORE);
    await seed(store, 8000);
    const runner = t.app.get<ProjectionRunner>(PROJECTION_RUNNER);
    const head = await store.headPosition();
    await runner.waitFor(head, 60_000);
    expect((await probe(t, '/readyz')).status).toBe(200);

    runner.reset(runner.projections.find((p) => p.name === 'ledger')!);
    const during = await probe(t, '/readyz');
    expect(during.status).toBe(503);
    expect(during.body.status).toBe('error');
    expect(during.body.error.projections).toMatchObject({ status: 'down', behind: ['ledger'] });
    // The process lives all along: liveness does not follow readiness.
    expect((await probe(t, '/healthz')).status).toBe(200);

    const seen: number[] = [];
    const deadline = Date.now() + 60_000;
    let last: Probe | undefined;
    while (Date.now() < deadline) {
      last = await probe(t, '/readyz');
      seen.push(last.status);
      if (last.status === 200) break;
    }
    expect(last?.status).toBe(200);
    expect(last?.body.info.projections).toMatchObject({ ledger: { lag: 0 } });
    expect(runner.caughtUpTo).toBe(head);
  });
});

describe('probes and the per-address rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { ADDRESS_RATE_LIMIT_BURST: '3', ADDRESS_RATE_LIMIT_PER_MINUTE: '1' },
    });
  });
  afterAll(() => t.close());

  it('still answers the probes when the address has used up its requests', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await t.gql('{ __typename }')).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    for (let i = 0; i < 20; i++) {
      expect((await probe(t, '/healthz')).status).toBe(200);
      expect((await probe(t, '/readyz')).status).toBe(200);
    }
  });
});

type Family = ReturnType<typeof parsePrometheus>[number];

describe('Prometheus metrics', () => {
  let t: TestApp;
  let ws: Client | undefined;
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        METRICS: 'api',
        RATE_LIMIT_BURST: '2',
        RATE_LIMIT_PER_MINUTE: '1',
      },
    });
  });
  afterAll(async () => {
    await ws?.dispose();
    await t.close();
  });

  const scrape = async (url = `${base(t)}/metrics`) => {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheus(await res.text());
    return new Map(families.map((f) => [f.name, f]));
  };
  const value = (f: Family | undefined, labels: Record<string, string> = {}) =>
    Number(
      f?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))
        ?.value ?? NaN,
    );

  it('parses as the Prometheus text format and shows every listed series', async () => {
    const tk = await tokens(t);
    await registerInspection(t, tk.office); // an append, a GraphQL mutation
    expect((await t.gql('{ tasks(first: 1) { totalCount } }')).status).toBe(200); // UNAUTHENTICATED
    // The actor's limit is 2: the third query is refused RATE_LIMITED.
    const auditor = await t.token('AUDITOR', '江西省审计厅');
    for (let i = 0; i < 3; i++) await t.gql('{ me { name } }', {}, auditor);
    const exported = await fetch(`${base(t)}/api/export/ledger.csv`, {
      headers: { authorization: `Bearer ${tk.office}` },
    });
    expect(exported.status).toBe(200);
    await exported.arrayBuffer();
    const imported = await fetch(`${base(t)}/api/import?inspectionId=JX-3&dryRun=true`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tk.office}`, 'content-type': 'text/csv' },
      body: '序号,问题\n1,采砂\n',
    });
    await imported.arrayBuffer();
    // A subscription held open over WebSocket.
    // Its own subject: the office's has used up its requests above.
    const office = await t.token('INSPECTION_OFFICE', '江西省督察办', { sub: 'ws-watcher' });
    ws = createClient({
      url: t.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${office}` },
    });
    let started!: () => void;
    const open = new Promise<void>((resolve) => (started = resolve));
    ws.on('connected', () => started());
    const refused: unknown[] = [];
    ws.subscribe(
      { query: 'subscription { ledgerEntries { position } }' },
      {
        next: () => {},
        error: (e) => refused.push(e),
        complete: () => {},
      },
    );
    await open;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(refused).toEqual([]);

    const m = await scrape();
    expect(value(m.get('taizhang_appends_total'), { outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(m.get('taizhang_append_duration_seconds')?.type).toBe('HISTOGRAM');
    expect(m.get('taizhang_group_commit_size')?.type).toBe('HISTOGRAM');
    for (const series of ['taizhang_projection_lag_events', 'taizhang_projection_lag_seconds']) {
      const f = m.get(series)!;
      // One series per projection the app runs, whatever domains it has.
      expect(f.metrics.map((x) => x.labels?.projection).sort()).toEqual(
        allProjections()
          .map((p) => p.name)
          .sort(),
      );
    }
    const ops = m.get('taizhang_graphql_operations_total');
    expect(value(ops, { operation: 'mutation', field: 'registerInspection', code: 'OK' })).toBe(1);
    expect(value(ops, { operation: 'query', field: 'tasks', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(value(ops, { field: 'me', code: 'RATE_LIMITED' })).toBeGreaterThanOrEqual(1);
    expect(
      value(m.get('taizhang_refusals_total'), { code: 'UNAUTHENTICATED' }),
    ).toBeGreaterThanOrEqual(1);
    expect(value(m.get('taizhang_rate_limited_total'), { limit: 'actor' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(value(m.get('taizhang_subscriptions_open'))).toBe(1);
    expect(value(m.get('taizhang_websocket_connections_open'))).toBe(1);
    expect(
      value(m.get('taizhang_exports_total'), { kind: 'ledger', format: 'csv', status: '200' }),
    ).toBe(1);
    expect(value(m.get('taizhang_imports_total'), { dry_run: 'true' })).toBe(1);
    expect(value(m.get('taizhang_process_resident_memory_bytes'))).toBeGreaterThan(0);
    expect(value(m.get('taizhang_nodejs_heap_size_used_bytes'))).toBeGreaterThan(0);
  });

  it('is not served on the API port unless configured, and can have a port of its own', async () => {
    const other = await startTestApp({ env: { METRICS: 'port', METRICS_PORT: '0' } });
    try {
      expect((await fetch(`${base(other)}/metrics`)).status).toBe(404);
      const { port } = other.app.get(MetricsServer).address()!;
      const m = await scrape(`http://127.0.0.1:${port}/metrics`);
      expect(m.has('taizhang_appends_total')).toBe(true);
    } finally {
      await other.close();
    }
  });
});
