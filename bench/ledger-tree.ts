/**
 * The ledger tree's share of `bench:event-store`: proofs on a synthetic tree of BENCH_TREE_LEAVES
 * leaf hashes (built straight into the node table, no events), checkpoint signing and verification,
 * `verify` of the read file's 1,000,000 events with the tree, and the backfill of a store written
 * before the tree.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { CheckpointSigner } from '../src/event-store/merkle/checkpoint-signer.js';
import { MerkleTree } from '../src/event-store/merkle/merkle-tree.js';
import {
  consistencyPath,
  inclusionPath,
  storedIndex,
  type NodeReader,
} from '../src/event-store/merkle/tree-layout.js';
import { verifyLedger } from '../src/event-store/merkle/verify-ledger.js';
import { SqliteEventStore, sqlitePragmas } from '../src/event-store/sqlite-event-store.js';
import {
  leafHash,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
} from '../src/event-store/merkle/tlog.js';
import { num } from './bench-env.js';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * p50 / p99 / max in µs of `count` calls of `body`, each timed on its own: wall time, and the CPU
 * time this process spent. On a shared VM the wall time's tail is mostly time spent descheduled or
 * waiting for the disk; the CPU time is the work itself.
 */
function latency(count: number, body: (i: number) => void): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    const used = process.cpuUsage();
    body(i);
    const spent = process.cpuUsage(used);
    wall.push(Number(process.hrtime.bigint() - start) / 1e3);
    cpu.push(spent.user + spent.system);
  }
  const at = (xs: number[], q: number): string =>
    xs[Math.min(xs.length - 1, Math.floor(q * xs.length))].toFixed(0);
  wall.sort((x, y) => x - y);
  cpu.sort((x, y) => x - y);
  return (
    `wall p50 ${at(wall, 0.5)} µs, p99 ${at(wall, 0.99)} µs, max ${wall[wall.length - 1].toFixed(0)} µs; ` +
    `CPU p50 ${at(cpu, 0.5)} µs, p99 ${at(cpu, 0.99)} µs`
  );
}

/** A fixed pseudo-random sequence, so runs draw the same indexes. */
function random(seed: number): (below: number) => number {
  let x = seed;
  return (below) => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return Math.floor((x / 2147483648) * below);
  };
}

