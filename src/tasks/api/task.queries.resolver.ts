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
  task(@Args('id') id: string, @Args('asOf') asOf?: string | null): TaskView | null {
    const taskId = plainId('task', requiredText('id', id, 100));
    const found = this.readModels.ledger.stateAsOf(globalId('task', taskId), asOf ?? undefined);
    if (!found) return null;
    const at = asOf ?? this.clock.now().toISOString();
    return toTaskView(found.state as TaskState, found.version, at, asOf);
  }

  @Query('tasks')
  tasks(
    @Args('filter') filter?: TaskFilter | null,
    @Args('first') first?: number,
    @Args('after') after?: string,
    @Args('orderBy') orderBy?: TaskOrder | null,
  ) {
    return taskConnection(this.readModels, this.clock, filter ?? {}, first, after, orderBy);
  }

  @Query('board')
  board(
    @Args('inspectionId') inspectionId: string,
    @Args('groupBy') groupBy: BoardGroupBy,
    @Args('asOf') asOf?: string | null,
  ) {
    const at = asOf ?? this.clock.now().toISOString();
    const counts = this.readModels.tasks.board(inspectionId, groupBy, at, asOf ?? undefined);
    // asOf is not in the SDL's Board: Board.tasks reads it to list from the same rows as the counts.
    return { inspectionId, groupBy, at, asOf: asOf ?? null, ...counts };
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
