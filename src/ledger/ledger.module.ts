import { Module } from '@nestjs/common';
import { LedgerEntriesResolver } from './api/ledger-entries.resolver.js';
import { LedgerEntryResolver } from './api/ledger-entry.resolver.js';
import { LedgerResolver } from './api/ledger.resolver.js';
import { SystemResolver } from './api/system.resolver.js';

/** The global audit log: pages, history, verification, the live feed, health and `me`. */
@Module({
  providers: [LedgerResolver, LedgerEntryResolver, LedgerEntriesResolver, SystemResolver],
})
export class LedgerModule {}
