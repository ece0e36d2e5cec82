import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { CheckpointSigner } from '../event-store/merkle/checkpoint-signer.js';
import { verifyLedger, type LogProblem } from '../event-store/merkle/verify-ledger.js';
import { openEventStore } from '../event-store/open-event-store.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import type { MerkleTree } from '../event-store/merkle/merkle-tree.js';
import type { PostgresEventStore } from '../event-store/postgres-event-store.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { verifyStream, type StreamVerification } from '../event-store/verify.js';
import { proofBundle } from './proof-bundle.js';
import {
  openCheckpoint,
  parseVerifierKey,
  TlogError,
  verifyBundle,
  type ProofBundle,
} from '../event-store/merkle/tlog.js';

export const VERIFICATION_USAGE = `  taizhang verify [streamId] [--checkpoint FILE [--key VERIFIER_KEY]]
                                      校验哈希链与账本树 / verify the chains and the ledger tree (all, or one
                                      stream); with a checkpoint, prove the log extends it; exit 1 if not
  taizhang checkpoint [--size N]      签发检查点 / print a signed checkpoint (now, or of the first N entries)
  taizhang verifier-key               打印检查点验证公钥 / print the checkpoint verifier key
  taizhang proof ENTRY --out FILE [--size N]
                                      证明包 / write a self-contained proof bundle for an entry (position or event id)
  taizhang verify-bundle FILE         离线校验证明包 / check a proof bundle offline (no server, no database)`;

const describe = (v: StreamVerification): string =>
  v.ok
    ? `${v.streamId}: ok (${v.events} events)`
    : `${v.streamId}: 第 ${v.firstBad!.revision + 1n} 个事件（revision ${v.firstBad!.revision}, event ${v.firstBad!.eventId}, 位置 position ${v.firstBad!.position}）校验失败 / FAILED at revision ${v.firstBad!.revision}: ${v.firstBad!.problem} mismatch`;

const describeProblem = (p: LogProblem): string =>
  `${p.position !== undefined ? `位置 position ${p.position}: ` : ''}${p.zh} / ${p.en}`;

/** A store with its stored ledger tree: what the CLI's full verification and proofs read. */
interface Ledger {
  readonly store: EventStore;
  readonly tree: MerkleTree;
  eventById(eventId: string): Promise<RecordedEvent | undefined>;
  close(): Promise<void>;
}

/**
 * The embedded store's own tree, or PostgreSQL's stored tree copied at this moment. KurrentDB keeps
 * no tree of its own (the read side builds one): its proofs come from the API.
 */
async function openLedger(config: Config): Promise<Ledger> {
  const store = await openEventStore(config);
  const close = () => store.close();
  if (store instanceof SqliteEventStore) {
    return { store, tree: store.tree, eventById: async (id) => store.eventById(id), close };
  }
  if (store.kind === 'postgres') {
    try {
      const tree = await (store as PostgresEventStore).treeSnapshot();
      return { store, tree, eventById: (id) => store.findEvent(id), close };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  await store.close();
  throw new Error(
    '命令行的账本树校验只用于嵌入式存储与 PostgreSQL / the CLI verifies the ledger tree of the embedded store and of PostgreSQL only; with KurrentDB use the API (checkpoint, inclusionProof, consistencyProof)',
  );
}

export async function verifyCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { checkpoint: { type: 'string' }, key: { type: 'string' } },
  });
  if (positionals[0]) {
    const store = await openEventStore(config);
    try {
      const result = await verifyStream(store, positionals[0]);
      console.log(describe(result));
      return result.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  }
  // The key an auditor kept is the one to trust; the data directory's serves the operator's own checks.
  const key = parseVerifierKey(
    values.key ?? CheckpointSigner.load(config.checkpoints, config.dataDir).verifierKey,
  );
  const checkpoint = values.checkpoint
    ? openCheckpoint(readFileSync(values.checkpoint, 'utf8'), key)
    : undefined;
  const ledger = await openLedger(config);
  try {
    const result = await verifyLedger(ledger.store, ledger.tree, {
      checkpoint,
      onProgress: (n) => {
        if (n % 100_000 === 0) process.stderr.write(`  已校验 / verified ${n} events\r`);
      },
    });
    for (const f of result.chainFailures) console.log(describe(f));
    if (result.logProblem)
      console.log(`账本树 / ledger tree: ${describeProblem(result.logProblem)}`);
    if (result.checkpoint) {
      console.log(
        result.checkpoint.ok
          ? `检查点 / checkpoint: 当前账本是大小 ${result.checkpoint.size} 的检查点的延续 / the log extends the checkpoint of size ${result.checkpoint.size}`
          : `检查点 / checkpoint of size ${result.checkpoint.size} NOT extended: ${describeProblem(result.checkpoint.problem!)}`,
      );
    }
    const ok =
      !result.chainFailures.length && !result.logProblem && result.checkpoint?.ok !== false;
    console.log(
      ok
        ? `校验通过 / verified: ${result.streams} streams, ${result.events} events, all hash chains intact, tree root ${result.root}`
        : `校验失败 / verification FAILED: ${result.chainFailures.length} of ${result.streams} streams, ledger tree ${result.logProblem || result.checkpoint?.ok === false ? 'not intact' : 'intact'}`,
    );
    return ok ? 0 : 1;
  } finally {
    await ledger.close();
  }
}

