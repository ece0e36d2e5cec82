import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { hashEvent } from '../../src/event-store/hashing.js';
import { FollowedTree } from '../../src/event-store/merkle/followed-tree.js';
import {
  eventLeafHash,
  rootOf,
  verifyConsistency,
  verifyInclusion,
} from '../../src/event-store/merkle/tlog.js';
import { storedCount } from '../../src/event-store/merkle/tree-layout.js';
import { verifyLedger } from '../../src/event-store/merkle/verify-ledger.js';
import {
  SqliteEventStore,
  toEvent,
  type EventRow,
} from '../../src/event-store/sqlite-event-store.js';
import { tempDir } from '../support/temp-dir.js';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'src', 'cli.js');
const dir = tempDir('ledger-tree');
afterAll(() => dir.remove());

const actor = { id: 'u-insider', name: '内部人员', role: 'ADMIN', organisation: '省督察办' };
const STREAMS = ['task-100', 'task-200', 'case-300'];

/** Runs the CLI on a data directory, as an operator or auditor would. */
function taizhang(dataDir: string, ...args: string[]): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' };
  delete env.KURRENTDB_URL;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env, cwd: dataDir, timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : -1) : 0,
          output: `${stdout}\n${stderr}`,
        });
      },
    );
  });
}

async function append(store: SqliteEventStore, streamId: string, step: number): Promise<void> {
  await store.append({
    streamId,
    expectedRevision: 'any',
    events: [{ type: 'ProgressReported', data: { step, 内容: `第${step}次整改进度汇报` } }],
    context: { actor, commandId: `${streamId}-${step}`, recordedAt: '2025-03-01T08:00:00.000Z' },
  });
}

/**
 * Three streams of five events, interleaved (positions 1, 4, 7, ... are task-100's), and a checkpoint
 * of all 15 taken by the auditor before anything happens to the file.
 */
async function seed(name: string): Promise<{ dataDir: string; checkpoint: string }> {
  const dataDir = join(dir.path, name);
  mkdirSync(dataDir, { recursive: true });
  const store = new SqliteEventStore(join(dataDir, 'events.db'));
  for (let step = 0; step < 5; step++) for (const s of STREAMS) await append(store, s, step);
  await store.close();
  const issued = await taizhang(dataDir, 'checkpoint');
  expect(issued.code).toBe(0);
  const checkpoint = join(dataDir, '..', `${name}.checkpoint`);
  writeFileSync(checkpoint, issued.output.trimEnd() + '\n');
  return { dataDir, checkpoint };
}

/** What an insider with the file does: lift the immutability triggers, then change rows. */
function insider(dataDir: string, act: (db: DatabaseSync) => void): void {
  const db = new DatabaseSync(join(dataDir, 'events.db'));
  db.exec('DROP TRIGGER events_are_immutable_update; DROP TRIGGER events_are_immutable_delete;');
  act(db);
  db.close();
}

const row = (db: DatabaseSync, position: number): EventRow =>
  db.prepare('SELECT * FROM events WHERE position = ?').get(position) as unknown as EventRow;

