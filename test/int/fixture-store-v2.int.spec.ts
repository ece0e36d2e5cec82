import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { verifyAll } from '../../src/event-store/verify.js';
import { fixtureFile, openFixtureStore } from '../support/fixture-store.js';
import type { TestApp } from '../support/test-app.js';
import { FIXTURE_EXPORTS, FIXTURE_QUERY } from '../fixtures/store-v2/fixture-queries.js';

const expected = (file: string) => fixtureFile('store-v2', file);
const POSITION = Number(expected('position.txt').toString('utf8').trim());
const ANSWERS = JSON.parse(expected('queries.json').toString('utf8')) as {
  data: { disclosures: { edges: { node: { id: string } }[] } };
};

/**
 * Records written before issue 12's last changes never break: a store written by the main its
 * README names (the demo with sub-items, every sign-off path, reconciliations, two collection
 * rounds, complaints, accountability with its announcement, published disclosures) opens with the
 * current code, rebuilds its read models from the old events, verifies, and answers and exports
 * exactly what that version did.
 */
describe('a store written by the main of issue 12 (store-v2)', () => {
  let t: TestApp;
  let auditor: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ t, auditor, close } = await openFixtureStore('store-v2', '2026-03-01T00:00:00.000Z'));
  });
  afterAll(() => close());

  it('verifies: every hash chain of the old events is intact', async () => {
    const result = await verifyAll(t.app.get<EventStore>(EVENT_STORE));
    expect(result).toMatchObject({ events: POSITION, failures: [] });
  });

  it('answers the same queries the same way (tasks, sub-items, rounds, reconciliation, cases)', async () => {
    const res = await t.gql(FIXTURE_QUERY, {}, auditor);
    expect(res.errors).toBeUndefined();
    expect({ data: res.data }).toEqual(ANSWERS);
  });

  it.each(FIXTURE_EXPORTS.map((e) => [e.file, e]))(
    'exports %s at the same position byte for byte',
    async (_file, e) => {
      const res = await fetch(`${t.url.replace(/\/graphql$/, '')}/api/export/${e.path(POSITION)}`, {
        headers: { authorization: `Bearer ${auditor}` },
      });
      expect(res.status).toBe(200);
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.toString('utf8')).toBe(expected(e.file).toString('utf8'));
      expect(body.equals(expected(e.file))).toBe(true);
    },
  );

  it('still verifies the disclosures it published', async () => {
    const ids = ANSWERS.data.disclosures.edges.map((e) => e.node.id);
    expect(ids).toHaveLength(3);
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
