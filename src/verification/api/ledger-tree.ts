import type { Config } from '../../config/config.js';
import type { EventStore } from '../../event-store/event-store.port.js';
import { CheckpointSigner } from '../../event-store/merkle/checkpoint-signer.js';
import type { MerkleTree } from '../../event-store/merkle/merkle-tree.js';
import { SqliteEventStore } from '../../event-store/sqlite-event-store.js';
import { TaizhangError } from '../../common/errors.js';

/** Nest token of the LedgerTree provider. */
export const LEDGER_TREE = Symbol('LEDGER_TREE');

/** The ledger's tree and its signer, as the API and the checkpoint timer use them. */
export class LedgerTree {
  constructor(
    private readonly merkle: MerkleTree | undefined,
    readonly signer: CheckpointSigner,
  ) {}

  static open(store: EventStore, config: Config): LedgerTree {
    const tree = store instanceof SqliteEventStore ? store.tree : undefined;
    return new LedgerTree(tree, CheckpointSigner.load(config.checkpoints, config.dataDir));
  }

  /** Whether this deployment keeps the tree (the embedded store does). */
  get available(): boolean {
    return this.merkle !== undefined;
  }

  get tree(): MerkleTree {
    if (!this.merkle) {
      throw new TaizhangError(
        'INTERNAL',
        '此部署的账本树尚不可用（KurrentDB 存储）',
        'the ledger tree is not available on this deployment yet (KurrentDB store)',
      );
    }
    return this.merkle;
  }

  /** The signed checkpoint of the first `size` entries (the whole ledger by default). */
  checkpoint(size = this.tree.size) {
    const root = this.tree.root(size);
    return {
      origin: this.signer.origin,
      treeSize: size,
      rootHash: root.toString('hex'),
      note: this.signer.sign(size, root),
      verifierKey: this.signer.verifierKey,
    };
  }
}
