import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import { figuresAt, openTasksOf } from './figures.js';
import { roundStateAt, roundsPage } from './rounds.queries.js';

export { collectionRoundsProjection } from './rounds.projection.js';

/** Collection rounds (调度): the list, a round at a position, and a report's figures. */
export const collectionQueries = (db: DatabaseSync) =>
  bindQueries(db, { page: roundsPage, stateAt: roundStateAt, figuresAt, openTasksOf });
export type CollectionQueries = ReturnType<typeof collectionQueries>;
