import { Module } from '@nestjs/common';
import { LedgerEntriesResolver } from './ledger-entries.resolver.js';

@Module({ providers: [LedgerEntriesResolver] })
export class SubscriptionsModule {}
