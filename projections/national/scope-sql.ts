/**
 * SQL conditions that keep rows within a province (region scoping), over the tables of
 * national.projection.ts; each takes the province code as its one parameter.
 */

/**
 * The condition that keeps a row (its `column` naming the stream, qualified by its table: inside the
 * subquery a bare name would mean the subquery's own) within a province: one
 * key lookup per row, so a scoped page reads about as many rows as its province's share.
 */
export const streamInProvinceSql = (column: string): string =>
  `EXISTS (SELECT 1 FROM national_streams ns WHERE ns.stream_id = ${column} AND ns.province = ?)`;

/** A province's inspections (`inspection_id`), in id order. */
export const INSPECTIONS_IN_PROVINCE_SQL =
  'SELECT inspection_id FROM national_inspections WHERE province = ? ORDER BY inspection_id';

/** The condition that keeps a row with an `inspection_id` within a province. */
export const inspectionInProvinceSql = (column: string): string =>
  `${column} IN (SELECT inspection_id FROM national_inspections WHERE province = ?)`;
