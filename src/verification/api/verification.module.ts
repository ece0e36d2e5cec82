import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { CONFIG, type Config } from '../../config/config.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { CheckpointTimer } from './checkpoint-timer.js';
import { LEDGER_TREE, LedgerTree } from './ledger-tree.js';
import { LedgerEntryLeafResolver, VerificationResolver } from './verification.resolver.js';

const resolvers = [VerificationResolver, LedgerEntryLeafResolver];

/** The verifiable ledger: its tree and signer, the checkpoint timer, the proofs' resolvers. */
@Module({
  providers: [
    {
      provide: LEDGER_TREE,
      inject: [EVENT_STORE, CONFIG],
      useFactory: (store: EventStore, config: Config) => LedgerTree.open(store, config),
    },
    CheckpointTimer,
    ...resolvers,
  ],
  exports: [LEDGER_TREE],
})
export class VerificationModule implements OnApplicationShutdown {
  constructor(@Inject(LEDGER_TREE) private readonly ledger: LedgerTree) {}

  onApplicationShutdown(): Promise<void> {
    return this.ledger.close();
  }
}
