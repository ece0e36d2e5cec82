import { Module } from '@nestjs/common';
import { ComplaintMutationsResolver } from './api/complaint.mutations.resolver.js';
import { ComplaintQueriesResolver } from './api/complaint.queries.resolver.js';

const resolvers = [ComplaintQueriesResolver, ComplaintMutationsResolver];

/** Complaint cases handed over during an inspection (信访举报件, 边督边改). */
@Module({ providers: [...resolvers], exports: [ComplaintQueriesResolver] })
export class ComplaintsModule {}
