import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';

import { type CaseFilter } from '../../../projections/accountability/cases.queries.js';

import {
  decodePositionCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from '../../edge/connection.js';
import { globalId, plainId } from '../../common/global-id.js';
import { CurrentActor, Public } from '../../edge/actor.guard.js';
import type { Actor } from '../../common/actor.js';
import {
  readScope,
  requireInspectionInScope,
  rollUpInspections,
  type RollUpArgs,
  streamVisible,
} from '../../edge/region-scope.js';
import { ledgerConnection } from '../../edge/ledger-connection.js';
import { recordId } from '../../common/validation.js';
import { ReadModels } from '../../../projections/read-models.js';
import { SANCTION_CATALOGUE, UNIT_METHOD_CATALOGUE } from '../domain/case.catalogue.js';
import type { CaseState } from '../domain/case.state.js';
import { announcementTableView, caseView, type CaseView } from './case.view.js';

/** Reads of accountability cases; any signed-in actor may read (announcements are public). */
@Resolver('AccountabilityCase')
export class AccountabilityQueriesResolver {
  constructor(private readonly readModels: ReadModels) {}

  /** Takes the case id or its global id (`case-<caseId>`). */
  @Query('accountabilityCase')
  accountabilityCase(
    @Args('id') id: string,
    @Args('asOf') asOf: string | null | undefined,
    @CurrentActor() actor: Actor,
  ): CaseView | null {
    const caseId = recordId('id', plainId('case', id));
    const streamId = globalId('case', caseId);
    if (!streamVisible(this.readModels, readScope(actor), streamId)) return null;
    const record = this.readModels.ledger.stateAsOf(streamId, asOf ?? undefined);
    if (!record) return null;
    return caseView(record.state as CaseState, record.version, record.recordedAt, asOf ?? null);
  }

  @Query('accountabilityCases')
  accountabilityCases(
    @Args('filter') filter: CaseFilter | null | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const size = pageSize(first);
    const from = decodePositionCursor('cases', after);
    const scoped = { ...filter, scopeProvince: readScope(actor) };
    const page = this.readModels.cases.page(scoped, size, from);
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
    @Args() args: RollUpArgs & { asOf?: string | null },
    @CurrentActor() actor: Actor,
  ) {
    const { asOf } = args;
    const which = rollUpInspections(this.readModels, readScope(actor), args);
    const summary = this.readModels.cases.summary(which.inspectionIds, asOf ?? undefined);
    // The table the paragraph is worded by: an inspection's own, so only when there is one.
    const [only] = which.inspectionIds.length === 1 ? which.inspectionIds : [];
    return {
      ...which,
      asOf: asOf ?? null,
      ...summary,
      announcementTable: only === undefined ? null : this.announcementTable(only, asOf, actor),
    };
  }

  @Query('announcementTable')
  announcementTable(
    @Args('inspectionId') inspectionId: string,
    @Args('asOf') asOf: string | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const id = recordId('inspectionId', inspectionId);
    requireInspectionInScope(this.readModels, readScope(actor), id);
    const set = this.readModels.cases.announcementTable(id, asOf ?? undefined);
    return announcementTableView(id, { ...set, table: set.isDefault ? undefined : set.table });
  }

  @Public()
  @Query('defaultAnnouncementTable')
  defaultAnnouncementTable() {
    return announcementTableView(null, { version: 0, setAt: null });
  }

  @Public()
  @Query('unitMethodCatalogue')
  unitMethodCatalogue() {
    return UNIT_METHOD_CATALOGUE.map((m) => ({ method: m.method, nameZh: m.zh, nameEn: m.en }));
  }

  @Public()
  @Query('sanctionCatalogue')
  sanctionCatalogue() {
    return SANCTION_CATALOGUE.map((s: (typeof SANCTION_CATALOGUE)[number]) => ({
      ...s,
      nameZh: s.zh,
      nameEn: s.en,
      countsAs: 'countsAs' in s ? s.countsAs : null,
      organisational: 'organisational' in s && s.organisational,
    }));
  }

  /** The case's own events from the shared ledger: the same entries `history(streamId)` gives. */
  @ResolveField('history')
  history(@Parent() view: CaseView, @Args('first') first?: number, @Args('after') after?: string) {
    return ledgerConnection(this.readModels.ledger, { streamId: view.id }, first, after);
  }
}
