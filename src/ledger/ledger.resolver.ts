import { Args, Context, Query, Resolver } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import type { LedgerFilter } from '../../projections/ledger.queries.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { ledgerConnection } from '../common/ledger-connection.js';
import { assertValidStreamId } from '../event-store/envelope.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadModels } from '../event-store/read-models.js';
import { verifyStream } from '../event-store/verify.js';

const PROBLEMS = { hash: 'HASH', prevHash: 'PREV_HASH', gap: 'GAP' } as const;

/** The audit surface shared by every domain: history, the global log, chain verification. */
@Resolver()
export class LedgerResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query('history')
  history(
    @Context() ctx: RequestContext,
    @Args('streamId') streamId: string,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    requireActor(ctx);
    assertValidStreamId(streamId);
    return this.page({ streamId }, first, after);
  }

  @Query('ledger')
  ledger(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: LedgerFilter,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    requireActor(ctx);
    return this.page(filter ?? {}, first, after);
  }

  @Query('verifyStream')
  async verifyStream(@Context() ctx: RequestContext, @Args('streamId') streamId: string) {
    requireActor(ctx);
    assertValidStreamId(streamId);
    const result = await verifyStream(this.store, streamId);
    return {
      streamId,
      ok: result.ok,
      events: result.events,
      headHash: result.headHash,
      firstBadVersion: result.firstBad ? Number(result.firstBad.revision) + 1 : null,
      firstBadEventId: result.firstBad?.eventId ?? null,
      problem: result.firstBad ? PROBLEMS[result.firstBad.problem] : null,
    };
  }

  private page(filter: LedgerFilter, first?: number, after?: string) {
    return ledgerConnection(this.readModels.db, filter, first, after);
  }
}
