import { createHash } from 'node:crypto';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { allProjections } from '../../projections/index.js';
import { apartInWorker } from '../../projections/apart.js';
import { CATCH_UP_BATCH, ProjectionRunner } from '../../projections/runner.js';
import type { Config } from '../config/config.js';
import { CheckpointSigner } from '../event-store/merkle/checkpoint-signer.js';
import { MerkleTree } from '../event-store/merkle/merkle-tree.js';
import { openCheckpoint, parseVerifierKey, type Checkpoint } from '../event-store/merkle/tlog.js';
import { verifyLedger, type LogProblem } from '../event-store/merkle/verify-ledger.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';

export const BACKUP_FORMAT = 'taizhang-backup/1';
export const MANIFEST = 'manifest.json';
const EVENTS = 'events.db';
const CHECKPOINT = 'checkpoint';
const SERVED_CHECKPOINT = 'served-checkpoint';
const VERIFIER_KEY = 'verifier-key';

export interface BackupFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** What a backup directory holds, written last: a directory without it is not a backup. */
export interface BackupManifest {
  readonly format: typeof BACKUP_FORMAT;
  readonly createdAt: string;
  readonly sourceDataDir: string;
  /** Events in the copy; the log's last position (positions run 1..n with no gap). */
  readonly events: number;
  readonly lastPosition: string;
  readonly lastHash: string | null;
  readonly streams: number;
  /** Every stream's head: its last revision and that event's hash. */
  readonly heads: Record<string, { readonly revision: string; readonly hash: string }>;
  /** The ledger tree over the copy: its size and root, and the file with the signed checkpoint of both. */
  readonly tree: { readonly size: number; readonly root: string };
  readonly checkpoint: string;
  /** The key that checks the checkpoint (the public part of the checkpoint signing key). */
  readonly verifierKey: string;
  readonly files: readonly BackupFile[];
}

/** A backup or a restore that cannot go on: the message says why, in Chinese and English. */
export class BackupError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    /** The first position found wrong, when the refusal is about the events. */
    readonly position?: bigint,
    /** Each thing found wrong, one line each. */
    readonly details: readonly string[] = [],
  ) {
    super(`${zh} / ${en}`);
  }
}

function embeddedOnly(config: Config): void {
  if (config.eventStore !== 'sqlite') {
    throw new BackupError(
      '备份与恢复只用于嵌入式存储；KurrentDB 请用其自身的备份',
      'backup and restore are for the embedded store; back KurrentDB up with its own tools',
    );
  }
}

function emptyOrMissing(dir: string, what: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new BackupError(`${what}不是空目录：${dir}`, `${dir} is not empty`);
  }
  mkdirSync(dir, { recursive: true });
}

