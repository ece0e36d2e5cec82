import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { ComplaintFilter } from '../../../projections/complaints/complaints.queries.js';
import { ReadModels } from '../../../projections/read-models.js';
import { CLOCK, type Clock } from '../../common/clock.js';
import { globalId, plainId } from '../../common/global-id.js';
import { recordId } from '../../common/validation.js';
import {
  decodePositionCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from '../../edge/connection.js';
import { ledgerConnection } from '../../edge/ledger-connection.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import {
  readScope,
  rollUpInspections,
  streamVisible,
  type RollUpArgs,
} from '../../edge/region-scope.js';
import type { ComplaintState } from '../domain/complaint.state.js';
import { complaintView, type ComplaintView } from './complaint.view.js';

/** Today in China (UTC+8): a reply due on a day is overdue once that day has passed there. */
const chinaToday = (now: Date): string =>
  new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** Reads of complaint cases; any signed-in actor may read, as for tasks and accountability cases. */
@Resolver('ComplaintCase')
export class ComplaintQueriesResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Takes the complaint id or its global id (`complaint-<complaintId>`). */
  @Query('complaintCase')
  complaintCase(
    @Args('id') id: string,
    @Args('asOf') asOf: string | null | undefined,
    @CurrentActor() actor: Actor,
  ): ComplaintView | null {
    const complaintId = recordId('id', plainId('complaint', id));
    const streamId = globalId('complaint', complaintId);
    if (!streamVisible(this.readModels, readScope(actor), streamId)) return null;
    const record = this.readModels.ledger.stateAsOf(streamId, asOf ?? undefined);
    if (!record) return null;
    const state = record.state as ComplaintState;
    return complaintView(state, record.version, record.recordedAt, asOf ?? null);
  }

  @Query('complaintCases')
  complaintCases(
    @Args('filter') filter: ComplaintFilter | null | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const size = pageSize(first);
    const from = decodePositionCursor('complaints', after);
    const today = chinaToday(this.clock.now());
    const scoped = { ...filter, scopeProvince: readScope(actor) };
    const page = this.readModels.complaints.page(scoped, today, size, from);
    return toConnection(
      page.rows,
      page.hasNext,
      page.totalCount(),
      (r) => encodeCursor('complaints', r.handedPosition),
      (r) => complaintView(r.state, r.version, r.updatedAt),
    );
  }

  @Query('complaintSummary')
  complaintSummary(
    @Args() args: RollUpArgs & { asOf?: string | null },
    @CurrentActor() actor: Actor,
  ) {
    const { asOf } = args;
    const which = rollUpInspections(this.readModels, readScope(actor), args);
    const summary = this.readModels.complaints.summary(which.inspectionIds, asOf ?? undefined);
    return { ...which, asOf: asOf ?? null, ...summary };
  }

  /** The case's own events from the shared ledger: the same entries `history(streamId)` gives. */
  @ResolveField('history')
  history(
    @Parent() view: ComplaintView,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    return ledgerConnection(this.readModels.ledger, { streamId: view.id }, first, after);
  }
}
