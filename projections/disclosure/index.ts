import type { DatabaseSync } from 'node:sqlite';
import { bindQueries } from '../bind.js';
import { disclosureById, disclosurePage } from './disclosures.projection.js';

export { disclosuresProjection } from './disclosures.projection.js';

export const disclosureQueries = (db: DatabaseSync) =>
  bindQueries(db, { page: disclosurePage, byId: disclosureById });
export type DisclosureQueries = ReturnType<typeof disclosureQueries>;