describe('insider attacks on a copy of the store, caught against a checkpoint issued before them', () => {
  beforeAll(() => {
    if (!existsSync(cli))
      throw new Error('dist/src/cli.js is missing: run `npm run build` (npm test does it)');
  });

  it('an untouched store extends its checkpoint', async () => {
    const { dataDir, checkpoint } = await seed('clean');
    const result = await taizhang(dataDir, 'verify', '--checkpoint', checkpoint);
    expect(result.output).toContain('the log extends the checkpoint of size 15');
    expect(result.code).toBe(0);
  });

  const attacks: [string, number, (db: DatabaseSync) => void][] = [
    [
      'edits a byte of an event',
      8,
      (db) => {
        db.prepare(
          "UPDATE events SET data = replace(data, '第2次', '第3次') WHERE position = 8",
        ).run();
      },
    ],
    [
      "deletes a stream's last event",
      14,
      (db) => db.prepare('DELETE FROM events WHERE position = 14').run(),
    ],
    [
      'deletes an event in the middle of the log',
      6,
      (db) => db.prepare('DELETE FROM events WHERE position = 6').run(),
    ],
    [
      'deletes a whole stream',
      3,
      (db) => db.prepare("DELETE FROM events WHERE stream_id = 'case-300'").run(),
    ],
    [
      'rewrites an event and recomputes its stream chain',
      5,
      (db) => {
        // task-200 revision 1 is at position 5; its later events are at 8, 11 and 14.
        let prevHash = JSON.parse(row(db, 2).metadata).hash as string;
        for (const position of [5, 8, 11, 14]) {
          const event = toEvent(row(db, position));
          const data = position === 5 ? { ...event.data, 内容: '已按期完成整改' } : event.data;
          const { hash: _old, ...rest } = event.metadata;
          const metadata = { ...rest, prevHash };
          const hash = hashEvent({ ...event, data, metadata });
          db.prepare('UPDATE events SET data = ?, metadata = ? WHERE position = ?').run(
            JSON.stringify(data),
            JSON.stringify({ ...metadata, hash }),
            position,
          );
          prevHash = hash;
        }
      },
    ],
    [
      'reorders two events',
      4,
      (db) => {
        const [a, b] = [row(db, 4), row(db, 7)];
        db.prepare('DELETE FROM events WHERE position IN (4, 7)').run();
        const insert = db.prepare(
          'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
        );
        insert.run(4, b.stream_id, b.revision, b.event_id, b.type, b.data, b.metadata);
        insert.run(7, a.stream_id, a.revision, a.event_id, a.type, a.data, a.metadata);
      },
    ],
    ['truncates the log', 11, (db) => db.prepare('DELETE FROM events WHERE position >= 11').run()],
    [
      'truncates the log and its tree alike',
      13,
      (db) => {
        db.prepare('DELETE FROM events WHERE position >= 13').run();
        db.prepare('DELETE FROM merkle_hashes WHERE id >= 2 * 12 - 2').run();
      },
    ],
  ];

  it.each(attacks)('%s: verify fails and names position %d', async (name, position, act) => {
    const { dataDir, checkpoint } = await seed(name.replace(/\W+/g, '-'));
    insider(dataDir, act);
    const result = await taizhang(dataDir, 'verify', '--checkpoint', checkpoint);
    expect(result.code).toBe(1);
    expect(result.output).toMatch(new RegExp(`position ${position}\\b`));
    expect(result.output).toContain('verification FAILED');
  });

  it('replaces the file with an older copy (rollback): verify fails and names the first position lost', async () => {
    const { dataDir } = await seed('rollback');
    copyFileSync(join(dataDir, 'events.db'), join(dataDir, '..', 'rollback-yesterday.db'));
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    for (let step = 5; step < 7; step++) await append(store, 'case-300', step);
    await store.close();
    const later = await taizhang(dataDir, 'checkpoint');
    const checkpoint = join(dataDir, '..', 'rollback-later.checkpoint');
    writeFileSync(checkpoint, later.output);
    copyFileSync(join(dataDir, '..', 'rollback-yesterday.db'), join(dataDir, 'events.db'));
    const result = await taizhang(dataDir, 'verify', '--checkpoint', checkpoint);
    expect(result.code).toBe(1);
    expect(result.output).toContain('checkpoint of size 17 NOT extended');
    expect(result.output).toMatch(/position 16\b/);
  });

  it('a checkpoint signed by another key is refused, not trusted', async () => {
    const { dataDir, checkpoint } = await seed('foreign-key');
    const result = await taizhang(
      dataDir,
      'verify',
      '--checkpoint',
      checkpoint,
      '--key',
      'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW',
    );
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/no signature by PeterNeumann/);
  });
});

