import { casesProjection } from './cases.projection.js';
import { disclosuresProjection } from './disclosures.projection.js';
import { inspectionsProjection } from './inspections.projection.js';
import { ledgerProjection } from './ledger.projection.js';
import type { Projection } from './projection.js';
import { RECORD_KINDS } from './record-kinds.js';
import { tasksProjection } from './tasks.projection.js';

/** Every read model the API serves, in the order the runner applies them. */
export const allProjections = (): Projection[] => [
  ledgerProjection(RECORD_KINDS),
  casesProjection(),
  tasksProjection(),
  inspectionsProjection(),
  disclosuresProjection(),
];
