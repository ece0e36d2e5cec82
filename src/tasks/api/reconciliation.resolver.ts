import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { ReadModels } from '../../../projections/read-models.js';
import { CLOCK, type Clock } from '../../common/clock.js';
import { recordId } from '../../common/validation.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import { readScope, requireInspectionInScope } from '../../edge/region-scope.js';
import { GAP_LABELS, reconciliationGaps } from '../domain/task.reconciliation.js';
import { toTaskView } from './task.view.js';

/** 对账销号: what each task still lacks, and the office's record that it lacks nothing. */
@Resolver()
export class ReconciliationResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query('reconciliation')
  reconciliation(
    @Args('inspectionId') inspectionId: string,
    @Args('onlyIncomplete') onlyIncomplete: boolean | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const id = recordId('inspectionId', inspectionId);
    requireInspectionInScope(this.readModels, readScope(actor), id);
    const now = this.clock.now().toISOString();
    const rows = [];
    let after: [string, string] | undefined;
    for (;;) {
      const page = this.readModels.tasks.page({ inspectionId: id }, 'NUMBER', 100, after, now);
      for (const row of page.rows) {
        const missing = reconciliationGaps(row.state, now);
        if (onlyIncomplete && !missing.length) continue;
        rows.push({
          task: toTaskView(row.state, row.version, now),
          missing,
          missingText: missing.map((g) => `${GAP_LABELS[g].zh} / ${GAP_LABELS[g].en}`),
          reconciled: !!row.state.reconciliation && !row.state.reconciliation.changedSince,
        });
      }
      if (!page.hasNext) break;
      after = page.rows[page.rows.length - 1].key;
    }
    return rows;
  }
}
