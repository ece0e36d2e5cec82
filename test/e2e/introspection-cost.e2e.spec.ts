import { getIntrospectionQuery } from 'graphql';
import { healthFrom } from '../support/http-from.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('introspection is counted in the query cost and its answer cached (issue 19, item 8)', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    token = await t.token('INTEGRATION', '省大数据中心');
  });
  afterAll(() => t.close());

  it('20 aliased __schema in one request are QUERY_TOO_COMPLEX; one or two full introspections pass', async () => {
    const many = `{ ${Array.from({ length: 20 }, (_, i) => `s${i}: __schema { types { name fields { name } } }`).join(' ')} }`;
    const refused = await t.gql(many, {}, token);
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(refused.errors?.[0].extensions).toMatchObject({ limit: 'cost', max: 5000 });
    const one = await t.gql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery(), {}, token);
    expect(one.errors).toBeUndefined();
    expect(one.data!.__schema.types.length).toBeGreaterThan(50);
    const two = await t.gql(
      '{ a: __schema { queryType { name } } b: __type(name: "Query") { name } }',
      {},
      token,
    );
    expect(two.data).toEqual({ a: { queryType: { name: 'Query' } }, b: { name: 'Query' } });
  });

  it('150 full introspections at once: all answered alike, health still answers quickly', async () => {
    const query = getIntrospectionQuery();
    const started = performance.now();
    const flood = Promise.all(
      Array.from({ length: 150 }, () =>
        fetch(t.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query }),
        }).then((res) => res.text()),
      ),
    );
    // Asked while the flood is being answered, not before it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const healthStarted = performance.now();
    const health = await healthFrom('127.0.0.9', t.url);
    const healthMs = performance.now() - healthStarted;
    const answers = await flood;
    const floodMs = performance.now() - started;
    expect(health).toBe('ok');
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0])).toHaveProperty('data.__schema.types');
    console.log(
      `introspection flood: 150 answers in ${floodMs.toFixed(0)} ms, health in ${healthMs.toFixed(0)} ms`,
    );
    // Issue 19 measured 21 s for health behind 150 uncached introspections; uncached here the flood
    // alone takes about 20 s. Cached, the whole flood is answered in a few seconds on a busy machine.
    expect(healthMs).toBeLessThan(10_000);
    expect(floodMs).toBeLessThan(15_000);
  });
});
