import { getIntrospectionQuery } from 'graphql';
import { startTestApp, type GqlResponse, type TestApp } from '../support/test-app.js';

const codes = (res: GqlResponse) => res.errors?.map((e) => e.extensions?.code);

/** Answers a person or a script could misuse: no stack, no file path, no internals. */
function expectNoInternals(body: unknown): void {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|node_modules|\/work\/|\/src\/|\.ts:\d+|\bat [\w.<>]+ \(/);
}

async function post(t: TestApp, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, text, json: () => JSON.parse(text) as GqlResponse };
}

describe('hardened GraphQL surface (default limits)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token('AUDITOR', '省审计厅');
  });
  afterAll(() => t.close());

  it('aliases: 21 aliases are QUERY_TOO_COMPLEX, a few pass', async () => {
    const many = `{ ${Array.from({ length: 21 }, (_, i) => `a${i}: health { status }`).join(' ')} }`;
    const refused = await t.gql(many, {}, token);
    expect(refused.status).toBe(400);
    expect(codes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.errors?.[0].extensions).toMatchObject({ limit: 'aliases', value: 21, max: 20 });
    expectNoInternals(refused);
    const ok = await t.gql('{ a: health { status } b: health { status } }', {}, token);
    expect(ok.data).toEqual({ a: { status: 'ok' }, b: { status: 'ok' } });
  });

  it('cost: three full pages of the ledger at once are too costly, one page is fine', async () => {
    const page = `ledger(first: 100) { totalCount edges { cursor node { position streamId version eventId
      type recordedAt commandId correlationId reason data hash prevHash
      actor { id name role organisation } changes { field before after } } } }`;
    const refused = await t.gql(`{ a: ${page} b: ${page} c: ${page} }`, {}, token);
    expect(codes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.errors?.[0].extensions).toMatchObject({ limit: 'cost' });
    // `first` given in a variable counts too.
    const node =
      'edges { node { actor { id name role organisation } changes { field before after } position type data hash } }';
    const viaVariable = await t.gql(
      `query ($n: Int) { ${['a', 'b', 'c', 'd'].map((k) => `${k}: ledger(first: $n) { ${node} }`).join(' ')} }`,
      { n: 100 },
      token,
    );
    expect(codes(viaVariable)).toEqual(['QUERY_TOO_COMPLEX']);
    const ok = await t.gql(`{ ${page} }`, {}, token);
    expect(ok.errors).toBeUndefined();
    expect(ok.data?.ledger).toMatchObject({ totalCount: 0 });
  });

  it('first is capped at 100', async () => {
    const res = await t.gql('{ ledger(first: 1000) { totalCount } }', {}, token);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('huge documents stop at the parser token limit', async () => {
    const res = await t.gql(`{ ${'__typename '.repeat(6000)} }`, {}, token);
    expect(res.status).toBe(400);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors?.[0].message).toMatch(/token/i);
    expectNoInternals(res);
  });

  it('request bodies over 1 MiB get 413 with a JSON error; broken JSON gets 400 with one', async () => {
    const big = await post(
      t,
      JSON.stringify({ query: '{ health { status } }', x: 'x'.repeat(1_100_000) }),
    );
    expect(big.status).toBe(413);
    expect(codes(big.json())).toEqual(['BAD_USER_INPUT']);
    expectNoInternals(big.json());
    const broken = await post(t, '{"query": "{ health { status } }"');
    expect(broken.status).toBe(400);
    expect(codes(broken.json())).toEqual(['BAD_USER_INPUT']);
    expectNoInternals(broken.json());
    const ok = await post(
      t,
      JSON.stringify({ query: '{ health { status } }', x: 'x'.repeat(500_000) }),
    );
    expect(ok.status).toBe(200);
  });

  it('CSRF prevention is on: simple requests without a preflight header are refused', async () => {
    const textPlain = await post(t, JSON.stringify({ query: '{ health { status } }' }), {
      'content-type': 'text/plain',
    });
    expect(textPlain.status).toBe(400);
    expect(textPlain.text).toMatch(/CSRF|preflight/i);
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ health { status } }')}`);
    expect(get.status).toBe(400);
    const getWithHeader = await fetch(
      `${t.url}?query=${encodeURIComponent('{ health { status } }')}`,
      {
        headers: { 'apollo-require-preflight': 'true' },
      },
    );
    expect(getWithHeader.status).toBe(200);
  });

  it('batched HTTP requests are off', async () => {
    const res = await post(
      t,
      JSON.stringify([{ query: '{ health { status } }' }, { query: '{ me { id } }' }]),
    );
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/"status":"ok"/);
  });

  it('field suggestions are stripped for anonymous callers, kept for authenticated ones', async () => {
    const anon = await t.gql('{ healt { status } }');
    expect(codes(anon)).toEqual(['BAD_USER_INPUT']);
    expect(anon.errors?.[0].message).not.toMatch(/Did you mean/);
    expect(anon.errors?.[0].message).toMatch(/Cannot query field "healt"/);
    const badToken = await t.gql('{ healt { status } }', {}, 'not-a-token');
    expect(badToken.errors?.[0].message).not.toMatch(/Did you mean/);
    const authed = await t.gql('{ healt { status } }', {}, token);
    expect(authed.errors?.[0].message).toMatch(/Did you mean "health"/);
  });

  it('introspection needs a token; the full introspection query passes with one', async () => {
    const anon = await t.gql('{ __schema { queryType { name } } }');
    expect(anon.status).toBe(401);
    expect(codes(anon)).toEqual(['UNAUTHENTICATED']);
    expect(anon.data).toBeUndefined();
    const typeProbe = await t.gql('{ __type(name: "Query") { name } }');
    expect(codes(typeProbe)).toEqual(['UNAUTHENTICATED']);
    const full = await t.gql(getIntrospectionQuery(), {}, token);
    expect(full.errors).toBeUndefined();
    expect((full.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(
      10,
    );
    // __typename is not introspection of the schema.
    expect((await t.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
  });

  it('serves the SDL as a file to authenticated callers', async () => {
    const anon = await fetch(t.url.replace('/graphql', '/schema.graphql'));
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as GqlResponse).errors?.[0].extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    const res = await fetch(t.url.replace('/graphql', '/schema.graphql'), {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/graphql/);
    const sdl = await res.text();
    expect(sdl).toMatch(/type Query \{/);
    expect(sdl).toMatch(/accessLog\(/);
    expect(sdl).toMatch(/ledgerEntries\(filter: LedgerFilter, after: Position\): LedgerEntry!/);
  });

  it('errors carry a code and no stack trace or internal path', async () => {
    for (const res of [
      await t.gql('{ history(streamId: "no spaces allowed") { totalCount } }', {}, token),
      await t.gql('{ ledger(after: "garbage") { totalCount } }', {}, token),
      await t.gql('{ verifyStream(streamId: 5) { ok } }', {}, token),
      await t.gql('query { ledger(filter: { from: "yesterday" }) { totalCount } }', {}, token),
      await t.gql('{ ledger { totalCount }', {}, token),
    ]) {
      expect(res.errors?.length).toBeGreaterThan(0);
      for (const e of res.errors!) expect(e.extensions?.code).toMatch(/^[A-Z_]+$/);
      expectNoInternals(res);
      expect(res.status).toBeLessThan(500);
    }
  });
});

describe('hardened GraphQL surface (low limits from configuration)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      env: { MAX_QUERY_DEPTH: '4', RATE_LIMIT_BURST: '5', RATE_LIMIT_PER_MINUTE: '1' },
    });
  });
  afterAll(() => t.close());

  it('depth: five levels refused at a limit of four, four levels pass', async () => {
    const token = await t.token('AUDITOR', '省审计厅', { sub: 'depth-tester' });
    const deep = await t.gql('{ ledger { edges { node { actor { id } } } } }', {}, token);
    expect(deep.status).toBe(400);
    expect(codes(deep)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(deep.errors?.[0].extensions).toMatchObject({ limit: 'depth', value: 5, max: 4 });
    // Fragments do not hide depth.
    const viaFragment = await t.gql(
      'query { ledger { ...E } } fragment E on LedgerEntryConnection { edges { node { actor { id } } } }',
      {},
      token,
    );
    expect(codes(viaFragment)).toEqual(['QUERY_TOO_COMPLEX']);
    const ok = await t.gql('{ ledger { edges { node { type } } } }', {}, token);
    expect(ok.errors).toBeUndefined();
  });

  it('rate limit: a burst of 5 per actor, then RATE_LIMITED (429, Retry-After); others unaffected', async () => {
    const greedy = await t.token('INTEGRATION', '外部系统', { sub: 'greedy' });
    const other = await t.token('INTEGRATION', '外部系统', { sub: 'polite' });
    for (let i = 0; i < 5; i++) {
      expect((await t.gql('{ me { id } }', {}, greedy)).data).toEqual({ me: { id: 'greedy' } });
    }
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${greedy}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await res.json()) as GqlResponse;
    expect(codes(body)).toEqual(['RATE_LIMITED']);
    expect(body.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await t.gql('{ me { id } }', {}, other)).data).toEqual({ me: { id: 'polite' } });
  });
});
