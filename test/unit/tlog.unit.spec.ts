import { createHash } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { MerkleTree } from '../../src/event-store/merkle/merkle-tree.js';
import { storedCount } from '../../src/event-store/merkle/tree-layout.js';
import {
  EMPTY_ROOT,
  encodeVerifierKey,
  leafHash,
  nodeHash,
  openCheckpoint,
  openNote,
  parseVerifierKey,
  rootOf,
  signNote,
  checkpointText,
  TlogError,
  verifyConsistency,
  verifyInclusion,
} from '../../src/event-store/merkle/tlog.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const h = (s: string): Buffer => Buffer.from(s, 'hex');

/**
 * An independent implementation of RFC 9162 section 2.1, written straight from its recursive
 * definitions over a list of leaves: MTH, PATH and PROOF, and verifiers that rebuild the roots by
 * walking the same recursion (not the RFC's bit-shifting algorithm that src/event-store/merkle/tlog.ts uses).
 */
const split = (n: number): number => 2 ** Math.ceil(Math.log2(n) - 1);
const mth = (d: Buffer[]): Buffer =>
  d.length === 0
    ? createHash('sha256').digest()
    : d.length === 1
      ? d[0]
      : nodeHash(mth(d.slice(0, split(d.length))), mth(d.slice(split(d.length))));
const path = (m: number, d: Buffer[]): Buffer[] => {
  if (d.length === 1) return [];
  const k = split(d.length);
  return m < k
    ? [...path(m, d.slice(0, k)), mth(d.slice(k))]
    : [...path(m - k, d.slice(k)), mth(d.slice(0, k))];
};
const subproof = (m: number, d: Buffer[], b: boolean): Buffer[] => {
  if (m === d.length) return b ? [] : [mth(d)];
  const k = split(d.length);
  return m <= k
    ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
    : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
};
function rootFromPath(m: number, n: number, leaf: Buffer, proof: Buffer[]): Buffer {
  if (n === 1) {
    if (proof.length) throw new Error('proof too long');
    return leaf;
  }
  const k = split(n);
  const sibling = proof[proof.length - 1];
  if (!sibling) throw new Error('proof too short');
  const rest = proof.slice(0, -1);
  return m < k
    ? nodeHash(rootFromPath(m, k, leaf, rest), sibling)
    : nodeHash(sibling, rootFromPath(m - k, n - k, leaf, rest));
}
function rootsFromSubproof(
  m: number,
  n: number,
  proof: Buffer[],
  b: boolean,
  root1: Buffer,
): [Buffer, Buffer] {
  if (m === n) {
    if (b) {
      if (proof.length) throw new Error('proof too long');
      return [root1, root1];
    }
    if (proof.length !== 1) throw new Error('proof length');
    return [proof[0], proof[0]];
  }
  const k = split(n);
  const sibling = proof[proof.length - 1];
  if (!sibling) throw new Error('proof too short');
  const rest = proof.slice(0, -1);
  if (m <= k) {
    const [old, now] = rootsFromSubproof(m, k, rest, b, root1);
    return [old, nodeHash(now, sibling)];
  }
  const [old, now] = rootsFromSubproof(m - k, n - k, rest, false, root1);
  return [nodeHash(sibling, old), nodeHash(sibling, now)];
}

const leaves = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));

/** A MerkleTree in a fresh in-memory file, holding `n` leaves. */
function storedTree(n: number): MerkleTree {
  const tree = new MerkleTree(new DatabaseSync(':memory:'));
  tree.append(leaves(n));
  return tree;
}