export async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function describeFile(dir: string, name: string): Promise<BackupFile> {
  const file = join(dir, name);
  return { name, bytes: statSync(file).size, sha256: await sha256Of(file) };
}

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`;

interface LogSummary {
  events: number;
  lastPosition: bigint;
  lastHash: string | null;
  heads: BackupManifest['heads'];
}

/** Positions, last hash and every stream's head, read from a store file with plain SQL. */
function summarise(db: DatabaseSync): LogSummary {
  const last = db
    .prepare(
      "SELECT position, json_extract(metadata, '$.hash') AS hash FROM events ORDER BY position DESC LIMIT 1",
    )
    .get() as { position: number; hash: string } | undefined;
  const count = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  const heads: Record<string, { revision: string; hash: string }> = {};
  // SQLite takes a bare column's value from the row where MAX() found its maximum.
  const rows = db
    .prepare(
      "SELECT stream_id, MAX(revision) AS revision, json_extract(metadata, '$.hash') AS hash FROM events GROUP BY stream_id ORDER BY stream_id",
    )
    .all() as { stream_id: string; revision: number; hash: string }[];
  for (const r of rows) heads[r.stream_id] = { revision: String(r.revision), hash: r.hash };
  return {
    events: count,
    lastPosition: BigInt(last?.position ?? 0),
    lastHash: last?.hash ?? null,
    heads,
  };
}

/**
 * `taizhang backup DIR`: a consistent copy of the event store taken while the server writes (SQLite's
 * `VACUUM INTO` reads one snapshot inside a read transaction, so appends go on and none is half in
 * the copy), the ledger tree in it signed as a checkpoint at the copy's size, the public key that
 * checks it, the server's latest timed checkpoint, and a manifest of sizes, SHA-256, the last
 * position and every stream's head hash. Secrets (the token key, the checkpoint signing key) are not
 * copied: keep them in the secret store they came from.
 */
export async function backup(config: Config, target: string): Promise<BackupManifest> {
  embeddedOnly(config);
  const source = join(config.dataDir, EVENTS);
  if (!existsSync(source)) {
    throw new BackupError(`没有事件库：${source}`, `no event store at ${source}`);
  }
  const dir = resolve(target);
  emptyOrMissing(dir, '备份目录');
  const signer = CheckpointSigner.load(config.checkpoints, config.dataDir);
  const live = new DatabaseSync(source);
  try {
    live.exec('PRAGMA busy_timeout = 10000');
    live.exec(`VACUUM INTO ${sqlString(join(dir, EVENTS))}`);
  } finally {
    live.close();
  }
  const copy = new DatabaseSync(join(dir, EVENTS));
  let summary: LogSummary;
  let tree: MerkleTree;
  try {
    summary = summarise(copy);
    tree = new MerkleTree(copy);
    if (BigInt(tree.size) !== summary.lastPosition || summary.events !== tree.size) {
      throw new BackupError(
        `账本树（${tree.size}）与事件（${summary.events} 条，末位 ${summary.lastPosition}）不一致；请先运行 taizhang verify`,
        `the ledger tree (${tree.size}) and the events (${summary.events}, last position ${summary.lastPosition}) disagree; run taizhang verify first`,
      );
    }
  } finally {
    copy.close();
  }
  const root = tree.root(tree.size);
  writeFileSync(join(dir, CHECKPOINT), signer.sign(tree.size, root));
  writeFileSync(join(dir, VERIFIER_KEY), `${signer.verifierKey}\n`);
  const names = [EVENTS, CHECKPOINT, VERIFIER_KEY];
  const served = join(config.dataDir, CHECKPOINT);
  if (existsSync(served)) {
    copyFileSync(served, join(dir, SERVED_CHECKPOINT));
    names.push(SERVED_CHECKPOINT);
  }
  for (const file of [config.auth.publicKeyFile, config.auth.jwksFile]) {
    if (!file) continue;
    const name = `auth-${basename(file)}`;
    copyFileSync(file, join(dir, name));
    names.push(name);
  }
  const files: BackupFile[] = [];
  for (const name of names) files.push(await describeFile(dir, name));
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: new Date().toISOString(),
    sourceDataDir: config.dataDir,
    events: summary.events,
    lastPosition: String(summary.lastPosition),
    lastHash: summary.lastHash,
    streams: Object.keys(summary.heads).length,
    heads: summary.heads,
    tree: { size: tree.size, root: root.toString('hex') },
    checkpoint: CHECKPOINT,
    verifierKey: signer.verifierKey,
    files,
  };
  // Written last, through a rename: a directory with a manifest holds a whole backup.
  writeFileSync(join(dir, `${MANIFEST}.tmp`), JSON.stringify(manifest, null, 2) + '\n');
  renameSync(join(dir, `${MANIFEST}.tmp`), join(dir, MANIFEST));
  return manifest;
}

export interface RestoreResult {
  readonly events: number;
  readonly streams: number;
  readonly root: string;
  readonly readModelEvents: number;
}

function readManifest(dir: string): BackupManifest {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) {
    throw new BackupError(
      `${dir} 没有 ${MANIFEST}：不是完整的备份`,
      `${dir} has no ${MANIFEST}: not a whole backup`,
    );
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  } catch {
    throw new BackupError(`${MANIFEST} 不是有效的 JSON`, `${MANIFEST} is not valid JSON`);
  }
  if (manifest.format !== BACKUP_FORMAT) {
    throw new BackupError(
      `不认识的备份格式：${String(manifest.format)}`,
      `unknown backup format: ${String(manifest.format)} (expected ${BACKUP_FORMAT})`,
    );
  }
  return manifest;
}

const atPosition = (p: LogProblem): string =>
  p.position !== undefined ? `位置 position ${p.position}: ` : '';

/**
 * `taizhang restore DIR` into an empty DATA_DIR. Before anything is accepted: every file's size and
 * SHA-256 against the manifest; every hash chain and the whole ledger tree recomputed from the
 * copied events; the root at the manifest's checkpoint equal to the signed one (checked with
 * `verifierKey` when the operator gives the key kept elsewhere, else with the backup's own); the
 * event count, last position and every stream's head as the manifest says; the server's timed
 * checkpoint, when in the backup, extended by the copy. Any failure refuses the restore, names the
 * first position found wrong and leaves DATA_DIR empty. Then the read models are rebuilt.
 */
export async function restore(
  config: Config,
  source: string,
  options: { verifierKey?: string; onProgress?: (events: number) => void } = {},
): Promise<RestoreResult> {
  embeddedOnly(config);
  const dir = resolve(source);
  const manifest = readManifest(dir);
  emptyOrMissing(config.dataDir, '数据目录 DATA_DIR ');
  const problems: string[] = [];
  for (const f of manifest.files) {
    const file = join(dir, basename(f.name));
    if (!existsSync(file)) problems.push(`缺少 / missing ${f.name}`);
    else if (statSync(file).size !== f.bytes || (await sha256Of(file)) !== f.sha256)
      problems.push(
        `${f.name} 的大小或 SHA-256 与清单不符 / ${f.name} differs from the manifest (size or SHA-256)`,
      );
  }
  const key = parseVerifierKey(options.verifierKey ?? manifest.verifierKey);
  let checkpoint: Checkpoint;
  try {
    checkpoint = openCheckpoint(
      readFileSync(join(dir, basename(manifest.checkpoint)), 'utf8'),
      key,
    );
  } catch (error) {
    throw new BackupError(
      `检查点无法用验证公钥打开：${(error as Error).message}`,
      `the backup's checkpoint does not open with the verifier key: ${(error as Error).message}`,
    );
  }
  const staging = join(config.dataDir, '.restore');
  mkdirSync(staging, { recursive: true });
  const refuse = (zh: string, en: string, position?: bigint, details?: string[]): never => {
    rmSync(staging, { recursive: true, force: true });
    throw new BackupError(zh, en, position, details);
  };
  copyFileSync(join(dir, EVENTS), join(staging, EVENTS));
  let store: SqliteEventStore | undefined;
  try {
    store = new SqliteEventStore(join(staging, EVENTS));
    const result = await verifyLedger(store, store.tree, {
      checkpoint,
      onProgress: options.onProgress,
    });
    const wrong: { position?: bigint; zh: string; en: string }[] = [];
    for (const f of result.chainFailures) {
      const bad = f.firstBad!;
      wrong.push({
        position: bad.position,
        zh: `${f.streamId} 版本 ${bad.revision} 的${bad.problem === 'hash' ? '哈希' : bad.problem === 'prevHash' ? '前序哈希' : '版本连续性'}校验失败`,
        en: `${f.streamId} revision ${bad.revision}: ${bad.problem} mismatch`,
      });
    }
    if (result.logProblem) wrong.push(result.logProblem);
    if (result.checkpoint && !result.checkpoint.ok) wrong.push(result.checkpoint.problem!);
    if (result.events < checkpoint.size) {
      wrong.push({
        position: BigInt(result.events + 1),
        zh: `备份只有 ${result.events} 条，检查点为 ${checkpoint.size} 条`,
        en: `the copy holds ${result.events} events, its checkpoint ${checkpoint.size}`,
      });
    }
    store.tree.reload();
    const served = manifest.files.find((f) => f.name === SERVED_CHECKPOINT);
    if (served && !wrong.length) {
      try {
        const cp = openCheckpoint(readFileSync(join(dir, SERVED_CHECKPOINT), 'utf8'), key);
        if (cp.size <= result.events && !store.tree.root(cp.size).equals(cp.root)) {
          wrong.push({
            zh: `副本不是服务器检查点（大小 ${cp.size}）的延续`,
            en: `the copy does not extend the server's checkpoint of size ${cp.size}`,
          });
        }
      } catch (error) {
        problems.push(`served-checkpoint: ${(error as Error).message}`);
      }
    }
    await store.close();
    store = undefined;
    const db = new DatabaseSync(join(staging, EVENTS));
    let summary: LogSummary;
    try {
      summary = summarise(db);
    } finally {
      db.close();
    }
    if (!wrong.length) {
      if (
        summary.events !== manifest.events ||
        String(summary.lastPosition) !== manifest.lastPosition
      )
        wrong.push({
          zh: `事件数或末位与清单不符（${summary.events}/${summary.lastPosition}，清单 ${manifest.events}/${manifest.lastPosition}）`,
          en: `events or last position differ from the manifest (${summary.events}/${summary.lastPosition}, manifest ${manifest.events}/${manifest.lastPosition})`,
        });
      for (const [stream, head] of Object.entries(manifest.heads)) {
        const got = summary.heads[stream];
        if (got?.hash !== head.hash || got.revision !== head.revision) {
          wrong.push({
            zh: `流 ${stream} 的末事件与清单不符`,
            en: `the head of ${stream} differs from the manifest`,
          });
          break;
        }
      }
      if (
        checkpoint.size !== manifest.tree.size ||
        checkpoint.root.toString('hex') !== manifest.tree.root
      )
        wrong.push({ zh: '检查点与清单不符', en: 'the checkpoint differs from the manifest' });
    }
    if (wrong.length || problems.length) {
      const first = wrong.find((w) => w.position !== undefined) ?? wrong[0];
      const lines = [...problems, ...wrong.map((w) => `${atPosition(w)}${w.zh} / ${w.en}`)];
      refuse(
        `恢复被拒绝${first?.position !== undefined ? `：副本自位置 ${first.position} 起不符` : ''}`,
        `restore refused${first?.position !== undefined ? `: the copy is wrong from position ${first.position}` : ''}`,
        first?.position,
        lines,
      );
    }
    renameSync(join(staging, EVENTS), join(config.dataDir, EVENTS));
    rmSync(staging, { recursive: true, force: true });
    return {
      events: summary.events,
      streams: Object.keys(summary.heads).length,
      root: result.root,
      readModelEvents: await rebuildReadModels(config),
    };
  } catch (error) {
    await store?.close();
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

async function rebuildReadModels(config: Config): Promise<number> {
  const store = new SqliteEventStore(join(config.dataDir, EVENTS));
  const runner = new ProjectionRunner(
    store,
    allProjections(),
    join(config.dataDir, 'readmodels.db'),
    {
      batchSize: 5000,
      catchUpBatch: CATCH_UP_BATCH,
      // The restored file, whatever store the configuration names: the ledger in a worker thread.
      apart: apartInWorker({ eventStore: 'sqlite', dataDir: config.dataDir }),
    },
  );
  try {
    // Every read model starts empty here: indexes are made once, at the end.
    return await runner.resume();
  } finally {
    runner.close();
    await store.close();
  }
}
