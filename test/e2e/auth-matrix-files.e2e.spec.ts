import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ACTORS,
  EVERYONE,
  expectOnlyAllowed,
  MATRIX_COVERAGE,
  startMatrixApp,
  type MatrixApp,
  type Who,
} from '../support/auth-matrix.js';
import { registerInspection } from '../support/task-api.js';

/**
 * The authorisation matrix of issue 4 for disclosures and the file routes: publishDisclosure belongs
 * to the disclosure officer and admin (src/disclosure/disclosure.policy.ts); POST /api/import to the
 * inspection office and admin (src/exchange/exchange.policy.ts), refused callers getting HTTP 403
 * with the JSON error code FORBIDDEN and nothing written; downloads (GET /api/export/..., a published
 * disclosure's content) are for every authenticated role and 401 without a token (a token with a
 * region claim names an inspection of its province).
 */
const LIST = readFileSync(join(__dirname, '..', 'fixtures', 'rectification-list.utf8.csv'));
const DOWNLOADS = ['ledger.csv', 'ledger.jsonl', 'rectification-status.md'];
const IMPORTERS: readonly Who[] = ['office', 'admin'];

interface HttpAnswer {
  readonly status: number;
  readonly code?: string;
}

describe('authorisation matrix: disclosures and the file routes', () => {
  let m: MatrixApp;
  let base: string;

  beforeAll(async () => {
    m = await startMatrixApp();
    base = m.t.url.replace(/\/graphql$/, '');
    await registerInspection(m.t, m.tokens.office, 'JX-3');
    for (const who of EVERYONE) await registerInspection(m.t, m.tokens.office, `IMP-${who}`);
  });
  afterAll(() => m.t.close());

  const auth = (who?: Who): Record<string, string> =>
    who ? { authorization: `Bearer ${m.tokens[who]}` } : {};

  /** Status and, for a JSON error body, its first error code. */
  async function answer(res: Response): Promise<HttpAnswer> {
    const type = res.headers.get('content-type') ?? '';
    if (res.status < 400 || !type.startsWith('application/json')) {
      await res.arrayBuffer();
      return { status: res.status };
    }
    const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
    return { status: res.status, code: body.errors?.[0]?.extensions?.code };
  }

  const upload = async (who: Who | undefined, inspectionId: string) =>
    answer(
      await fetch(`${base}/api/import?inspectionId=${inspectionId}`, {
        method: 'POST',
        headers: { ...auth(who), 'content-type': 'text/csv' },
        body: new Uint8Array(LIST),
      }),
    );

  const download = async (who: Who | undefined, path: string) =>
    answer(await fetch(`${base}${path}`, { headers: auth(who) }));

  it('publishDisclosure: the disclosure officer and admin only', () =>
    expectOnlyAllowed(m, {
      mutation: 'publishDisclosure',
      allowed: ['disclosure', 'admin'],
      prepare: async () => null,
      input: () => ({
        kind: 'LEDGER',
        channel: 'GOVERNMENT_WEBSITE',
        title: '江西省整改台账',
        format: 'CSV',
      }),
    }));

  it('POST /api/import: the inspection office and admin; 403 FORBIDDEN and nothing written for the rest; 401 without a token', async () => {
    const outcome: Record<string, [HttpAnswer, boolean]> = {};
    for (const who of [...EVERYONE, undefined]) {
      const before = await m.head();
      const res = await upload(who, `IMP-${who ?? 'office'}`);
      outcome[who ?? 'anonymous'] = [res, (await m.head()) === before];
    }
    const refused: HttpAnswer = { status: 403, code: 'FORBIDDEN' };
    expect(outcome).toEqual({
      ...Object.fromEntries(
        EVERYONE.map((w) => [
          w,
          IMPORTERS.includes(w) ? [{ status: 200 }, false] : [refused, true],
        ]),
      ),
      anonymous: [{ status: 401, code: 'UNAUTHENTICATED' }, true],
    });
  });

  it('GET /api/export/...: every authenticated role may download; 401 without a token', async () => {
    // A token with a region claim (the city governments) downloads its own province's inspection;
    // everything at once is the central office's (region scoping, issue 16).
    const scoped = (who?: Who) => who !== undefined && (ACTORS[who] as readonly string[])[2];
    const outcome: Record<string, number[]> = {};
    for (const who of [...EVERYONE, undefined]) {
      outcome[who ?? 'anonymous'] = [];
      for (const file of DOWNLOADS) {
        const path = `/api/export/${file}${scoped(who) ? '?inspectionId=JX-3' : ''}`;
        outcome[who ?? 'anonymous'].push((await download(who, path)).status);
      }
    }
    expect(outcome).toEqual({
      ...Object.fromEntries(EVERYONE.map((w) => [w, DOWNLOADS.map(() => 200)])),
      anonymous: DOWNLOADS.map(() => 401),
    });
    expect(await download('city', `/api/export/${DOWNLOADS[0]}`)).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it("GET a published disclosure's content: every authenticated role; 401 without a token", async () => {
    const res = await m.t.gql<{ publishDisclosure: { disclosure: { contentUrl: string } } }>(
      `mutation ($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { disclosure { contentUrl } } }`,
      {
        input: {
          kind: 'RECTIFICATION_STATUS',
          channel: 'PARTY_PAPER',
          title: '整改落实情况',
          format: 'MARKDOWN',
        },
      },
      m.tokens.disclosure,
    );
    const path = res.data!.publishDisclosure.disclosure.contentUrl;
    const outcome: Record<string, number> = {};
    for (const who of [...EVERYONE, undefined])
      outcome[who ?? 'anonymous'] = (await download(who, path)).status;
    expect(outcome).toEqual({
      ...Object.fromEntries(EVERYONE.map((w) => [w, 200])),
      anonymous: 401,
    });
  });

  it("the matrix files together try every one of the schema's mutations", async () => {
    expect([...m.covered]).toEqual([...MATRIX_COVERAGE['auth-matrix-files']]);
    const res = await m.t.gql<{ __type: { fields: { name: string }[] } }>(
      '{ __type(name: "Mutation") { fields { name } } }',
      {},
      m.tokens.admin,
    );
    const inSchema = res.data!.__type.fields.map((f) => f.name).sort();
    expect(Object.values(MATRIX_COVERAGE).flat().sort()).toEqual(inSchema);
  });
});
