import { Inject } from '@nestjs/common';
import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { LedgerFilter } from '../../projections/ledger.queries.js';
import { requireRole, SUBSCRIBERS } from '../auth/read-access.js';
import type { RequestContext } from '../auth/request-context.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../event-store/read-models.js';
import { ledgerFeed } from './ledger-feed.js';

@Resolver()
export class LedgerEntriesResolver {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  @Subscription('ledgerEntries')
  ledgerEntries(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: LedgerFilter,
    @Args('after') after?: bigint,
  ) {
    requireRole(ctx, SUBSCRIBERS, { zh: '订阅台账', en: 'subscribe to the ledger' });
    return ledgerFeed(this.store, this.readModels, filter ?? {}, after ?? 0n);
  }
}
