import { startTestApp, type TestApp } from '../support/test-app.js';

/** Deterministic PRNG (mulberry32): a failing case can be replayed from its index. */
function rng(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  return { next, int, pick };
}

const VALID = [
  '{ health { status headPosition } }',
  '{ me { id name roles } }',
  'query ($f: LedgerFilter, $n: Int) { ledger(filter: $f, first: $n) { totalCount edges { node { type actor { id } } } } }',
  '{ history(streamId: "task-1") { edges { node { position changes { field } } } } }',
  '{ verifyStream(streamId: "task-1") { ok events } }',
  '{ accessLog(first: 5) { totalCount } }',
  'mutation { listTask(input: {}) { task { id } } }',
];
const JUNK_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  2 ** 53 + 1,
  'x',
  '',
  [],
  {},
  [[[]]],
  { a: { b: { c: {} } } },
  '\u0000',
  '\ud800',
  '😀'.repeat(100),
  '"; DROP TABLE ledger_entries; --',
  '../../../../etc/passwd',
  '%00',
  '<script>alert(1)</script>',
  '9'.repeat(400),
  'task-' + 'a'.repeat(10_000),
];

type Case = { body: string; headers: Record<string, string>; label: string };

/** One malformed request of a kind chosen at random. */
function generate(r: ReturnType<typeof rng>, tokens: string[]): Case {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const auth = r.pick(['none', 'good', 'garbage', 'empty', 'basic']);
  if (auth === 'good') headers.authorization = `Bearer ${r.pick(tokens)}`;
  if (auth === 'garbage') headers.authorization = `Bearer ${'x'.repeat(r.int(3000))}.${r.int(9)}`;
  if (auth === 'empty') headers.authorization = 'Bearer ';
  if (auth === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
  const junk = () => r.pick(JUNK_VALUES);
  const q = r.pick(VALID);
  switch (r.int(10)) {
    case 0: {
      // broken JSON: cut a valid body short, or splice noise into it
      const s = JSON.stringify({ query: q, variables: { n: 5 } });
      const cut = r.int(s.length - 1);
      return {
        body: r.next() < 0.5 ? s.slice(0, cut) : s.slice(0, cut) + '\u0001{[' + s.slice(cut),
        headers,
        label: 'broken-json',
      };
    }
    case 1: // wrong types at the top level
      return {
        body: JSON.stringify({
          query: junk(),
          variables: junk(),
          operationName: junk(),
          extensions: junk(),
        }),
        headers,
        label: 'wrong-types',
      };
    case 2: // wrong variable types
      return {
        body: JSON.stringify({ query: VALID[2], variables: { f: junk(), n: junk() } }),
        headers,
        label: 'wrong-variables',
      };
    case 3: {
      // huge strings, below and above the body limit
      const size = r.pick([10_000, 200_000, 900_000, 1_100_000, 3_000_000]);
      const huge = 'ж'.repeat(size / 2);
      return {
        body: JSON.stringify(
          r.next() < 0.5
            ? { query: `{ history(streamId: "${huge}") { totalCount } }` }
            : { query: q, variables: { f: { streamPrefix: huge } } },
        ),
        headers,
        label: `huge-${size}`,
      };
    }
    case 4: {
      // deep nesting: in the query, and in the JSON of the variables
      const depth = r.pick([50, 500, 3000, 20_000]);
      const body =
        r.next() < 0.5
          ? JSON.stringify({
              query:
                '{ ' +
                'ledger { edges { node { '.repeat(depth / 10) +
                'type' +
                ' } } }'.repeat(depth / 10) +
                ' }',
            })
          : `{"query": ${JSON.stringify(VALID[2])}, "variables": {"f": ${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`;
      return { body, headers, label: `deep-${depth}` };
    }
    case 5: // unknown fields, arguments, types and body keys
      return {
        body: JSON.stringify({
          query: r.pick([
            `{ ${'x' + r.int(1e6)} }`,
            '{ health { status nope } }',
            '{ ledger(bogus: 1) { totalCount } }',
            'query ($v: NoSuchType) { health { status } }',
            'mutation { dropEverything }',
            'subscription { ledgerEntries { type } }',
            '{ __schema { types { name } } }',
            'fragment F on Nope { x } { ...F }',
            'query A { health { status } } query A { me { id } }',
            '{ health { ...on Query { me { id } } } }',
          ]),
          [`unknown${r.int(9)}`]: junk(),
        }),
        headers,
        label: 'unknown',
      };
    case 6: {
      // random edits of a valid query
      let s = q;
      for (let i = 0, n = 1 + r.int(5); i < n; i++) {
        const at = r.int(s.length);
        s =
          r.next() < 0.5
            ? s.slice(0, at) + s.slice(at + 1 + r.int(4))
            : s.slice(0, at) +
              r.pick(['{', '}', '(', '"', '$', '@', '...', ':', '#', '\\']) +
              s.slice(at);
      }
      return { body: JSON.stringify({ query: s }), headers, label: 'mutated' };
    }
    case 7: // content types and encodings the server does not take
      return {
        body: r.pick([JSON.stringify({ query: q }), 'query=%7Bhealth%7D', '\u00ff\u00fe']),
        headers: {
          ...headers,
          'content-type': r.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/json; charset=latin1',
            'application/graphql',
          ]),
        },
        label: 'content-type',
      };
    case 8: // batches and non-object bodies
      return {
        body: r.pick([
          '[]',
          `[${JSON.stringify({ query: q })}]`,
          'null',
          '1',
          '"query"',
          'true',
          '{}',
        ]),
        headers,
        label: 'shape',
      };
    default: {
      // limits: aliases, cost, first out of range, bad cursors and positions
      const n = 1 + r.int(60);
      return {
        body: JSON.stringify({
          query: r.pick([
            `{ ${Array.from({ length: n }, (_, i) => `a${i}: health { status }`).join(' ')} }`,
            `{ ledger(first: ${r.pick([-1, 0, 101, 2 ** 31, 1e10])}) { totalCount } }`,
            `{ ledger(after: "${r.pick(['', 'Zm9v', '!!!', 'bGVkZ2VyOi0x', 'bGVkZ2VyOmFiYw'])}") { totalCount } }`,
            `{ ledger(filter: { from: "${r.pick(['2024-13-01', 'yesterday', '2024-02-30T00:00:00Z', ''])}" }) { totalCount } }`,
          ]),
        }),
        headers,
        label: 'limits',
      };
    }
  }
}

