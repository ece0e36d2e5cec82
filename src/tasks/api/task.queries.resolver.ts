import { Inject } from '@nestjs/common';
import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { BoardGroupBy } from '../../../projections/tasks/board.queries.js';
import type { TaskFilter, TaskOrder } from '../../../projections/tasks/tasks.queries.js';

import { CLOCK, type Clock } from '../../common/clock.js';
import {
  badCursor,
  decodeCursor,
  encodeCursor,
  pageSize,
  toConnection,
} from '../../edge/connection.js';
import { globalId, plainId } from '../../common/global-id.js';
import { ledgerConnection } from '../../edge/ledger-connection.js';
import { TEXT_MAX, requiredText } from '../../common/validation.js';
import { ReadModels } from '../../../projections/read-models.js';
import type { Actor } from '../../common/actor.js';
import { CurrentActor } from '../../edge/actor.guard.js';
import {
  readScope,
  rollUpInspections,
  streamVisible,
  type RollUpArgs,
} from '../../edge/region-scope.js';
import type { TaskState } from '../domain/task.state.js';
import { toTaskView, type TaskView } from './task.view.js';

/** Reads of the ledger: one task (now or asOf), the filtered ledger, and the progress board. */
@Resolver('Task')
export class TaskQueriesResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Takes the task id or its global id (`task-<taskId>`). */
  @Query('task')
  task(
    @Args('id') id: string,
    @Args('asOf') asOf: string | null | undefined,
    @CurrentActor() actor: Actor,
  ): TaskView | null {
    const taskId = plainId('task', requiredText('id', id, 100));
    const streamId = globalId('task', taskId);
    if (!streamVisible(this.readModels, readScope(actor), streamId)) return null;
    const found = this.readModels.ledger.stateAsOf(streamId, asOf ?? undefined);
    if (!found) return null;
    const at = asOf ?? this.clock.now().toISOString();
    return toTaskView(found.state as TaskState, found.version, at, asOf);
  }

  @Query('tasks')
  tasks(
    @Args('filter') filter: TaskFilter | null | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Args('orderBy') orderBy: TaskOrder | null | undefined,
    @CurrentActor() actor: Actor,
  ) {
    const scoped = { ...filter, scopeProvince: readScope(actor) };
    return taskConnection(this.readModels, this.clock, scoped, first, after, orderBy);
  }

  @Query('board')
  board(
    @Args() args: RollUpArgs & { groupBy: BoardGroupBy; asOf?: string | null },
    @CurrentActor() actor: Actor,
  ) {
    const { groupBy, asOf } = args;
    const at = asOf ?? this.clock.now().toISOString();
    const which = rollUpInspections(this.readModels, readScope(actor), args);
    const counts = this.readModels.tasks.board(which.inspectionIds, groupBy, at, asOf ?? undefined);
    // asOf is not in the SDL's Board: Board.tasks reads it to list from the same rows as the counts.
    return { ...which, groupBy, at, asOf: asOf ?? null, ...counts };
  }

  @ResolveField('history')
  history(@Parent() task: TaskView, @Args('first') first?: number, @Args('after') after?: string) {
    return ledgerConnection(this.readModels.ledger, { streamId: task.id }, first, after);
  }
}

/** The `tasks` connection, shared with Inspection.tasks. */
export function taskConnection(
  readModels: ReadModels,
  clock: Clock,
  filter: TaskFilter,
  first?: number | null,
  after?: string | null,
  orderBy?: TaskOrder | null,
) {
  const order = orderBy ?? 'NUMBER';
  const size = pageSize(first);
  if (filter.text && filter.text.length > TEXT_MAX)
    requiredText('filter.text', filter.text, TEXT_MAX);
  const raw = decodeCursor(`tasks.${order}`, after);
  let key: [string, string] | undefined;
  if (raw !== undefined) {
    try {
      key = JSON.parse(raw) as [string, string];
    } catch {
      badCursor();
    }
  }
  const now = clock.now().toISOString();
  const page = readModels.tasks.page(filter, order, size, key, now);
  return toConnection(
    page.rows,
    page.hasNext,
    page.totalCount(),
    (r) => encodeCursor(`tasks.${order}`, JSON.stringify(r.key)),
    (r) => toTaskView(r.state, r.version, now),
  );
}
