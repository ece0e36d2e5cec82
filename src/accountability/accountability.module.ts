import { Module } from '@nestjs/common';
import { AccountabilityMutationsResolver } from './api/accountability.mutations.resolver.js';
import { AccountabilityQueriesResolver } from './api/accountability.queries.resolver.js';

const resolvers = [AccountabilityQueriesResolver, AccountabilityMutationsResolver];

/** Accountability cases (移交责任追究问题): referral, investigation, people, sanctions, outcomes. */
@Module({ providers: [...resolvers], exports: [AccountabilityQueriesResolver] })
export class AccountabilityModule {}
