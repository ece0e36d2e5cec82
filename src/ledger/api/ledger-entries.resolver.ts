import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { LedgerFilter } from '../../../projections/ledger/ledger.queries.js';
import { ReadModels } from '../../../projections/read-models.js';
import { requireRole, SUBSCRIBERS } from '../../auth/read-access.js';
import type { RequestContext } from '../../auth/request-context.js';
import { ledgerFeed } from './ledger-feed.js';

@Resolver()
export class LedgerEntriesResolver {
  constructor(private readonly readModels: ReadModels) {}

  @Subscription('ledgerEntries')
  ledgerEntries(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: LedgerFilter,
    @Args('after') after?: bigint,
  ) {
    requireRole(ctx, SUBSCRIBERS, { zh: '订阅台账', en: 'subscribe to the ledger' });
    return ledgerFeed(this.readModels, filter ?? {}, after ?? 0n);
  }
}