describe('a store written before the tree existed', () => {
  it('gets its tree backfilled on open, with the root of its events, and verifies', async () => {
    const { dataDir } = await seed('pre-tree');
    const fresh = new SqliteEventStore(join(dataDir, 'events.db'));
    const before = fresh.tree.root().toString('hex');
    await fresh.close();
    const db = new DatabaseSync(join(dataDir, 'events.db'));
    db.exec('DROP TABLE merkle_hashes');
    db.close();
    const reopened = new SqliteEventStore(join(dataDir, 'events.db'));
    expect({ size: reopened.tree.size, root: reopened.tree.root().toString('hex') }).toEqual({
      size: 15,
      root: before,
    });
    await append(reopened, 'task-100', 9);
    expect(reopened.tree.size).toBe(16);
    await reopened.close();
    const result = await taizhang(dataDir, 'verify');
    expect(result.code).toBe(0);
    expect(result.output).toContain('16 events, all hash chains intact');
  });

  it('a proof bundle checks offline, and fails once its entry is altered', async () => {
    const { dataDir } = await seed('bundle');
    const bundle = join(dataDir, '..', 'bundle.json');
    expect((await taizhang(dataDir, 'proof', '5', '--out', bundle)).code).toBe(0);
    const empty = join(dir.path, 'nowhere');
    mkdirSync(empty);
    const ok = await taizhang(empty, 'verify-bundle', bundle);
    expect(ok.output).toContain('task-200 revision 1 (position 5) is leaf 4');
    expect(ok.code).toBe(0);
    expect(existsSync(join(empty, 'events.db'))).toBe(false);
    const { readFileSync } = await import('node:fs');
    writeFileSync(bundle, readFileSync(bundle, 'utf8').replace('"leafIndex": 4', '"leafIndex": 3'));
    const bad = await taizhang(empty, 'verify-bundle', bundle);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain('leaf 3 is not in the checkpointed tree of 15');
  });
});

/** 64 writers at once (group commits), every eighth append at a revision its stream is not at. */
async function concurrentAppends(
  store: SqliteEventStore,
  rounds: number,
  tag = 't',
): Promise<number> {
  let refused = 0;
  for (let round = 0; round < rounds; round++) {
    const results = await Promise.allSettled(
      Array.from({ length: 64 }, (_, w) =>
        store.append({
          streamId: `task-${w}`,
          expectedRevision: w % 8 === 7 ? 'no_stream' : 'any',
          events: [{ type: 'ProgressReported', data: { round, w } }],
          context: {
            actor,
            commandId: `${tag}-${round}-${w}`,
            recordedAt: '2025-03-01T08:00:00.000Z',
          },
        }),
      ),
    );
    refused += results.filter((r) => r.status === 'rejected').length;
  }
  return refused;
}

describe('tiles and group commit in the embedded store', () => {
  it('a group commit with refused appends adds exactly the written events as leaves, and full tiles prove the same', async () => {
    const file = join(dir.path, 'group', 'events.db');
    const store = new SqliteEventStore(file);
    const refused = await concurrentAppends(store, 6);
    // Round 0 writes every stream; later rounds refuse the eight 'no_stream' appends each.
    expect(refused).toBe(5 * 8);
    const events = 6 * 64 - refused;
    expect(store.tree.size).toBe(events);
    const result = await verifyLedger(store, store.tree, {});
    expect(result.chainFailures).toEqual([]);
    expect(result.logProblem).toBeUndefined();
    const db = new DatabaseSync(file);
    const tiles = db.prepare('SELECT id, length(hashes) AS bytes FROM merkle_tiles').all();
    db.close();
    expect(tiles).toEqual([{ id: 0, bytes: 511 * 32 }]);
    const root = store.tree.root();
    const proofs = Array.from({ length: events }, (_, i) => store.tree.inclusionProof(i, events));
    proofs.forEach((proof, i) =>
      expect(verifyInclusion(i, events, store.tree.leafHash(i), proof, root)).toBe(true),
    );
    await store.close();

    // The same file as a store written before tiles: its first open fills them, proofs unchanged.
    const old = new DatabaseSync(file);
    old.exec('DROP TABLE merkle_tiles');
    old.close();
    const reopened = new SqliteEventStore(file);
    expect(reopened.tree.root().equals(root)).toBe(true);
    expect(
      Array.from({ length: events }, (_, i) => reopened.tree.inclusionProof(i, events)),
    ).toEqual(proofs);
    await concurrentAppends(reopened, 1);
    expect((await verifyLedger(reopened, reopened.tree, {})).logProblem).toBeUndefined();
    await reopened.close();
    const after = new DatabaseSync(file);
    expect(after.prepare('SELECT COUNT(*) AS n FROM merkle_tiles').get()).toEqual({ n: 1 });
    after.close();
  });
});

