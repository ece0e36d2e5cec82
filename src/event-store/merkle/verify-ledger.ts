import type { EventStore, RecordedEvent } from '../event-store.port.js';
import { verifyAll, type StreamVerification } from '../verify.js';
import { eventLeafHash, TreeBuilder, type Checkpoint } from './tlog.js';
import { MissingNodeError, type MerkleTree } from './merkle-tree.js';

const HEX_HASH = /^[0-9a-f]{64}$/;
const NO_HASH = '0'.repeat(64);

/** Where the log stops being what its tree or a checkpoint says it was, in words for the operator. */
export interface LogProblem {
  /** The first position that is missing, moved or rewritten; absent when it cannot be told. */
  readonly position?: bigint;
  readonly zh: string;
  readonly en: string;
}

export interface LedgerVerification {
  readonly streams: number;
  readonly events: number;
  readonly chainFailures: StreamVerification[];
  /** The root recomputed from the events (hex). */
  readonly root: string;
  readonly treeSize: number;
  /** The first problem of the global order (omissions, reordering, rewrites), by position. */
  readonly logProblem?: LogProblem;
  readonly checkpoint?: {
    readonly size: number;
    readonly ok: boolean;
    readonly problem?: LogProblem;
  };
}

/**
 * Recomputes every chain and the whole Merkle tree from the events, in one pass over the global
 * order, and compares them with the stored tree and (when given) a checkpoint issued earlier. The
 * leaves are the stored event hashes: an event edited without its hash is the chains' to find; one
 * whose hash was recomputed too changes its leaf, which the stored tree (naming the position) and
 * the checkpoint (whatever else was rewritten) catch. Deleted, reordered and truncated events show
 * as positions out of line.
 */
export async function verifyLedger(
  store: EventStore,
  tree: MerkleTree,
  options: {
    checkpoint?: Checkpoint;
    onProgress?: (checked: number) => void;
    /**
     * Whether leaf i must be position i + 1 (the embedded store). KurrentDB's positions are commit
     * positions with gaps, so there only the tree the read side followed can show an omission.
     */
    densePositions?: boolean;
  } = {},
): Promise<LedgerVerification> {
  const dense = options.densePositions ?? true;
  const rebuilt = new TreeBuilder();
  let logProblem: LogProblem | undefined;
  let rootAtCheckpoint: Buffer | undefined;
  const cp = options.checkpoint;
  const observe = (event: RecordedEvent): void => {
    const index = rebuilt.size;
    const expected = BigInt(index + 1);
    // A stored hash that is not even a hash is the chains' to report; its leaf still counts.
    const hash = HEX_HASH.test(String(event.metadata.hash)) ? event.metadata.hash : NO_HASH;
    const leaf = eventLeafHash(hash);
    if (!logProblem && dense && event.position !== expected) {
      logProblem = {
        position: expected,
        zh: `位置 ${expected} 的事件缺失或被移动（下一条在位置 ${event.position}）`,
        en: `the event at position ${expected} is missing or moved (the next one is at ${event.position})`,
      };
    } else if (!logProblem && index < tree.size && !storedLeaf(tree, index)?.equals(leaf)) {
      logProblem = {
        position: event.position,
        zh: `位置 ${event.position} 的事件（${event.streamId} 版本 ${event.revision}）与账本树记录的不同：被改写或调换`,
        en: `the event at position ${event.position} (${event.streamId} revision ${event.revision}) is not the one the ledger tree recorded: rewritten or moved`,
      };
    }
    rebuilt.push(leaf);
    if (cp && rebuilt.size === cp.size) rootAtCheckpoint = rebuilt.root();
  };
  const chains = await verifyAll(store, options.onProgress, observe);
  if (!logProblem && tree.size > rebuilt.size) {
    logProblem = missingFrom(rebuilt.size, `the ledger tree records ${tree.size} entries`);
  }
  const root = rebuilt.root();
  if (!logProblem && tree.damage !== undefined) {
    logProblem = {
      zh: `存储的账本树缺少节点：${tree.damage}`,
      en: `the stored ledger tree lacks nodes: ${tree.damage}`,
    };
  }
  if (!logProblem && tree.size === rebuilt.size && !tree.root().equals(root)) {
    logProblem = {
      zh: '账本树与事件重算的根不同',
      en: 'the stored tree root differs from the root of the events',
    };
  }
  return {
    streams: chains.streams,
    events: chains.events,
    chainFailures: chains.failures,
    root: root.toString('hex'),
    treeSize: tree.size,
    ...(logProblem ? { logProblem } : {}),
    ...(cp
      ? {
          checkpoint: againstCheckpoint(cp, rebuilt.size, rootAtCheckpoint, logProblem, dense),
        }
      : {}),
  };
}

function againstCheckpoint(
  cp: Checkpoint,
  events: number,
  root: Buffer | undefined,
  logProblem: LogProblem | undefined,
  dense: boolean,
): LedgerVerification['checkpoint'] {
  if (cp.size === 0 || root?.equals(cp.root)) return { size: cp.size, ok: true };
  if (events < cp.size) {
    const missing = missingFrom(events, `the checkpoint commits to ${cp.size}`);
    // Without dense positions a count of events names no position; the followed tree may.
    const problem = dense
      ? missing
      : (logProblem ?? {
          zh: `账本只有 ${events} 条，检查点承诺 ${cp.size} 条（被截断或回滚）`,
          en: `the log holds only ${events} events while the checkpoint commits to ${cp.size} (truncated or rolled back)`,
        });
    return { size: cp.size, ok: false, problem };
  }
  return {
    size: cp.size,
    ok: false,
    // The first position out of line with the stored tree, when there is one, is where it changed;
    // a tree rewritten along with the events leaves only the checkpoint to say that something did.
    problem: logProblem?.position
      ? logProblem
      : {
          zh: `前 ${cp.size} 条事件的根与检查点不符：账本在此之前被改写`,
          en: `the root of the first ${cp.size} events differs from the checkpoint: the ledger was rewritten before that size`,
        },
  };
}

/** The leaf hash the stored tree holds at `index`, or undefined where its node is gone. */
function storedLeaf(tree: MerkleTree, index: number): Buffer | undefined {
  try {
    return tree.leafHash(index);
  } catch (error) {
    if (error instanceof MissingNodeError) return undefined;
    throw error;
  }
}

const missingFrom = (events: number, what: string): LogProblem => ({
  position: BigInt(events + 1),
  zh: `账本只有 ${events} 条：自位置 ${events + 1} 起缺失（被截断或回滚）`,
  en: `the log holds only ${events} events while ${what}: missing from position ${events + 1} (truncated or rolled back)`,
});
