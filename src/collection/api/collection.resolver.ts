import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { Actor } from '../../common/actor.js';
import { isTaizhangError } from '../../common/errors.js';
import { globalId, plainId } from '../../common/global-id.js';
import { readScope, streamVisible } from '../../edge/region-scope.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import {
  decodePositionCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from '../../edge/connection.js';
import { ledgerConnection } from '../../edge/ledger-connection.js';
import type {
  CancelCollectionRoundInput,
  CollectionRoundFilter,
  CorrectCollectionReportInput,
  FreezeCollectionRoundInput,
  OpenCollectionRoundInput,
  ReportCollectionProgressInput,
} from '../../generated/graphql.js';
import { ReadModels } from '../../../projections/read-models.js';
import { CollectionService } from './collection.service.js';
import type { RoundView } from './round.view.js';

/** Collection rounds (调度): any signed-in actor reads; the policy decides who writes. */
@Resolver('CollectionRound')
export class CollectionResolver {
  constructor(
    private readonly collection: CollectionService,
    private readonly readModels: ReadModels,
  ) {}

  /** Takes the round id or its global id (`collection-<roundId>`). */
  @Query('collectionRound')
  collectionRound(
    @Args('id') id: string,
    @Args('asOf') asOf: string | null | undefined,
    @CurrentActor() actor: Actor,
  ): RoundView | null {
    const roundId = plainId('collection', id);
    if (!streamVisible(this.readModels, readScope(actor), globalId('collection', roundId))) {
      return null;
    }
    try {
      return this.collection.round(roundId, asOf);
    } catch (error) {
      if (isTaizhangError(error) && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }

  @Query('collectionRounds')
  collectionRounds(
    @Args('filter') filter: CollectionRoundFilter | null | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const size = pageSize(first);
    const scoped = { ...filter, scopeProvince: readScope(actor) };
    const page = this.collection.list(scoped, size, decodePositionCursor('rounds', after));
    return toConnection(
      page.rows,
      page.hasNext,
      page.totalCount,
      (r) => encodeCursor('rounds', r.position),
      (r) => this.collection.round(r.roundId),
    );
  }

  @Mutation('openCollectionRound')
  open(@CurrentActor() actor: Actor, @Args('input') input: OpenCollectionRoundInput) {
    return this.collection.open(actor, input);
  }

  @Mutation('reportCollectionProgress')
  report(@CurrentActor() actor: Actor, @Args('input') input: ReportCollectionProgressInput) {
    return this.collection.report(actor, input);
  }

  @Mutation('correctCollectionReport')
  correct(@CurrentActor() actor: Actor, @Args('input') input: CorrectCollectionReportInput) {
    return this.collection.report(actor, input, true);
  }

  @Mutation('freezeCollectionRound')
  freeze(@CurrentActor() actor: Actor, @Args('input') input: FreezeCollectionRoundInput) {
    return this.collection.freeze(actor, input);
  }

  @Mutation('cancelCollectionRound')
  cancel(@CurrentActor() actor: Actor, @Args('input') input: CancelCollectionRoundInput) {
    return this.collection.cancel(actor, input);
  }

  /** The round's own events from the shared ledger. */
  @ResolveField('history')
  history(@Parent() view: RoundView, @Args('first') first?: number, @Args('after') after?: string) {
    return ledgerConnection(this.readModels.ledger, { streamId: view.id }, first, after);
  }
}