describe("the tree's hashes in the events' rows", () => {
  const leavesOf = async (store: SqliteEventStore): Promise<Buffer[]> =>
    (await store.readAll({ maxCount: 100_000 })).map((e) => eventLeafHash(e.metadata.hash));

  it('a store with the tree in rows (before 2026-11-30) keeps proving, and appends after it carry their hashes', async () => {
    const file = join(dir.path, 'layouts', 'events.db');
    // Written without the tree, then without the column: as an older file was.
    const bare = new SqliteEventStore(file, { merkleTree: false });
    await concurrentAppends(bare, 5);
    await bare.close();
    const old = new DatabaseSync(file);
    old.exec('ALTER TABLE events DROP COLUMN tree');
    old.close();
    // Its first open builds the tree in rows (300 leaves: a full tile and part of the next).
    const upgraded = new SqliteEventStore(file);
    const before = upgraded.tree.size;
    expect(before).toBe(5 * 64 - 4 * 8);
    for (let step = 0; step < 3; step++)
      for (const s of STREAMS) await append(upgraded, s, 100 + step);
    await concurrentAppends(upgraded, 4, 'u');
    const leaves = await leavesOf(upgraded);
    const size = leaves.length;
    expect(upgraded.tree.size).toBe(size);
    expect(upgraded.tree.root().equals(rootOf(leaves))).toBe(true);
    await upgraded.close();

    const db = new DatabaseSync(file, { readOnly: true });
    const rows = db.prepare('SELECT COUNT(*) AS n FROM merkle_hashes').get() as { n: number };
    const carried = db
      .prepare('SELECT MIN(position) AS first, COUNT(*) AS n FROM events WHERE tree IS NOT NULL')
      .get() as { first: number; n: number };
    const tiles = db.prepare('SELECT id FROM merkle_tiles ORDER BY id').all();
    db.close();
    // The old part's hashes are rows; every later event carries its own.
    expect(rows.n).toBe(storedCount(before));
    expect(carried).toEqual({ first: before + 1, n: size - before });
    expect(tiles).toEqual(Array.from({ length: Math.floor(size / 256) }, (_, id) => ({ id })));

    // Reopened: the edge is resumed across both layouts; proofs on either side check.
    const reopened = new SqliteEventStore(file);
    expect(reopened.tree.root().equals(rootOf(leaves))).toBe(true);
    const root = reopened.tree.root();
    for (const i of [0, 255, 256, before - 1, before, before + 1, size - 1])
      expect(verifyInclusion(i, size, leaves[i], reopened.tree.inclusionProof(i, size), root)).toBe(
        true,
      );
    for (const m of [1, before - 1, before, before + 7, size - 1]) {
      const proof = reopened.tree.consistencyProof(m, size);
      expect(verifyConsistency(m, size, proof, rootOf(leaves.slice(0, m)), root)).toBe(true);
    }
    const result = await verifyLedger(reopened, reopened.tree, {});
    expect(result.logProblem).toBeUndefined();
    expect(result.root).toBe(root.toString('hex'));
    await reopened.close();

    // Tiles lost (or never written) are filled again from both layouts, byte for byte: tile 1's
    // last leaf also closes the subtree of 512 leaves above it.
    const tilesOf = () => {
      const db = new DatabaseSync(file, { readOnly: true });
      const rows = db.prepare('SELECT * FROM merkle_tiles ORDER BY id').all();
      db.close();
      return rows;
    };
    const written = tilesOf();
    const copy = new DatabaseSync(file);
    copy.exec('DELETE FROM merkle_tiles');
    copy.close();
    const refilled = new SqliteEventStore(file);
    expect(refilled.tree.root().equals(root)).toBe(true);
    await refilled.close();
    expect(tilesOf()).toEqual(written);
  });

  it('an event row deleted by hand takes its hashes with it: the store opens, takes no appends, and verify names the position', async () => {
    const { dataDir } = await seed('damaged');
    // Position 8 closes the subtree of leaves 0..7: the tree's edge needs it.
    insider(dataDir, (db) => db.prepare('DELETE FROM events WHERE position = 8').run());
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    expect(store.tree.damage).toMatch(/missing/);
    await expect(append(store, 'task-100', 9)).rejects.toThrow(/ledger tree is damaged/);
    expect(() => store.tree.root()).toThrow(/signs or proves nothing/);
    expect(() => store.tree.inclusionProof(0, 15)).toThrow(/ledger tree is damaged/);
    const result = await verifyLedger(store, store.tree, {});
    expect(result.logProblem?.position).toBe(8n);
    await store.close();
  });
});

