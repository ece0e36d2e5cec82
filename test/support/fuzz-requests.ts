import { mulberry32 } from '../../src/common/seeded-sample.js';
/** Malformed GraphQL requests over HTTP, generated from a seed, and the checks on their answers. */

/** Deterministic PRNG (mulberry32): a failing case can be replayed from its index. */
export function rng(seed: number) {
  const next = mulberry32(seed);
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

export type Case = { body: string; headers: Record<string, string>; label: string };

/** One malformed request of a kind chosen at random. */
export function generate(r: ReturnType<typeof rng>, tokens: string[]): Case {
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

export interface FuzzRun {
  /** Requests sent (the run stops at `total` or at its deadline, whichever comes first). */
  readonly sent: number;
  /** What went wrong, one line a request: 5xx, internals shown, not JSON, no code, INTERNAL. */
  readonly failures: readonly string[];
  /** Requests a random edit left valid, answered with data and no error. */
  readonly answeredWithData: number;
}

/**
 * Sends `total` generated malformed requests to the GraphQL endpoint at `url`, `concurrency` at a
 * time, for at most `timeMs`, and checks each answer: never 5xx, never internals, always JSON, every
 * error with a code and none INTERNAL.
 */
export async function sendMalformedRequests(
  url: string,
  tokens: string[],
  options: { seed: number; total: number; concurrency: number; timeMs: number },
): Promise<FuzzRun> {
  const r = rng(options.seed);
  const deadline = Date.now() + options.timeMs;
  const failures: string[] = [];
  let answeredWithData = 0;
  let next = 0;
  const worker = async () => {
    while (next < options.total && Date.now() < deadline) {
      const i = next++;
      const c = generate(r, tokens);
      const res = await fetch(url, { method: 'POST', headers: c.headers, body: c.body });
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
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { sent: next, failures, answeredWithData };
}
