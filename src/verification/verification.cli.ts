import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import { CheckpointSigner } from '../event-store/merkle/checkpoint-signer.js';
import { verifyLedger, type LogProblem } from '../event-store/merkle/verify-ledger.js';
import { openEventStore } from '../event-store/open-event-store.js';
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

/** The embedded store with its tree; the CLI's proofs and full verification need the file itself. */
async function openLedger(config: Config): Promise<SqliteEventStore> {
  const store = await openEventStore(config);
  if (store instanceof SqliteEventStore) return store;
  await store.close();
  throw new Error(
    '命令行的账本树校验只用于嵌入式存储 / the CLI verifies the ledger tree of the embedded store only; with KurrentDB use the API (checkpoint, inclusionProof, consistencyProof)',
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
  const store = await openLedger(config);
  try {
    const result = await verifyLedger(store, store.tree, {
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
    await store.close();
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
  const store = await openLedger(config);
  try {
    const size = sizeOption(values.size) ?? store.tree.size;
    process.stdout.write(signer.sign(size, store.tree.root(size)));
    return 0;
  } finally {
    await store.close();
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
  const store = await openLedger(config);
  try {
    const event = /^\d+$/.test(entry)
      ? (await store.readAll({ after: BigInt(entry) - 1n, maxCount: 1 })).find(
          (e) => e.position === BigInt(entry),
        )
      : store.eventById(entry);
    if (!event) {
      console.error(`没有这条账本记录 / no ledger entry ${entry} (a position or an event id)`);
      return 1;
    }
    const bundle = proofBundle(event, store.tree, signer, sizeOption(values.size));
    writeFileSync(values.out, JSON.stringify(bundle, null, 2) + '\n');
    console.log(
      `证明包已写入 / proof bundle written: ${values.out} (position ${event.position}, leaf ${bundle.entry.leafIndex}, tree size ${bundle.inclusionProof.treeSize})`,
    );
    return 0;
  } finally {
    await store.close();
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
