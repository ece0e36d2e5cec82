import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { BoardGroupBy } from '../../../projections/tasks/board.queries.js';
import type { BoardMeasure } from '../../../projections/tasks/board-tasks.queries.js';
import { ReadModels } from '../../../projections/read-models.js';
import { globalId } from '../../common/global-id.js';
import { BadInputError } from '../../common/errors.js';
import { TITLE_MAX } from '../../common/validation.js';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../edge/connection.js';
import type { TaskState } from '../domain/task.state.js';
import { toTaskView } from './task.view.js';

/** What the `board` query answers, with the asOf it was asked for. */
interface BoardParent {
  readonly inspectionIds: readonly string[];
  readonly groupBy: BoardGroupBy;
  readonly at: string;
  readonly asOf: string | null;
}

/** The tasks behind each number of the progress board, as they stood at the board's moment. */
@Resolver('Board')
export class BoardResolver {
  constructor(private readonly readModels: ReadModels) {}

  @ResolveField('tasks')
  tasks(
    @Parent() board: BoardParent,
    @Args('groupKey') groupKey?: string | null,
    @Args('measure') measure?: BoardMeasure | null,
    @Args('first') first?: number | null,
    @Args('after') after?: string | null,
  ) {
    const size = pageSize(first);
    // '' is a group's key too: the tasks with no value in the grouped field.
    const key = groupKey == null ? undefined : groupKey;
    if (key !== undefined && key.length > TITLE_MAX) {
      throw new BadInputError(
        `groupKey 过长（上限 ${TITLE_MAX} 字）`,
        `groupKey is longer than ${TITLE_MAX} characters`,
        { field: 'groupKey', max: TITLE_MAX },
      );
    }
    const asOf = board.asOf ?? undefined;
    const page = this.readModels.tasks.boardTaskIds(
      board.inspectionIds,
      board.groupBy,
      measure ?? 'TOTAL',
      board.at,
      asOf,
      key,
      size,
      decodeCursor('board.tasks', after),
    );
    const rows = page.ids.flatMap((id) => {
      const found = this.readModels.ledger.stateAsOf(globalId('task', id), asOf);
      return found ? [{ id, found }] : [];
    });
    return toConnection(
      rows,
      page.hasNext,
      page.totalCount(),
      (r) => encodeCursor('board.tasks', r.id),
      (r) => toTaskView(r.found.state as TaskState, r.found.version, board.at, asOf),
    );
  }
}
