import { casesProjection } from './accountability/cases.projection.js';
import { collectionRoundsProjection } from './collection/rounds.projection.js';
import { complaintsProjection } from './complaints/complaints.projection.js';
import { disclosuresProjection } from './disclosure/disclosures.projection.js';
import { inspectionsProjection } from './inspections/inspections.projection.js';
import { ledgerProjection } from './ledger/ledger.projection.js';
import { nationalProjection } from './national/national.projection.js';
import type { Projection } from './projection.js';
import { RECORD_KINDS } from './ledger/record-kinds.js';
import { tasksProjection } from './tasks/tasks.projection.js';

/** Every read model the API serves, in the order the runner applies them. */
export const allProjections = (): Projection[] => [
  ledgerProjection(RECORD_KINDS),
  casesProjection(),
  tasksProjection(),
  inspectionsProjection(),
  disclosuresProjection(),
  collectionRoundsProjection(),
  complaintsProjection(),
  nationalProjection(),
];