export async function treeMeasures(
  dir: string,
  readFile: string | undefined,
  sizes: { leaves: number; proofs: number; treeFile?: string },
): Promise<void> {
  const n = sizes.leaves;
  console.log(`\nLedger tree (RFC 9162), ${fmt(n)} synthetic leaves`);
  const db = new DatabaseSync(sizes.treeFile ?? join(dir, 'tree.db'));
  db.exec(sqlitePragmas('OFF'));
  const tree = new MerkleTree(db);
  let start = process.hrtime.bigint();
  const index = Buffer.alloc(8);
  // A kept tree file (BENCH_TREE_FILE) is built once and reused by later runs.
  const kept = tree.size;
  // A file kept from before tiles gets them first (appends write a tile only after those below it).
  db.exec('BEGIN');
  tree.fillTiles();
  db.exec('COMMIT');
  for (let done = kept; done < n;) {
    const batch: Buffer[] = [];
    for (const end = Math.min(done + 100_000, n); done < end; done++) {
      index.writeBigUInt64BE(BigInt(done));
      batch.push(leafHash(index));
    }
    db.exec('BEGIN');
    tree.append(batch);
    db.exec('COMMIT');
    if (done % 1_000_000 === 0) process.stderr.write(`  tree: ${fmt(done)} leaves\r`);
  }
  console.log(
    kept
      ? `  built: resumed from the kept file at ${fmt(kept)} leaves`
      : `  built: ${fmt(n / seconds(start))} leaves/s (2 rows and 2 hashes per leaf, amortised, and a tile blob per 256)`,
  );

  const draw = random(42);
  const root = tree.root();
  const leaf = (i: number): Buffer => {
    index.writeBigUInt64BE(BigInt(i));
    return leafHash(index);
  };
  // The baseline, in the same run: proofs cut from the rows alone, as before tiles (a row per level
  // below 2^10 leaves, the levels above cached in memory, the right edge hashed for every proof).
  const get = db.prepare('SELECT hash FROM merkle_hashes WHERE id = ?');
  const upper = new Map<number, Buffer>();
  const fromRows: NodeReader = (level, i) => {
    const id = storedIndex(level, i);
    const cached = upper.get(id);
    if (cached) return cached;
    const hash = Buffer.from((get.get(id) as { hash: Uint8Array }).hash);
    if (level >= 10) upper.set(id, hash);
    return hash;
  };
  for (let round = 1; round <= 2; round++) {
    console.log(
      `  round ${round}, inclusion proof at ${fmt(n)}, rows only (before tiles): ${latency(sizes.proofs, () => void inclusionPath(fromRows, draw(n), 0, n))}`,
    );
    console.log(
      `  round ${round}, inclusion proof at ${fmt(n)}: ${latency(sizes.proofs, () => void tree.inclusionProof(draw(n), n))}`,
    );
    console.log(
      `  round ${round}, consistency proof to ${fmt(n)}, rows only (before tiles): ${latency(sizes.proofs, () => void consistencyPath(fromRows, 1 + draw(n - 1), 0, n, true))}`,
    );
    console.log(
      `  round ${round}, consistency proof to ${fmt(n)}: ${latency(sizes.proofs, () => void tree.consistencyProof(1 + draw(n - 1), n))}`,
    );
  }
  for (let k = 0; k < 100; k++) {
    const i = draw(n);
    const m = 1 + draw(n - 1);
    if (!verifyInclusion(i, n, leaf(i), tree.inclusionProof(i, n), root))
      throw new Error(`inclusion ${i} failed`);
    if (!verifyConsistency(m, n, tree.consistencyProof(m, n), tree.root(m), root))
      throw new Error(`consistency ${m} failed`);
  }
  console.log(
    `  verify inclusion (client side): ${latency(sizes.proofs, () => {
      const i = draw(n);
      if (!verifyInclusion(i, n, leaf(i), tree.inclusionProof(i, n), root))
        throw new Error('bad proof');
    })} (proof included)`,
  );
  db.close();

  const signer = CheckpointSigner.load(
    { origin: 'bench.local/ledger', intervalSeconds: 0 },
    join(dir, 'keys'),
  );
  const key = parseVerifierKey(signer.verifierKey);
  const note = signer.sign(n, root);
  console.log(`  sign a checkpoint: ${latency(2000, (i) => void signer.sign(n - i, root))}`);
  console.log(
    `  open and verify a checkpoint: ${latency(2000, () => void openCheckpoint(note, key))}`,
  );

  if (!readFile) return;
  // `taizhang verify` of the read file: chains and tree recomputed, against a checkpoint of it all.
  const store = new SqliteEventStore(readFile);
  const checkpoint = openCheckpoint(signer.sign(store.tree.size, store.tree.root()), key);
  start = process.hrtime.bigint();
  const result = await verifyLedger(store, store.tree, {
    checkpoint,
    onProgress: (done) => {
      if (done % 100_000 === 0) process.stderr.write(`  verify: ${fmt(done)} events\r`);
    },
  });
  const took = seconds(start);
  await store.close();
  if (result.chainFailures.length || result.logProblem || !result.checkpoint?.ok)
    throw new Error('verify failed on an untouched file');
  console.log(
    `  verify of ${fmt(result.events)} events (chains, tree, checkpoint): ${took.toFixed(1)} s, ${fmt(result.events / took)} events/s`,
  );

  // A store whose tiles are missing (written before tiles): its first open fills them.
  let old = new DatabaseSync(readFile);
  old.exec('DROP TABLE merkle_tiles');
  old.close();
  start = process.hrtime.bigint();
  let reopened = new SqliteEventStore(readFile);
  const tiling = seconds(start);
  let ok = reopened.tree.root().equals(checkpoint.root);
  await reopened.close();
  console.log(
    `  tiles filled on first open of a store without them, ${fmt(checkpoint.size)} events: ${tiling.toFixed(1)} s (root ${ok ? 'equals' : 'DIFFERS from'} the checkpoint)`,
  );

  // A store written before the tree: its first open builds the tree from the stored hashes.
  old = new DatabaseSync(readFile);
  old.exec(
    'DROP TABLE merkle_hashes; DROP TABLE merkle_tiles; ALTER TABLE events DROP COLUMN tree',
  );
  old.close();
  start = process.hrtime.bigint();
  reopened = new SqliteEventStore(readFile);
  const backfill = seconds(start);
  ok = reopened.tree.root().equals(checkpoint.root);
  await reopened.close();
  console.log(
    `  backfill on first open of a pre-tree store, ${fmt(checkpoint.size)} events: ${backfill.toFixed(1)} s (root ${ok ? 'equals' : 'DIFFERS from'} the checkpoint)`,
  );
}

/** `npm run bench:ledger-tree`: the proofs and checkpoints alone, on a tree file kept between runs. */
if (require.main === module) {
  const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'taizhang-tree-bench-'));
  treeMeasures(dir, undefined, {
    leaves: num('BENCH_TREE_LEAVES', 10_000_000),
    proofs: num('BENCH_PROOFS', 20_000),
    treeFile: process.env.BENCH_TREE_FILE,
  })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
