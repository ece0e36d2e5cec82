import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import {
  nationalSummary,
  provinceOfInspection,
  provinceOfStream,
  selectInspections,
} from './national.queries.js';

export { nationalProjection } from './national.projection.js';
export type {
  InspectionSelection,
  NationalInspection,
  NationalSummary,
} from './national.queries.js';

/** The national roll-up, and which province each inspection and record belongs to (region scoping). */
export const nationalQueries = (db: DatabaseSync) =>
  bindQueries(db, {
    summary: nationalSummary,
    inspections: selectInspections,
    provinceOfInspection,
    provinceOfStream,
  });
export type NationalQueries = ReturnType<typeof nationalQueries>;