const sizeOption = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new Error(`--size 须为非负整数 / --size must be a whole number, got ${value}`);
  return Number(value);
};

export async function checkpointCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { size: { type: 'string' } } });
  const signer = CheckpointSigner.load(config.checkpoints, config.dataDir);
  const ledger = await openLedger(config);
  try {
    const size = sizeOption(values.size) ?? ledger.tree.size;
    process.stdout.write(signer.sign(size, ledger.tree.root(size)));
    return 0;
  } finally {
    await ledger.close();
  }
}

export function verifierKeyCommand(config: Config): number {
  console.log(CheckpointSigner.load(config.checkpoints, config.dataDir).verifierKey);
  return 0;
}

export async function proofCommand(config: Config, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, size: { type: 'string' } },
  });
  const [entry] = positionals;
  if (!entry || !values.out) {
    console.error('用法 / usage: taizhang proof ENTRY --out bundle.json [--size N]');
    return 2;
  }
  const signer = CheckpointSigner.load(config.checkpoints, config.dataDir);
  const ledger = await openLedger(config);
  try {
    const event = /^\d+$/.test(entry)
      ? (await ledger.store.readAll({ after: BigInt(entry) - 1n, maxCount: 1 })).find(
          (e) => e.position === BigInt(entry),
        )
      : await ledger.eventById(entry);
    if (!event) {
      console.error(`没有这条账本记录 / no ledger entry ${entry} (a position or an event id)`);
      return 1;
    }
    const bundle = proofBundle(event, ledger.tree, signer, sizeOption(values.size));
    writeFileSync(values.out, JSON.stringify(bundle, null, 2) + '\n');
    console.log(
      `证明包已写入 / proof bundle written: ${values.out} (position ${event.position}, leaf ${bundle.entry.leafIndex}, tree size ${bundle.inclusionProof.treeSize})`,
    );
    return 0;
  } finally {
    await ledger.close();
  }
}

/** Needs no configuration, server or database: only the bundle file. */
export function verifyBundleCommand(args: string[]): number {
  const [file] = args;
  if (!file) {
    console.error('用法 / usage: taizhang verify-bundle bundle.json');
    return 2;
  }
  try {
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as ProofBundle;
    const checkpoint = verifyBundle(bundle);
    console.log(
      `证明包有效 / bundle verified: ${bundle.entry.streamId} revision ${bundle.entry.revision} (position ${bundle.entry.position}) ` +
        `is leaf ${bundle.entry.leafIndex} of ${checkpoint.origin} at tree size ${checkpoint.size}, root ${checkpoint.root.toString('hex')}`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof TlogError || error instanceof SyntaxError)) throw error;
    console.log(`证明包无效 / bundle NOT verified: ${error.message}`);
    return 1;
  }
}