describe('the tree the read side follows (as with KurrentDB), here following an embedded store', () => {
  it('builds the same tree from $all order, resumes after a restart and keeps up with appends', async () => {
    const { dataDir } = await seed('followed');
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    const file = join(dataDir, 'ledger-tree.db');
    const first = new FollowedTree(store, file);
    expect(await first.catchUp()).toBe(15);
    expect(first.tree.root().equals(store.tree.root())).toBe(true);
    expect([first.leafIndexOf(7n), first.sizeAt(7n), first.leafIndexOf(99n)]).toEqual([
      6,
      7,
      undefined,
    ]);
    await first.close();

    await append(store, 'task-100', 5);
    const again = new FollowedTree(store, file);
    expect(again.tree.size).toBe(15);
    const errors: unknown[] = [];
    again.start((e) => errors.push(e));
    await append(store, 'task-200', 5);
    for (let waited = 0; again.tree.size < 17 && waited < 5000; waited += 20) {
      await store.waitForAppend(20);
    }
    expect(again.tree.size).toBe(17);
    expect(again.tree.root().equals(store.tree.root())).toBe(true);
    expect(errors).toEqual([]);
    await again.close();
    await store.close();
  });

  it('catches a deleted event by its followed tree and the checkpoint, with positions that may have gaps', async () => {
    const { dataDir } = await seed('followed-verify');
    const file = join(dataDir, 'ledger-tree.db');
    const live = new SqliteEventStore(join(dataDir, 'events.db'));
    const followed = new FollowedTree(live, file);
    await followed.catchUp();
    const checkpoint = { origin: 'taizhang.local/ledger', size: 15, root: followed.tree.root() };
    // As with KurrentDB: leaves are not assumed to be positions 1..n.
    const intact = await verifyLedger(live, followed.tree, { checkpoint, densePositions: false });
    expect(intact).toMatchObject({ events: 15, chainFailures: [], checkpoint: { ok: true } });
    expect(intact.logProblem).toBeUndefined();
    await followed.close();
    await live.close();

    insider(dataDir, (db) => db.prepare('DELETE FROM events WHERE position = 8').run());
    const store = new SqliteEventStore(join(dataDir, 'events.db'));
    const tree = new FollowedTree(store, file);
    const result = await verifyLedger(store, tree.tree, { checkpoint, densePositions: false });
    expect(result.logProblem).toMatchObject({ position: 9n });
    expect(result.logProblem?.en).toContain('is not the one the ledger tree recorded');
    expect(result.checkpoint).toMatchObject({ size: 15, ok: false, problem: { position: 9n } });
    await tree.close();
    await store.close();
  });
});
