import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { fixtureFile, openFixtureStore } from '../support/fixture-store.js';
import type { TestApp } from '../support/test-app.js';

const expected = (file: string) => fixtureFile('store-v1', file);

/**
 * Records already written never break: a store written by an earlier `main` (see the fixture's
 * README) opens with the current code, rebuilds its read models from the old events, verifies, and
 * answers and exports exactly what that version did.
 */
describe('a store written by an earlier main', () => {
  let t: TestApp;
  let auditor: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, auditor, close } = await openFixtureStore('store-v1', '2026-01-01T00:00:00.000Z'));
  });
  afterAll(() => close());

  it('verifies: every hash chain of the old events is intact', async () => {
    const result = await verifyAll(t.app.get<EventStore>(EVENT_STORE));
    expect(result).toMatchObject({ events: 82, failures: [] });
  });

  it('answers the same queries the same way', async () => {
    const res = await t.gql(
      `{ a: task(id: "DEMO-12", asOf: "2025-08-31") { status version }
         b: task(id: "DEMO-12") { status version reopenedCount spotCheck { drawId seed result } }
         c: accountabilityCase(id: "FX-1") { status version }
         v: verifyStream(streamId: "case-FX-1") { ok events headHash }
         d: disclosures { totalCount edges { node { id sha256 asOfPosition } } } }`,
      {},
      auditor,
    );
    expect(res.errors).toBeUndefined();
    expect({ data: res.data }).toEqual(JSON.parse(expected('queries.json').toString('utf8')));
  });

  it.each(['ledger.csv', 'rectification-status.csv', 'accountability-summary.md'])(
    'exports %s at the same position byte for byte',
    async (file) => {
      const res = await fetch(
        `${t.url.replace(/\/graphql$/, '')}/api/export/${file}?inspectionId=DEMO-JX3&position=81`,
        { headers: { authorization: `Bearer ${auditor}` } },
      );
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(expected(file))).toBe(true);
    },
  );

  it('summarises its accountability records unchanged (issue 14: counted, not re-ranked)', async () => {
    const res = await t.gql<{ accountabilitySummary: Record<string, unknown> }>(
      `{ accountabilitySummary(inspectionId: "DEMO-JX3") {
          casesReferred casesClosed people personTimes peopleExempted sanctionsCorrected
          sanctionsWithdrawn investigationTeams interviews
          byRank { rank people personTimes } byCategory { category people personTimes }
          bySanctionKind { kind people personTimes }
          compensation { claims concluded pending amountAgreed } litigation { referred concluded pending }
          units byGroup { key people } announcement } }`,
      {},
      auditor,
    );
    expect(res.errors).toBeUndefined();
    const s = res.data!.accountabilitySummary;
    const nonZero = (rows: unknown) =>
      (rows as { personTimes?: number; people: number }[]).filter((r) => r.people > 0);
    // The figures the earlier main published for this store (accountability-summary.md above).
    expect({
      ...s,
      byRank: nonZero(s.byRank),
      byCategory: nonZero(s.byCategory),
      bySanctionKind: nonZero(s.bySanctionKind),
      byGroup: nonZero(s.byGroup),
    }).toEqual({
      casesReferred: 1,
      casesClosed: 0,
      people: 1,
      personTimes: 1,
      peopleExempted: 0,
      sanctionsCorrected: 0,
      sanctionsWithdrawn: 0,
      investigationTeams: 0,
      interviews: 0,
      byRank: [{ rank: 'DIVISION', people: 1, personTimes: 1 }],
      byCategory: [{ category: 'ACCOUNTABILITY_METHOD', people: 1, personTimes: 1 }],
      bySanctionKind: [{ kind: 'ADMONISHMENT', people: 1, personTimes: 1 }],
      compensation: { claims: 0, concluded: 0, pending: 0, amountAgreed: 0 },
      litigation: { referred: 0, concluded: 0, pending: 0 },
      // New figures over the same records: the admonishment counts in 诫勉.
      units: 0,
      byGroup: [{ key: 'ADMONISHMENT', people: 1 }],
      announcement: '对1名责任人进行问责，其中处级1人；给予诫勉1人。',
    });
    // The stored decision keeps its kind; its severity (2 of 5 then) is read as the catalogue ranks it now.
    const c = await t.gql<{ accountabilityCase: { persons: { sanctions: unknown[] }[] } }>(
      '{ accountabilityCase(id: "FX-1") { persons { sanctions { kind category severity status } } } }',
      {},
      auditor,
    );
    expect(c.data!.accountabilityCase.persons.flatMap((p) => p.sanctions)).toEqual([
      { kind: 'ADMONISHMENT', category: 'ACCOUNTABILITY_METHOD', severity: 6, status: 'IN_FORCE' },
    ]);
  });

  it('still verifies the disclosures it published', async () => {
    const ids = [
      'disclosure-476d7e15-4a6b-5d65-b816-de9e745ec9a6',
      'disclosure-95b29ca6-36a0-54b0-91c9-3a2b116d1e9a',
    ];
    for (const id of ids) {
      const res = await t.gql<{ verifyDisclosure: { ok: boolean } }>(
        'query($id: ID!) { verifyDisclosure(id: $id) { ok } }',
        { id },
        auditor,
      );
      expect(res.data?.verifyDisclosure).toEqual({ ok: true });
    }
  });
});
