import { join } from 'node:path';
import type { Config } from '../../config/config.js';
import type { EventStore, Position } from '../../event-store/event-store.port.js';
import { CheckpointSigner } from '../../event-store/merkle/checkpoint-signer.js';
import { FollowedTree } from '../../event-store/merkle/followed-tree.js';
import type { MerkleTree } from '../../event-store/merkle/merkle-tree.js';
import { SqliteEventStore } from '../../event-store/sqlite-event-store.js';

/** Nest token of the LedgerTree provider. */
export const LEDGER_TREE = Symbol('LEDGER_TREE');

/**
 * The ledger's tree and its signer, as the API, the disclosures and the checkpoint timer use them:
 * the embedded store's own tree (leaf i is position i + 1), or with KurrentDB the tree the read side
 * follows `$all` into (leaf positions looked up).
 */
export class LedgerTree {
  private constructor(
    readonly tree: MerkleTree,
    readonly signer: CheckpointSigner,
    private readonly followed?: FollowedTree,
  ) {}

  static async open(store: EventStore, config: Config): Promise<LedgerTree> {
    const signer = CheckpointSigner.load(config.checkpoints, config.dataDir);
    if (store instanceof SqliteEventStore) return new LedgerTree(store.tree, signer);
    const followed = new FollowedTree(store, join(config.dataDir, 'ledger-tree.db'));
    await followed.catchUp();
    followed.start((e) => console.error('[ledger tree]', e));
    return new LedgerTree(followed.tree, signer, followed);
  }

  /** The entry's leaf, once the tree holds it. */
  leafIndexOf(position: Position): number | undefined {
    if (this.followed) return this.followed.leafIndexOf(position);
    return position >= 1n && position <= BigInt(this.tree.size) ? Number(position) - 1 : undefined;
  }

  /** Entries of the ledger up to and including `position`: the tree a document at it is part of. */
  sizeAt(position: Position): number {
    return this.followed ? this.followed.sizeAt(position) : Number(position);
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

  close(): Promise<void> {
    return this.followed?.close() ?? Promise.resolve();
  }
}
