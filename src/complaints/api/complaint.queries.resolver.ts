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
  complaintCase(@Args('id') id: string, @Args('asOf') asOf?: string | null): ComplaintView | null {
    const complaintId = recordId('id', plainId('complaint', id));
    const record = this.readModels.ledger.stateAsOf(
      globalId('complaint', complaintId),
      asOf ?? undefined,
    );
    if (!record) return null;
    const state = record.state as ComplaintState;
    return complaintView(state, record.version, record.recordedAt, asOf ?? null);
  }

  @Query('complaintCases')
  complaintCases(
    @Args('filter') filter?: ComplaintFilter | null,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    const size = pageSize(first);
    const from = decodePositionCursor('complaints', after);
    const today = chinaToday(this.clock.now());
    const page = this.readModels.complaints.page(filter ?? {}, today, size, from);
    return toConnection(
      page.rows,
      page.hasNext,
      page.totalCount(),
      (r) => encodeCursor('complaints', r.handedPosition),
      (r) => complaintView(r.state, r.version, r.updatedAt),
    );
  }

  @Query('complaintSummary')
  complaintSummary(@Args('inspectionId') inspectionId: string, @Args('asOf') asOf?: string | null) {
    const summary = this.readModels.complaints.summary(
      recordId('inspectionId', inspectionId),
      asOf ?? undefined,
    );
    return { inspectionId, asOf: asOf ?? null, ...summary };
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
