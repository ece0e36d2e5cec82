import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import { boardCounts } from './board.queries.js';
import { boardTaskIds } from './board-tasks.queries.js';
import { spotCheckCandidates, tasksPage } from './tasks.queries.js';

export { tasksProjection } from './tasks.projection.js';

/** Task lists, the progress board (挂图作战) and the spot-check sampling frame. */
export const taskQueries = (db: DatabaseSync) =>
  bindQueries(db, {
    page: tasksPage,
    board: boardCounts,
    boardTaskIds,
    spotCheckCandidates,
  });
export type TaskQueries = ReturnType<typeof taskQueries>;
