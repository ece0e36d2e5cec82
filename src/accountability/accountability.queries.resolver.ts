import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { accountabilitySummary } from '../../projections/accountability-summary.queries.js';
import { casesPage, type CaseFilter } from '../../projections/cases.queries.js';
import { recordStateAsOf } from '../../projections/ledger.queries.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import {
  decodePositionCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from '../common/connection.js';
import { globalId, plainId } from '../common/global-id.js';
import { ledgerConnection } from '../common/ledger-connection.js';
import { recordId } from '../common/validation.js';
import { ReadModels } from '../event-store/read-models.js';
import { SANCTION_CATALOGUE } from './case.catalogue.js';
import type { CaseState } from './case.state.js';
import { caseView, type CaseView } from './case.view.js';

/** Reads of accountability cases; any signed-in actor may read (announcements are public). */
@Resolver('AccountabilityCase')
export class AccountabilityQueriesResolver {
  constructor(private readonly readModels: ReadModels) {}

  /** Takes the case id or its global id (`case-<caseId>`). */
  @Query('accountabilityCase')
  accountabilityCase(
    @Context() ctx: RequestContext,
    @Args('id') id: string,
    @Args('asOf') asOf?: string | null,
  ): CaseView | null {
    requireActor(ctx);
    const caseId = recordId('id', plainId('case', id));
    const record = recordStateAsOf(this.readModels.db, globalId('case', caseId), asOf ?? undefined);
    if (!record) return null;
    return caseView(record.state as CaseState, record.version, record.recordedAt, asOf ?? null);
  }

  @Query('accountabilityCases')
  accountabilityCases(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: CaseFilter | null,
    @Args('first') first?: number,
    @Args('after') after?: string,
  ) {
    requireActor(ctx);
    const size = pageSize(first);
    const from = decodePositionCursor('cases', after);
    const page = casesPage(this.readModels.db, filter ?? {}, size, from);
    return toConnection(
      page.rows,
      page.hasNext,
      page.totalCount(),
      (r) => encodeCursor('cases', r.openedPosition),
      (r) => caseView(r.state, r.version, r.updatedAt),
    );
  }

  @Query('accountabilitySummary')
  accountabilitySummary(
    @Context() ctx: RequestContext,
    @Args('inspectionId') inspectionId: string,
    @Args('asOf') asOf?: string | null,
  ) {
    requireActor(ctx);
    const summary = accountabilitySummary(
      this.readModels.db,
      recordId('inspectionId', inspectionId),
      asOf ?? undefined,
    );
    return { inspectionId, asOf: asOf ?? null, ...summary };
  }

  @Query('sanctionCatalogue')
  sanctionCatalogue() {
    return SANCTION_CATALOGUE.map((s) => ({ ...s, nameZh: s.zh, nameEn: s.en }));
  }

  /** The case's own events from the shared ledger: the same entries `history(streamId)` gives. */
  @ResolveField('history')
  history(@Parent() view: CaseView, @Args('first') first?: number, @Args('after') after?: string) {
    return ledgerConnection(this.readModels.db, { streamId: view.id }, first, after);
  }
}
