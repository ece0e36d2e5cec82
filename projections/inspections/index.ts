import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import { inspectionRow, inspectionRows } from './inspections.projection.js';

export { inspectionsProjection } from './inspections.projection.js';

export const inspectionQueries = (db: DatabaseSync) =>
  bindQueries(db, { byId: inspectionRow, all: inspectionRows });
export type InspectionQueries = ReturnType<typeof inspectionQueries>;
