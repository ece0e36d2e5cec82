import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config/config.js';
import type { EventStore, RecordedEvent } from '../event-store/event-store.port.js';
import { CheckpointSigner } from '../event-store/merkle/checkpoint-signer.js';
import { FollowedTree } from '../event-store/merkle/followed-tree.js';
import type { MerkleTree } from '../event-store/merkle/merkle-tree.js';
import { verifyLedger, type LogProblem } from '../event-store/merkle/verify-ledger.js';
import { openEventStore } from '../event-store/open-event-store.js';
import type { PostgresEventStore } from '../event-store/postgres-event-store.js';
import { SqliteEventStore } from '../event-store/sqlite-event-store.js';
import { verifyStream, type StreamVerification } from '../event-store/verify.js';
import { proofBundle } from './proof-bundle.js';
import { cosign, initWitness, parseConsistencyProof, witnessVerifierKey } from './witness.js';
import {
  openCheckpoint,
  openCosignature,
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
  taizhang proof ENTRY --out FILE [--size N | --checkpoint FILE]
                                      证明包 / write a self-contained proof bundle for an entry (position or event id),
                                      against a new checkpoint or one issued before (e.g. cosigned by a witness)
  taizhang verify-bundle FILE [--witness KEY ...]
                                      离线校验证明包 / check a proof bundle offline (no server, no database);
                                      with --witness, its checkpoint must carry that witness's cosignature
  taizhang consistency-proof --from N [--to M] [--out FILE]
                                      一致性证明 / write the consistency proof between two tree sizes (JSON)
  taizhang witness init --dir DIR --name NAME --log-key KEY
                                      见证人 / make a witness (an auditor's cosigning key) trusting the log's key
  taizhang witness cosign --dir DIR CHECKPOINT [--proof FILE] [--out FILE]
                                      见证签名 / cosign a checkpoint that extends the last one cosigned
  taizhang witness key --dir DIR      打印见证人公钥 / print the witness verifier key`;

const describe = (v: StreamVerification): string =>
  v.ok
    ? `${v.streamId}: ok (${v.events} events)`
    : `${v.streamId}: 第 ${v.firstBad!.revision + 1n} 个事件（revision ${v.firstBad!.revision}, event ${v.firstBad!.eventId}, 位置 position ${v.firstBad!.position}）校验失败 / FAILED at revision ${v.firstBad!.revision}: ${v.firstBad!.problem} mismatch`;

const describeProblem = (p: LogProblem): string =>
  `${p.position !== undefined ? `位置 position ${p.position}: ` : ''}${p.zh} / ${p.en}`;

/**
 * The ledger and its tree: the embedded store keeps its own (leaf i is position i + 1), PostgreSQL
 * its stored tree (copied at this moment; positions are gap-free there too); with KurrentDB it is
 * the tree the read side follows `$all` into, `DATA_DIR/ledger-tree.db` (the API's file, when run in
 * its data directory), brought up to date first unless only being checked.
 */
interface OpenedLedger {
  readonly store: EventStore;
  readonly tree: MerkleTree;
  readonly densePositions: boolean;
  leafIndexOf(position: bigint): number | undefined;
  eventById(eventId: string): Promise<RecordedEvent | undefined>;
  close(): Promise<void>;
}

async function openLedger(config: Config, options: { follow: boolean }): Promise<OpenedLedger> {
  const store = await openEventStore(config);
  const dense = (tree: MerkleTree) => ({
    store,
    tree,
    densePositions: true,
    leafIndexOf: (position: bigint) => Number(position) - 1,
    close: () => store.close(),
  });
  if (store instanceof SqliteEventStore) {
    return { ...dense(store.tree), eventById: async (eventId) => store.eventById(eventId) };
  }
  if (store.kind === 'postgres') {
    try {
      const tree = await (store as PostgresEventStore).treeSnapshot();
      return { ...dense(tree), eventById: (eventId) => store.findEvent(eventId) };
    } catch (error) {
      await store.close();
      throw error;
    }
  }
  const followed = new FollowedTree(store, join(config.dataDir, 'ledger-tree.db'));
  try {
    if (options.follow) await followed.catchUp();
  } catch (error) {
    await followed.close();
    await store.close();
    throw error;
  }
  return {
    store,
    tree: followed.tree,
    densePositions: false,
    leafIndexOf: (position) => followed.leafIndexOf(position),
    // KurrentDB is asked by position; an event id would need a scan of $all.
    eventById: async () => undefined,
    close: async () => {
      await followed.close();
      await store.close();
    },
  };
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
  const ledger = await openLedger(config, { follow: false });
  try {
    if (!ledger.densePositions && ledger.tree.size === 0) {
      console.log(
        '此处没有读侧跟随的账本树，仅重算树根 / no followed ledger tree here (DATA_DIR/ledger-tree.db): the root is recomputed and checked against the checkpoint only',
      );
    }
    const result = await verifyLedger(ledger.store, ledger.tree, {
      checkpoint,
      densePositions: ledger.densePositions,
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
  const { tree, close } = await openLedger(config, { follow: true });
  try {
    const size = sizeOption(values.size) ?? tree.size;
    process.stdout.write(signer.sign(size, tree.root(size)));
    return 0;
  } finally {
    await close();
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
    options: {
      out: { type: 'string' },
      size: { type: 'string' },
      checkpoint: { type: 'string' },
    },
  });
  const [entry] = positionals;
  if (!entry || !values.out) {
    console.error(
      '用法 / usage: taizhang proof ENTRY --out bundle.json [--size N | --checkpoint FILE]',
    );
    return 2;
  }
  const signer = CheckpointSigner.load(config.checkpoints, config.dataDir);
  const ledger = await openLedger(config, { follow: true });
  const { tree } = ledger;
  try {
    let size = sizeOption(values.size);
    let note: string | undefined;
    if (values.checkpoint) {
      note = readFileSync(values.checkpoint, 'utf8');
      const given = openCheckpoint(note, parseVerifierKey(signer.verifierKey));
      if (given.size > tree.size || !tree.root(given.size).equals(given.root)) {
        console.error(
          `账本不是该检查点的延续 / the ledger does not extend this checkpoint of size ${given.size}: run taizhang verify --checkpoint`,
        );
        return 1;
      }
      size = given.size;
    }
    const event = /^\d+$/.test(entry)
      ? (await ledger.store.readAll({ after: BigInt(entry) - 1n, maxCount: 1 })).find(
          (e) => e.position === BigInt(entry),
        )
      : await ledger.eventById(entry);
    if (!event) {
      console.error(`没有这条账本记录 / no ledger entry ${entry} (a position or an event id)`);
      return 1;
    }
    const leafIndex = ledger.leafIndexOf(event.position);
    if (leafIndex === undefined) {
      console.error(`账本树尚未包含该记录 / the ledger tree does not hold entry ${entry} yet`);
      return 1;
    }
    const bundle = proofBundle(event, tree, signer, size, note, leafIndex);
    writeFileSync(values.out, JSON.stringify(bundle, null, 2) + '\n');
    console.log(
      `证明包已写入 / proof bundle written: ${values.out} (position ${event.position}, leaf ${bundle.entry.leafIndex}, tree size ${bundle.inclusionProof.treeSize})`,
    );
    return 0;
  } finally {
    await ledger.close();
  }
}

/** Needs no configuration, server or database: only the bundle file (and witnesses' keys). */
export function verifyBundleCommand(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { witness: { type: 'string', multiple: true } },
  });
  const [file] = positionals;
  if (!file) {
    console.error('用法 / usage: taizhang verify-bundle bundle.json [--witness KEY ...]');
    return 2;
  }
  try {
    const bundle = JSON.parse(readFileSync(file, 'utf8')) as ProofBundle;
    const checkpoint = verifyBundle(bundle);
    console.log(
      `证明包有效 / bundle verified: ${bundle.entry.streamId} revision ${bundle.entry.revision} (position ${bundle.entry.position}) ` +
        `is leaf ${bundle.entry.leafIndex} of ${checkpoint.origin} at tree size ${checkpoint.size}, root ${checkpoint.root.toString('hex')}`,
    );
    for (const witness of values.witness ?? []) {
      const key = parseVerifierKey(witness);
      const time = openCosignature(bundle.checkpoint, key);
      console.log(
        `见证签名有效 / cosigned by ${key.name} at ${new Date(time * 1000).toISOString()}`,
      );
    }
    return 0;
  } catch (error) {
    if (!(error instanceof TlogError || error instanceof SyntaxError)) throw error;
    console.log(`证明包无效 / bundle NOT verified: ${error.message}`);
    return 1;
  }
}

export async function consistencyProofCommand(config: Config, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
  });
  const from = sizeOption(values.from);
  if (from === undefined) {
    console.error('用法 / usage: taizhang consistency-proof --from N [--to M] [--out FILE]');
    return 2;
  }
  const { tree, close } = await openLedger(config, { follow: true });
  try {
    const toSize = sizeOption(values.to) ?? tree.size;
    const hashes = tree.consistencyProof(from, toSize).map((h) => h.toString('hex'));
    const text = JSON.stringify({ fromSize: from, toSize, hashes }, null, 2) + '\n';
    if (values.out) writeFileSync(values.out, text);
    else process.stdout.write(text);
    return 0;
  } finally {
    await close();
  }
}

const WITNESS_USAGE =
  '用法 / usage: taizhang witness init --dir DIR --name NAME --log-key KEY | cosign --dir DIR CHECKPOINT [--proof FILE] [--out FILE] | key --dir DIR';

/** The witness's commands need no store: only the witness directory and the files given. */
export function witnessCommand(args: string[], now = new Date()): number {
  const [action, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      name: { type: 'string' },
      'log-key': { type: 'string' },
      proof: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.dir) {
    console.error(WITNESS_USAGE);
    return 2;
  }
  try {
    if (action === 'init' && values.name && values['log-key']) {
      console.log(initWitness(values.dir, values.name, values['log-key']));
      return 0;
    }
    if (action === 'key') {
      console.log(witnessVerifierKey(values.dir));
      return 0;
    }
    if (action === 'cosign' && positionals[0]) {
      const proof = values.proof
        ? parseConsistencyProof(readFileSync(values.proof, 'utf8'))
        : undefined;
      const result = cosign(values.dir, readFileSync(positionals[0], 'utf8'), proof, now);
      if (values.out) writeFileSync(values.out, result.note);
      else process.stdout.write(result.note);
      console.error(
        `已见证 / cosigned: tree size ${result.checkpoint.size} (extends ${result.previousSize})`,
      );
      return 0;
    }
  } catch (error) {
    if (!(error instanceof TlogError || error instanceof SyntaxError)) throw error;
    console.error(`拒绝见证 / not cosigned: ${error.message}`);
    return 1;
  }
  console.error(WITNESS_USAGE);
  return 2;
}
