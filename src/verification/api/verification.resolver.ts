import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { BadInputError } from '../../common/errors.js';
import { eventLeafHash } from '../../event-store/merkle/tlog.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { LEDGER_TREE, type LedgerTree } from './ledger-tree.js';

const hex = (hashes: Buffer[]): string[] => hashes.map((h) => h.toString('hex'));

/** Checkpoints and proofs of the ledger's Merkle tree, for every signed-in reader (the ActorGuard). */
@Resolver()
export class VerificationResolver {
  constructor(
    @Inject(LEDGER_TREE) private readonly ledger: LedgerTree,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query('checkpoint')
  checkpoint(@Args('treeSize') treeSize?: number) {
    return this.ledger.checkpoint(treeSize ?? undefined);
  }

  @Query('verifierKey')
  verifierKey(): string {
    return this.ledger.signer.verifierKey;
  }

  @Query('inclusionProof')
  async inclusionProof(@Args('position') position: bigint, @Args('treeSize') treeSize?: number) {
    const [event] = await this.store.readAll({ after: position - 1n, maxCount: 1 });
    if (!event || event.position !== position) {
      throw new BadInputError(
        `没有位置为 ${position} 的账本记录`,
        `no ledger entry at position ${position}`,
        {
          field: 'position',
        },
      );
    }
    const { tree } = this.ledger;
    const size = treeSize ?? tree.size;
    const leafIndex = this.ledger.leafIndexOf(position);
    if (leafIndex === undefined) {
      throw new BadInputError(
        `位置 ${position} 的记录尚未计入账本树`,
        `the entry at position ${position} is not in the ledger tree yet`,
        { field: 'position' },
      );
    }
    return {
      leafIndex,
      treeSize: size,
      leafHash: eventLeafHash(event.metadata.hash).toString('hex'),
      hashes: hex(tree.inclusionProof(leafIndex, size)),
      checkpoint: this.ledger.checkpoint(size),
    };
  }

  @Query('consistencyProof')
  consistencyProof(@Args('fromSize') fromSize: number, @Args('toSize') toSize?: number) {
    const { tree } = this.ledger;
    const size = toSize ?? tree.size;
    return { fromSize, toSize: size, hashes: hex(tree.consistencyProof(fromSize, size)) };
  }
}

/** `LedgerEntry.leafIndex`: the entry's ordinal in ledger order, once the tree holds it. */
@Resolver('LedgerEntry')
export class LedgerEntryLeafResolver {
  constructor(@Inject(LEDGER_TREE) private readonly ledger: LedgerTree) {}

  @ResolveField('leafIndex')
  leafIndex(@Parent() entry: { position: bigint }): number | null {
    return this.ledger.leafIndexOf(entry.position) ?? null;
  }
}
