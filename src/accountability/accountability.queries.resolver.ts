import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { accountabilitySummary } from '../../projections/accountability-summary.queries.js';
import { casesPage, type CaseFilter } from '../../projections/cases.queries.js';
import {
  ledgerPage,
  recordStateAsOf,
  type LedgerEntryRow,
} from '../../projections/ledger.queries.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { ReadModels } from '../event-store/read-models.js';
import { SANCTION_CATALOGUE } from './case.catalogue.js';
import type { CaseState } from './case.state.js';
import { recordId } from './case.validation.js';
import { caseView, type CaseView } from './case.view.js';

/** Reads of accountability cases; any signed-in actor may read (announcements are public). */
@Resolver('AccountabilityCase')
export class AccountabilityQueriesResolver {
  constructor(private readonly readModels: ReadModels) {}

  @Query('accountabilityCase')
  accountabilityCase(
    @Context() ctx: RequestContext,
    @Args('id') id: string,
    @Args('asOf') asOf?: string | null,
  ): CaseView | null {
    requireActor(ctx);
    const record = recordStateAsOf(
      this.readModels.db,
      `case-${recordId('id', id)}`,
      asOf ?? undefined,
    );
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
    const from = decodeCursor('cases', after);
    const page = casesPage(this.readModels.db, filter ?? {}, size, from ? BigInt(from) : 0n);
    const nodes = page.rows.map((r) => ({
      node: caseView(r.state, r.version, r.updatedAt),
      position: r.openedPosition,
    }));
    const connection = toConnection(nodes, page.hasNext, page.totalCount(), (n) =>
      encodeCursor('cases', n.position),
    );
    return { ...connection, edges: connection.edges.map((e) => ({ ...e, node: e.node.node })) };
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
    const size = pageSize(first);
    const from = decodeCursor('ledger', after);
    const page = ledgerPage(
      this.readModels.db,
      { streamId: view.streamId },
      size,
      from ? BigInt(from) : 0n,
    );
    return toConnection<LedgerEntryRow>(page.entries, page.hasNext, page.totalCount(), (e) =>
      encodeCursor('ledger', e.position),
    );
  }
}
