/**
 * SQL conditions that keep rows within a province (region scoping), over the tables of
 * national.projection.ts; each takes the province code as its one parameter.
 */

/** A province's inspections (`inspection_id`), in id order. */
export const INSPECTIONS_IN_PROVINCE_SQL =
  'SELECT inspection_id FROM national_inspections WHERE province = ? ORDER BY inspection_id';

/** The condition that keeps a row with an `inspection_id` within a province. */
export const inspectionInProvinceSql = (column: string): string =>
  `${column} IN (SELECT inspection_id FROM national_inspections WHERE province = ?)`;
