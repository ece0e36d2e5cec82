import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { LedgerFilter } from '../../../projections/ledger/ledger.queries.js';
import { ReadModels } from '../../../projections/read-models.js';
import { requireRole, SUBSCRIBERS } from '../../auth/read-access.js';
import type { RequestContext } from '../../auth/request-context.js';
import { ledgerFeed } from './ledger-feed.js';
import { readScopeOf } from '../../common/region-scope.js';

@Resolver()
export class LedgerEntriesResolver {
  constructor(private readonly readModels: ReadModels) {}

  @Subscription('ledgerEntries')
  ledgerEntries(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: LedgerFilter,
    @Args('after') after?: bigint,
  ) {
    const actor = requireRole(ctx, SUBSCRIBERS, { zh: '订阅台账', en: 'subscribe to the ledger' });
    // A province's subscriber is fed its own province's entries only.
    const scoped = { ...filter, scopeProvince: readScopeOf(actor) };
    return ledgerFeed(this.readModels, scoped, after ?? 0n);
  }
}