describe('RFC 9162 Merkle tree: test vectors', () => {
  // The reference leaves and roots of the Certificate Transparency test data (RFC 6962 hashing, the
  // same in RFC 9162), as transparency-dev/merkle ships them.
  const inputs = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ];
  const roots = [
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];
  const vectorLeaves = inputs.map((i) => leafHash(h(i)));

  it('gives the reference root for every size 0 to 8, built in memory and from the stored nodes', () => {
    const tree = new MerkleTree(new DatabaseSync(':memory:'));
    expect(hex(tree.root())).toBe(roots[0]);
    for (let size = 1; size <= 8; size++) {
      expect(hex(rootOf(vectorLeaves.slice(0, size)))).toBe(roots[size]);
      tree.append([vectorLeaves[size - 1]]);
      expect(hex(tree.root())).toBe(roots[size]);
    }
    for (let size = 0; size <= 8; size++) expect(hex(tree.root(size))).toBe(roots[size]);
    expect(hex(EMPTY_ROOT)).toBe(roots[0]);
  });

  it('proves leaf 5 of 8 and the consistency of 6 with 8 with the reference interior nodes', () => {
    const tree = new MerkleTree(new DatabaseSync(':memory:'));
    tree.append(vectorLeaves);
    // Nodes of the reference tree: leaf 4, then level 1 index 3, then level 2 index 0; for the
    // consistency proof level 1 index 2, then level 1 index 3, then level 2 index 0.
    expect(tree.inclusionProof(5, 8).map(hex)).toEqual([
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
    expect(tree.consistencyProof(6, 8).map(hex)).toEqual([
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ]);
  });
});

describe('RFC 9162 proofs against an independent implementation, both directions', () => {
  const N = 37; // every size up to 37: powers of two and everything between them
  const all = leaves(N);
  const tree = storedTree(N);

  it('our stored tree gives the roots and proofs of the RFC definitions, and the independent verifiers accept them', () => {
    for (let n = 1; n <= N; n++) {
      const d = all.slice(0, n);
      const root = tree.root(n);
      expect(hex(root)).toBe(hex(mth(d)));
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        expect(proof.map(hex)).toEqual(path(m, d).map(hex));
        expect(hex(rootFromPath(m, n, d[m], proof))).toBe(hex(root));
      }
      for (let m = 1; m < n; m++) {
        const proof = tree.consistencyProof(m, n);
        expect(proof.map(hex)).toEqual(subproof(m, d, true).map(hex));
        const [old, now] = rootsFromSubproof(m, n, proof, true, tree.root(m));
        expect([hex(old), hex(now)]).toEqual([hex(tree.root(m)), hex(root)]);
      }
    }
  });

  it('our verifiers accept the independent proofs, and refuse them once a hash or an index is off', () => {
    for (let n = 1; n <= N; n++) {
      const d = all.slice(0, n);
      const root = mth(d);
      for (let m = 0; m < n; m++) {
        const proof = path(m, d);
        expect(verifyInclusion(m, n, d[m], proof, root)).toBe(true);
        if (n > 1) {
          expect(verifyInclusion(m, n, d[(m + 1) % n], proof, root)).toBe(false);
          expect(verifyInclusion((m + 1) % n, n, d[m], proof, root)).toBe(false);
        }
        expect(verifyInclusion(n, n, d[m], proof, root)).toBe(false);
        if (proof.length) {
          const bent = proof.map((p, i) => (i === proof.length - 1 ? nodeHash(p, p) : p));
          expect(verifyInclusion(m, n, d[m], bent, root)).toBe(false);
          expect(verifyInclusion(m, n, d[m], proof.slice(1), root)).toBe(false);
        }
      }
      for (let m = 1; m <= n; m++) {
        const proof = m === n ? [] : subproof(m, d, true);
        const old = mth(d.slice(0, m));
        expect(verifyConsistency(m, n, proof, old, root)).toBe(true);
        if (m < n) {
          expect(verifyConsistency(m, n, proof, nodeHash(old, old), root)).toBe(false);
          expect(verifyConsistency(m, n, proof, old, nodeHash(root, root))).toBe(false);
          expect(verifyConsistency(m, n, proof.slice(0, -1), old, root)).toBe(false);
        }
      }
    }
    expect(verifyConsistency(0, 5, [], EMPTY_ROOT, mth(all.slice(0, 5)))).toBe(true);
    expect(verifyConsistency(3, 2, [], EMPTY_ROOT, EMPTY_ROOT)).toBe(false);
  });

  it('refuses sizes and indexes the tree does not have, with a clear error', () => {
    expect(() => tree.inclusionProof(37, 37)).toThrow(
      /leaf index 37 is not in the tree of size 37/,
    );
    expect(() => tree.root(38)).toThrow(/tree size 38 is invalid: the ledger holds 37 entries/);
    expect(() => tree.consistencyProof(9, 5)).toThrow(/between 0 and 5/);
  });

  it('resumes its edge from the stored nodes: appending after a reopen gives the same tree', () => {
    const db = new DatabaseSync(':memory:');
    const first = new MerkleTree(db);
    first.append(all.slice(0, 21));
    const reopened = new MerkleTree(db);
    expect(reopened.size).toBe(21);
    reopened.append(all.slice(21));
    expect(hex(reopened.root())).toBe(hex(mth(all)));
  });
});

