import { DONE_SQL as DONE } from './done-sql.js';

/**
 * The board's measures of one task row on its own (before any roll-up), as the board defines them
 * (board.queries.ts MEASURE_SQL): done = SIGNED_OFF or LONG_TERM; in progress = assigned and not
 * done; reopened = reopened at least once; behind by report = not done and last reported BEHIND.
 * Overdue depends on the moment asked about, so it is kept as the deadline of a task not done
 * (`overdue_from`): overdue at `at` when before it.
 */
export const BOARD_BITS = { done: 1, inProgress: 2, reopened: 4, behindByReport: 8 } as const;

/** The raw columns (or values) the flags are computed from. */
interface RawColumns {
  status: string;
  deadline: string;
  scheduleStatus: string;
  reopenedCount: string;
}

/** The two flag columns' values as SQL over the raw columns `c`. */
export function boardFlagsSql(c: RawColumns): { flags: string; overdueFrom: string } {
  const open = `${c.status} NOT IN ${DONE}`;
  return {
    flags: `((${c.status} IN ${DONE}) * ${BOARD_BITS.done}
    + (${open} AND ${c.status} <> 'LISTED') * ${BOARD_BITS.inProgress}
    + (${c.reopenedCount} > 0) * ${BOARD_BITS.reopened}
    + (${open} AND ${c.scheduleStatus} IS 'BEHIND') * ${BOARD_BITS.behindByReport})`,
    overdueFrom: `(CASE WHEN ${open} THEN ${c.deadline} END)`,
  };
}

const RAW: RawColumns = {
  status: 'status',
  deadline: 'deadline',
  scheduleStatus: 'schedule_status',
  reopenedCount: 'reopened_count',
};

/**
 * `tasks` carries the flags as plain columns, which the projection writes with the row (the same
 * expressions over its parameters); a row written without them (NULL) gets them from its own raw
 * columns here, so the flags always agree with the raw columns whoever writes the row.
 */
export const TASK_FLAGS_FILLED = `
CREATE TRIGGER IF NOT EXISTS tasks_board_flags AFTER INSERT ON tasks WHEN NEW.board_flags IS NULL
BEGIN
  UPDATE tasks SET board_flags = ${boardFlagsSql(RAW).flags},
    overdue_from = ${boardFlagsSql(RAW).overdueFrom} WHERE id = NEW.id;
END;`;

const bit = (name: keyof typeof BOARD_BITS, column = 'board_flags') =>
  `((${column} & ${BOARD_BITS[name]}) > 0)`;

/** Overdue at :at, 0 or 1 (never NULL, so it can be negated). */
const OVERDUE = '(overdue_from IS NOT NULL AND overdue_from < :at)';

/** Each measure of a row with the flag columns, 0 or 1, equal to MEASURE_SQL over its raw columns. */
export const FLAG_SQL = {
  done: bit('done'),
  inProgress: bit('inProgress'),
  overdue: OVERDUE,
  behindSchedule: `(${bit('behindByReport')} OR ${OVERDUE})`,
  reopened: bit('reopened'),
} as const;

/**
 * The measures summed over rows grouped by their flags (`code`), `n` rows a group of which `late`
 * were overdue at :at: one aggregate a row when counting, the rest once a group.
 */
export const CODE_SUMS = {
  done: `SUM(n * ${bit('done', 'code')})`,
  inProgress: `SUM(n * ${bit('inProgress', 'code')})`,
  overdue: 'SUM(late)',
  behindSchedule: `SUM(CASE WHEN ${bit('behindByReport', 'code')} THEN n ELSE late END)`,
  reopened: `SUM(n * ${bit('reopened', 'code')})`,
} as const;

/**
 * The board's groups over the columns of a task row, each with its own covering index of the
 * problems (rows without a parent): the group columns, then the flags.
 */
export const BOARD_GROUP_INDEX = {
  REGION: { index: 'tasks_board_region', columns: ['region_code', 'region_name'] },
  LEAD_UNIT: { index: 'tasks_board_lead_unit', columns: ['lead_unit'] },
  CATEGORY: { index: 'tasks_board_category', columns: ['category'] },
  STATUS: { index: 'tasks_board_status', columns: ['status'] },
} as const;

export const BOARD_INDEXES = Object.values(BOARD_GROUP_INDEX)
  .map(
    ({ index, columns }) =>
      `CREATE INDEX IF NOT EXISTS ${index} ON tasks (inspection_id, ${columns.join(', ')},
  board_flags, overdue_from, parent_id) WHERE parent_id IS NULL;`,
  )
  .join('\n');