describe('fuzz: malformed requests over HTTP (127.0.0.1 only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_BURST: '1000000' } });
  });
  afterAll(() => t.close());

  it('3000 generated requests: no 5xx, every error has a code, no internals, no events written', async () => {
    expect(new URL(t.url).hostname).toBe('127.0.0.1');
    const auditor = await t.token('AUDITOR', '省审计厅');
    const tokens = [
      auditor,
      await t.token('IMPLEMENTING_ENTITY', '某县'),
      await t.token('INTEGRATION', '数据中心'),
    ];
    const head = async () =>
      (
        await t.gql<{ health: { headPosition: string } }>(
          '{ health { headPosition } }',
          {},
          auditor,
        )
      ).data!.health.headPosition;
    const before = await head();
    const count = (
      await t.gql<{ ledger: { totalCount: number } }>('{ ledger { totalCount } }', {}, auditor)
    ).data!.ledger.totalCount;

    const r = rng(20240821);
    const TOTAL = 3000;
    const deadline = Date.now() + 90_000;
    const failures: string[] = [];
    const byLabel = new Map<string, number>();
    let answeredWithData = 0;
    let next = 0;
    const worker = async () => {
      while (next < TOTAL && Date.now() < deadline) {
        const i = next++;
        const c = generate(r, tokens);
        byLabel.set(c.label, (byLabel.get(c.label) ?? 0) + 1);
        const res = await fetch(t.url, { method: 'POST', headers: c.headers, body: c.body });
        const text = await res.text();
        const where = `#${i} ${c.label} -> ${res.status} ${text.slice(0, 200)}`;
        if (res.status >= 500) failures.push(`5xx ${where}`);
        if (/stacktrace|node_modules|\/src\/|\.ts:\d+/.test(text))
          failures.push(`internals ${where}`);
        let body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          failures.push(`not JSON ${where}`);
          continue;
        }
        if (!body.errors?.length) {
          // A random edit can still leave a valid query; it must then be a plain, error-free answer.
          if (res.status === 200 && body.data) answeredWithData++;
          else failures.push(`no errors ${where}`);
          continue;
        }
        if (!body.errors.every((e) => typeof e.extensions?.code === 'string'))
          failures.push(`no code ${where}`);
        // Malformed input is the caller's mistake: INTERNAL would mean the server failed on it.
        if (body.errors.some((e) => e.extensions?.code === 'INTERNAL'))
          failures.push(`INTERNAL ${where}`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    expect(failures.slice(0, 20)).toEqual([]);
    expect(next).toBeGreaterThanOrEqual(TOTAL);
    expect(answeredWithData).toBeLessThan(TOTAL * 0.1);
    expect(await head()).toBe(before);
    expect(
      (await t.gql<{ ledger: { totalCount: number } }>('{ ledger { totalCount } }', {}, auditor))
        .data!.ledger.totalCount,
    ).toBe(count);
    // The server still answers normally afterwards.
    expect((await t.gql('{ health { status } }')).data).toEqual({ health: { status: 'ok' } });
  }, 120_000);
});
