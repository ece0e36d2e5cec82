import { Inject } from '@nestjs/common';
import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { board, boardStates, type BoardGroupBy } from '../../projections/board.queries.js';
import { ledgerPage, recordStateAsOf } from '../../projections/ledger.queries.js';
import { tasksPage, type TaskFilter, type TaskOrder } from '../../projections/tasks.queries.js';
import { requireActor, type RequestContext } from '../auth/request-context.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { TEXT_MAX, requiredText } from '../common/validation.js';
import { ReadModels } from '../event-store/read-models.js';
import type { TaskState } from './task.state.js';
import { plainTaskId, toTaskView, type TaskView } from './task.view.js';
import { BadInputError } from '../common/errors.js';

/** Reads of the ledger: one task (now or asOf), the filtered ledger, and the progress board. */
@Resolver('Task')
export class TaskQueriesResolver {
  constructor(
    private readonly readModels: ReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query('task')
  task(
    @Context() ctx: RequestContext,
    @Args('id') id: string,
    @Args('asOf') asOf?: string | null,
  ): TaskView | null {
    requireActor(ctx);
    const taskId = plainTaskId(requiredText('id', id, 100));
    const found = recordStateAsOf(this.readModels.db, `task-${taskId}`, asOf ?? undefined);
    if (!found) return null;
    const at = asOf ?? this.clock.now().toISOString();
    return toTaskView(found.state as TaskState, found.version, at, asOf);
  }

  @Query('tasks')
  tasks(
    @Context() ctx: RequestContext,
    @Args('filter') filter?: TaskFilter | null,
    @Args('first') first?: number,
    @Args('after') after?: string,
    @Args('orderBy') orderBy?: TaskOrder | null,
  ) {
    requireActor(ctx);
    return taskConnection(this.readModels, this.clock, filter ?? {}, first, after, orderBy);
  }

  @Query('board')
  board(
    @Context() ctx: RequestContext,
    @Args('inspectionId') inspectionId: string,
    @Args('groupBy') groupBy: BoardGroupBy,
    @Args('asOf') asOf?: string | null,
  ) {
    requireActor(ctx);
    const at = asOf ?? this.clock.now().toISOString();
    const states = boardStates(this.readModels.db, inspectionId, asOf ?? undefined);
    return { inspectionId, groupBy, at, ...board(states, groupBy, at) };
  }

  @ResolveField('history')
  history(@Parent() task: TaskView, @Args('first') first?: number, @Args('after') after?: string) {
    const size = pageSize(first);
    const from = decodeCursor('ledger', after);
    const page = ledgerPage(
      this.readModels.db,
      { streamId: task.id },
      size,
      from ? BigInt(from) : 0n,
    );
    return toConnection(page.entries, page.hasNext, page.totalCount(), (e) =>
      encodeCursor('ledger', e.position),
    );
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
      throw new BadInputError('分页游标无效', 'Invalid cursor', { field: 'after' });
    }
  }
  const now = clock.now().toISOString();
  const page = tasksPage(readModels.db, filter, order, size, key, now);
  const connection = toConnection(page.rows, page.hasNext, page.totalCount(), (r) =>
    encodeCursor(`tasks.${order}`, JSON.stringify(r.key)),
  );
  return {
    ...connection,
    edges: connection.edges.map((e) => ({
      cursor: e.cursor,
      node: toTaskView(e.node.state, e.node.version, now),
    })),
  };
}
