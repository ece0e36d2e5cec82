import { AccessLog } from '../../src/security/access-log.js';
import { healthFrom, httpFrom } from '../support/http-from.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Sends `n` requests, `batch` at a time, and counts the answers by status. */
async function flood(n: number, batch: number, send: () => Promise<Response>) {
  const statuses = new Map<number, number>();
  const retryAfter = new Set<string | null>();
  for (let sent = 0; sent < n; sent += batch) {
    const answers = await Promise.all(Array.from({ length: Math.min(batch, n - sent) }, send));
    for (const res of answers) {
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 429) retryAfter.add(res.headers.get('retry-after'));
      await res.arrayBuffer();
    }
  }
  return { statuses, retryAfter };
}

describe('the per-address limit comes before the token check (issue 19, item 5)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { ADDRESS_RATE_LIMIT_BURST: '100', ADDRESS_RATE_LIMIT_PER_MINUTE: '1' },
    });
  });
  afterAll(() => t.close());

  it('2,000 downloads with a garbage token: 429 with Retry-After past the burst, a handful of log rows', async () => {
    const exportUrl = t.url.replace('/graphql', '/api/export/ledger.csv');
    const { statuses, retryAfter } = await flood(2000, 50, () =>
      fetch(exportUrl, { headers: { authorization: 'Bearer not-a-token' } }),
    );
    expect(statuses.get(401)).toBe(100);
    expect(statuses.get(429)).toBe(1900);
    expect([...retryAfter].every((s) => Number(s) >= 1)).toBe(true);

    const log = t.app.get(AccessLog).page({}, 50);
    // Identical refusals collapse: one row per kind of refusal, each with its count.
    expect(log.totalCount()).toBeLessThanOrEqual(3);
    const byCode = new Map(log.entries.map((e) => [e.code, e]));
    expect(byCode.get('UNAUTHENTICATED')).toMatchObject({
      count: 100,
      address: '127.0.0.1',
      operation: 'http GET /api/export/ledger.csv',
    });
    expect(byCode.get('RATE_LIMITED')).toMatchObject({ count: 1900, address: '127.0.0.1' });
    expect(log.entries.reduce((n, e) => n + e.count, 0)).toBe(2000);

    // Another address is its own caller, and the server still answers it.
    expect(await healthFrom('127.0.0.2', t.url)).toBe('ok');
  });
});

describe('queries that fail to parse or validate meet the address limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { ADDRESS_RATE_LIMIT_BURST: '20', ADDRESS_RATE_LIMIT_PER_MINUTE: '1' },
    });
  });
  afterAll(() => t.close());

  it('unparsable, invalid and unparsable-JSON requests all count; 429 past the burst', async () => {
    const bodies = ['{"query":"{ health {"}', '{"query":"{ nope }"}', '{"query":'];
    const answers: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await httpFrom('127.0.0.3', t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bodies[i % bodies.length],
      });
      answers.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(JSON.parse(res.text)).toMatchObject({
          errors: [{ extensions: { code: 'RATE_LIMITED' } }],
        });
      }
    }
    expect(answers.slice(0, 20).every((s) => s === 400)).toBe(true);
    expect(answers.slice(20)).toEqual(Array(10).fill(429));
    expect(await healthFrom('127.0.0.4', t.url)).toBe('ok');
  });

  it('a refusal inside GraphQL is logged with the address it came from', async () => {
    const res = await httpFrom('127.0.0.10', t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ accessLog { totalCount } }' }),
    });
    expect(JSON.parse(res.text)).toMatchObject({
      errors: [{ extensions: { code: 'UNAUTHENTICATED' } }],
    });
    const rows = t.app.get(AccessLog).page({ address: '127.0.0.10' }, 5).entries;
    expect(rows).toMatchObject([
      { code: 'UNAUTHENTICATED', operation: 'query accessLog', count: 1 },
    ]);
  });
});
