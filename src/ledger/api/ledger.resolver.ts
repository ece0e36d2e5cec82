import { Args, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { readScope, requireStreamInScope } from '../../edge/region-scope.js';
import { Inject } from '@nestjs/common';
import type { LedgerFilter } from '../../../projections/ledger/ledger.queries.js';

import { ledgerConnection } from '../../edge/ledger-connection.js';
import { assertValidStreamId } from '../../event-store/envelope.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { ReadModels } from '../../../projections/read-models.js';
import { verifyStream } from '../../event-store/verify.js';

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
    @Args('streamId') streamId: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    assertValidStreamId(streamId);
    return this.page({ streamId, scopeProvince: readScope(actor) }, first, after);
  }

  @Query('ledger')
  ledger(
    @Args('filter') filter: LedgerFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    return this.page({ ...filter, scopeProvince: readScope(actor) }, first, after);
  }

  @Query('verifyStream')
  async verifyStream(@Args('streamId') streamId: string, @CurrentActor() actor: Actor) {
    assertValidStreamId(streamId);
    requireStreamInScope(this.readModels, readScope(actor), streamId);
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
    return ledgerConnection(this.readModels.ledger, filter, first, after);
  }
}
