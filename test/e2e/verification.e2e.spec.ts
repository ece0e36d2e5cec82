import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  eventLeafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '../../src/event-store/merkle/tlog.js';
import { CheckpointTimer } from '../../src/verification/api/checkpoint-timer.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: string;
  note: string;
  verifierKey: string;
}
const bytes = (hashes: string[]): Buffer[] => hashes.map((h) => Buffer.from(h, 'hex'));

describe('checkpoints and proofs over GraphQL, on the demo ledger', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    token = await t.token('AUDITOR', '省审计厅');
  });
  afterAll(() => t.close());

  const checkpoint = async (treeSize?: number): Promise<Checkpoint> => {
    const res = await t.gql<{ checkpoint: Checkpoint }>(
      'query ($n: Int) { checkpoint(treeSize: $n) { origin treeSize rootHash note verifierKey } }',
      { n: treeSize },
      token,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.checkpoint;
  };

  it('signs a checkpoint of the whole ledger that opens with the verifier key the API serves', async () => {
    const now = await checkpoint();
    const key = await t.gql<{ verifierKey: string }>('{ verifierKey }', {}, token);
    expect(key.data?.verifierKey).toBe(now.verifierKey);
    const opened = openCheckpoint(now.note, parseVerifierKey(now.verifierKey));
    expect({ size: opened.size, root: opened.root.toString('hex') }).toEqual({
      size: now.treeSize,
      root: now.rootHash,
    });
    expect(now.treeSize).toBeGreaterThan(20);
    // The timer issued one at start (before the demo loaded); its next round writes the grown tree
    // into the data directory, for whoever copies checkpoints out of the machine.
    const file = join(t.dataDir, 'checkpoint');
    expect(readFileSync(file, 'utf8')).toContain('taizhang.local/ledger\n0\n');
    expect(t.app.get(CheckpointTimer).issue()).toBe(now.treeSize);
    expect(readFileSync(file, 'utf8')).toBe(now.note);
  });

  it("proves a ledger entry's inclusion and the consistency of an older tree with a newer one", async () => {
    const ledger = await t.gql<{
      ledger: { edges: { node: { position: string; hash: string; leafIndex: number } }[] };
    }>('{ ledger(first: 30) { edges { node { position hash leafIndex } } } }', {}, token);
    const entries = ledger.data!.ledger.edges.map((e) => e.node);
    const entry = entries[7];
    expect(entry.leafIndex).toBe(Number(entry.position) - 1);
    const proof = await t.gql<{
      inclusionProof: {
        leafIndex: number;
        treeSize: number;
        leafHash: string;
        hashes: string[];
        checkpoint: Checkpoint;
      };
    }>(
      'query ($p: Position!) { inclusionProof(position: $p, treeSize: 21) { leafIndex treeSize leafHash hashes checkpoint { note verifierKey rootHash } } }',
      { p: entry.position },
      token,
    );
    const p = proof.data!.inclusionProof;
    expect(p.leafHash).toBe(eventLeafHash(entry.hash).toString('hex'));
    const cp = openCheckpoint(p.checkpoint.note, parseVerifierKey(p.checkpoint.verifierKey));
    expect(cp.size).toBe(21);
    expect(
      verifyInclusion(p.leafIndex, 21, eventLeafHash(entry.hash), bytes(p.hashes), cp.root),
    ).toBe(true);

    const [older, newer] = [await checkpoint(13), await checkpoint()];
    const consistency = await t.gql<{ consistencyProof: { hashes: string[] } }>(
      '{ consistencyProof(fromSize: 13) { fromSize toSize hashes } }',
      {},
      token,
    );
    const hashes = bytes(consistency.data!.consistencyProof.hashes);
    const root = (c: Checkpoint) => Buffer.from(c.rootHash, 'hex');
    expect(verifyConsistency(13, newer.treeSize, hashes, root(older), root(newer))).toBe(true);
    expect(verifyConsistency(13, newer.treeSize, hashes, root(newer), root(newer))).toBe(false);
  });

  it('answers sizes beyond the ledger and unknown positions with BAD_USER_INPUT, and needs a token', async () => {
    const now = await checkpoint();
    const big = await t.gql(
      'query ($n: Int) { checkpoint(treeSize: $n) { rootHash } }',
      { n: now.treeSize + 1 },
      token,
    );
    expect(big.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(big.errors?.[0].message).toContain(`the ledger holds ${now.treeSize} entries`);
    const missing = await t.gql('{ inclusionProof(position: "999999") { leafIndex } }', {}, token);
    expect(missing.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const anon = await t.gql('{ checkpoint { rootHash } }');
    expect(anon.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a published disclosure records the checkpoint at its position and prints its root in the footer', async () => {
    const officer = await t.token('DISCLOSURE_OFFICER', '省生态环境厅');
    const published = await t.gql<{
      publishDisclosure: {
        disclosure: { disclosureId: string; asOfPosition: string; contentUrl: string };
      };
    }>(
      `mutation($input: PublishDisclosureInput!) { publishDisclosure(input: $input) {
        disclosure { disclosureId asOfPosition contentUrl } } }`,
      {
        input: {
          kind: 'RECTIFICATION_STATUS',
          channel: 'PARTY_PAPER',
          title: '整改情况',
          format: 'MARKDOWN',
          inspectionId: 'DEMO-JX3',
        },
      },
      officer,
    );
    expect(published.errors).toBeUndefined();
    const d = published.data!.publishDisclosure.disclosure;
    const expected = await checkpoint(Number(d.asOfPosition));

    const history = await t.gql<{
      history: { edges: { node: { data: { checkpoint: Checkpoint } } }[] };
    }>(
      'query ($s: String!) { history(streamId: $s, first: 1) { edges { node { data } } } }',
      { s: `disclosure-${d.disclosureId}` },
      token,
    );
    const recorded = history.data!.history.edges[0].node.data.checkpoint;
    expect(recorded).toEqual({
      origin: expected.origin,
      treeSize: expected.treeSize,
      rootHash: expected.rootHash,
      note: expected.note,
    });
    expect(openCheckpoint(recorded.note, parseVerifierKey(expected.verifierKey)).size).toBe(
      Number(d.asOfPosition),
    );

    const res = await fetch(t.url.replace(/\/graphql$/, '') + d.contentUrl, {
      headers: { authorization: `Bearer ${officer}` },
    });
    const text = await res.text();
    expect(text).toContain('台账检查点 / Ledger checkpoint');
    expect(text).toMatch(
      new RegExp(
        `${expected.origin}\\s*\\|\\s*${expected.treeSize}\\s*\\|\\s*${expected.rootHash}`,
      ),
    );

    const verified = await t.gql<{ verifyDisclosure: { ok: boolean } }>(
      'query ($id: ID!) { verifyDisclosure(id: $id) { ok } }',
      { id: d.disclosureId },
      officer,
    );
    expect(verified.data?.verifyDisclosure.ok).toBe(true);
  });
});
