import { startTestApp, type TestApp } from '../support/test-app.js';

describe('file routes share the per-actor rate limit', () => {
  let t: TestApp;
  let token: string;
  const download = () =>
    fetch(t.url.replace('/graphql', '/api/export/ledger.csv'), {
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_BURST: '2', RATE_LIMIT_PER_MINUTE: '1' } });
    token = await t.token('AUDITOR', '江西省审计厅');
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED with Retry-After once the burst is spent, and counts GraphQL too', async () => {
    expect((await download()).status).toBe(200);
    expect((await t.gql('{ me { name } }', {}, token)).status).toBe(200);
    const refused = await download();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another actor has its own bucket.
    const other = await t.token('AUDITOR', '江西省审计厅', { sub: 'auditor-2' });
    const res = await fetch(t.url.replace('/graphql', '/api/export/ledger.csv'), {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(res.status).toBe(200);
  });
});