describe('tiles: full tiles stored as blobs, proofs read from them', () => {
  const N = 37;
  const all = leaves(N);
  const tileCount = (db: DatabaseSync): number =>
    (db.prepare('SELECT COUNT(*) AS n FROM merkle_tiles').get() as { n: number }).n;

  /** Every root and proof of every size up to N equals the independent implementation's. */
  function expectReference(tree: MerkleTree): void {
    for (let n = 1; n <= N; n++) {
      const d = all.slice(0, n);
      expect(hex(tree.root(n))).toBe(hex(mth(d)));
      for (let m = 0; m < n; m++) {
        expect(tree.inclusionProof(m, n).map(hex)).toEqual(path(m, d).map(hex));
        expect(hex(tree.leafHash(m))).toBe(hex(d[m]));
      }
      for (let m = 1; m < n; m++)
        expect(tree.consistencyProof(m, n).map(hex)).toEqual(subproof(m, d, true).map(hex));
    }
  }

  it.each([1, 2, 3])(
    'with tiles of height %i, appended in uneven batches and reopened between them, gives the reference tree',
    (tileHeight) => {
      const db = new DatabaseSync(':memory:');
      let tree = new MerkleTree(db, { tileHeight });
      for (let done = 0, batch = 1; done < N; done += batch, batch += 2) {
        tree = new MerkleTree(db, { tileHeight });
        tree.append(all.slice(done, done + batch));
      }
      const width = 2 ** tileHeight;
      expect(tileCount(db)).toBe(Math.floor(N / width));
      // A tile is its rows, in order, as one blob: 2 * width - 1 hashes.
      const rows = db.prepare('SELECT hash FROM merkle_hashes ORDER BY id').all() as {
        hash: Uint8Array;
      }[];
      const tile1 = db.prepare('SELECT hashes FROM merkle_tiles WHERE id = 1').get() as {
        hashes: Uint8Array;
      };
      const base = 2 * width - 1; // tile 0's rows come first
      expect(hex(tile1.hashes)).toBe(
        hex(Buffer.concat(rows.slice(base, base + 2 * width - 1).map((r) => r.hash))),
      );
      expectReference(tree);
      expectReference(new MerkleTree(db, { tileHeight }));
    },
  );

  it('serves the nodes of a full tile from its blob, not from the rows', () => {
    const db = new DatabaseSync(':memory:');
    new MerkleTree(db, { tileHeight: 2 }).append(all);
    // Every row inside a full tile zeroed: a tree reading those rows would give other proofs. Rows
    // above the tiles' level and of the partial tile at the end stay.
    const zero = db.prepare(
      'UPDATE merkle_hashes SET hash = zeroblob(32) WHERE id >= ? AND id < ?',
    );
    for (let t = 0; t < Math.floor(N / 4); t++)
      zero.run(storedCount(4 * t), storedCount(4 * t) + 7);
    const tree = new MerkleTree(db, { tileHeight: 2 });
    expectReference(tree);
  });

  it('a tree stored before tiles (rows only) proves the same, and gets its tiles from its rows', () => {
    const db = new DatabaseSync(':memory:');
    new MerkleTree(db, { tileHeight: 2 }).append(all.slice(0, 30));
    db.exec('DELETE FROM merkle_tiles');
    const old = new MerkleTree(db, { tileHeight: 2 });
    // With tiles missing, appends write rows only (a tile is never written before those below it).
    old.append(all.slice(30));
    expect(tileCount(db)).toBe(0);
    expectReference(old);
    expect(old.fillTiles(3)).toBe(6);
    expect(old.fillTiles()).toBe(0);
    expect(tileCount(db)).toBe(9);
    expectReference(new MerkleTree(db, { tileHeight: 2 }));
  });

  it('forgets what a rolled-back transaction appended, tiles included', () => {
    const db = new DatabaseSync(':memory:');
    const tree = new MerkleTree(db, { tileHeight: 2 });
    tree.append(all.slice(0, 10));
    db.exec('BEGIN');
    tree.append(all.slice(10, 20).map((l) => nodeHash(l, l)));
    db.exec('ROLLBACK');
    tree.reload();
    expect(tree.size).toBe(10);
    expect(tileCount(db)).toBe(2);
    tree.append(all.slice(10));
    expectReference(tree);
  });
});

describe('signed notes and checkpoints (C2SP signed-note, tlog-checkpoint)', () => {
  // The example key and note of golang.org/x/mod/sumdb/note's documentation. Ed25519 signatures are
  // deterministic, so signing the same text with the same seed must give the same bytes.
  const vkey = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
  const seed = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
  const text =
    'If you think cryptography is the answer to your problem,\n' +
    "then you don't know what your problem is.\n";
  const signed =
    text +
    '\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

  it('signs byte for byte as the Go reference does, and opens its note', () => {
    expect(signNote(text, 'PeterNeumann', seed)).toBe(signed);
    const key = parseVerifierKey(vkey);
    expect(encodeVerifierKey(key.name, key.publicKey)).toBe(vkey);
    expect(openNote(signed, key)).toBe(text);
  });

  it('refuses an altered text, another key, and malformed keys', () => {
    const key = parseVerifierKey(vkey);
    expect(() => openNote(signed.replace('problem,', 'problem;'), key)).toThrow(TlogError);
    const other = parseVerifierKey(encodeVerifierKey('PeterNeumann', Buffer.alloc(32, 7)));
    expect(() => openNote(signed, other)).toThrow(/no signature by PeterNeumann/);
    expect(() => parseVerifierKey(vkey.replace('c74f20a3', 'c74f20a4'))).toThrow(TlogError);
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3')).toThrow(TlogError);
  });

  it('round-trips a checkpoint and refuses one of another origin', () => {
    const root = mth(leaves(5));
    const note = signNote(
      checkpointText({ origin: 'PeterNeumann', size: 5, root }),
      'PeterNeumann',
      seed,
    );
    expect(note.split('\n').slice(0, 3)).toEqual(['PeterNeumann', '5', root.toString('base64')]);
    const opened = openCheckpoint(note, parseVerifierKey(vkey));
    expect({ ...opened, root: hex(opened.root) }).toEqual({
      origin: 'PeterNeumann',
      size: 5,
      root: hex(root),
    });
    const foreign = signNote(
      checkpointText({ origin: 'elsewhere', size: 5, root }),
      'PeterNeumann',
      seed,
    );
    expect(() => openCheckpoint(foreign, parseVerifierKey(vkey))).toThrow(
      /not a checkpoint of this log/,
    );
  });
});
