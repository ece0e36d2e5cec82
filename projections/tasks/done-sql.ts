import { DONE_STATUSES } from '../../src/tasks/domain/task.state.js';

/**
 * The statuses counted done, as an SQL list: `status IN ${DONE_SQL}`. One text for every statement
 * and index, so a partial index's condition matches a query's term for term.
 */
export const DONE_SQL = `(${DONE_STATUSES.map((s) => `'${s}'`).join(', ')})`;
