import { Module } from '@nestjs/common';
import { LedgerEntryResolver } from './ledger-entry.resolver.js';
import { LedgerResolver } from './ledger.resolver.js';
import { SystemResolver } from './system.resolver.js';

const resolvers = [LedgerResolver, LedgerEntryResolver, SystemResolver];

@Module({ providers: [...resolvers] })
export class LedgerModule {}
