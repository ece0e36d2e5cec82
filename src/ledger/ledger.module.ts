import { Module } from '@nestjs/common';
import { LedgerResolver } from './ledger.resolver.js';
import { SystemResolver } from './system.resolver.js';

const resolvers = [LedgerResolver, SystemResolver];

@Module({ providers: [...resolvers] })
export class LedgerModule {}
