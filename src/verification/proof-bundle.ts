import type { RecordedEvent } from '../event-store/event-store.port.js';
import { canonicalEventText } from '../event-store/hashing.js';
import type { CheckpointSigner } from '../event-store/merkle/checkpoint-signer.js';
import type { MerkleTree } from '../event-store/merkle/merkle-tree.js';
import type { ProofBundle } from '../event-store/merkle/tlog.js';

/** The leaf of the event at `position` in the embedded store's tree (positions start at 1). */
export const leafIndexOf = (position: bigint): number => Number(position) - 1;

/**
 * Everything needed to check one ledger entry with no server: the entry, the bytes its hash covers,
 * its inclusion proof in the tree of `treeSize` (the current tree by default) and that tree's signed
 * checkpoint with the key to check it.
 */
export function proofBundle(
  event: RecordedEvent,
  tree: MerkleTree,
  signer: CheckpointSigner,
  treeSize = tree.size,
  /** A checkpoint of treeSize already issued (e.g. one a witness cosigned) to prove against. */
  checkpoint?: string,
  /** The event's leaf where it is not position - 1 (a tree followed from KurrentDB). */
  leafIndex = leafIndexOf(event.position),
): ProofBundle {
  return {
    format: 'taizhang-proof-bundle/1',
    entry: {
      position: event.position.toString(),
      leafIndex,
      streamId: event.streamId,
      revision: event.revision.toString(),
      eventId: event.eventId,
      type: event.type,
      data: event.data,
      metadata: { ...event.metadata },
    },
    canonical: canonicalEventText(event),
    inclusionProof: {
      treeSize,
      hashes: tree.inclusionProof(leafIndex, treeSize).map((h) => h.toString('hex')),
    },
    checkpoint: checkpoint ?? signer.sign(treeSize, tree.root(treeSize)),
    verifierKey: signer.verifierKey,
  };
}
