import { ledgerProjection } from './ledger.projection.js';
import type { Projection } from './projection.js';
import { RECORD_KINDS } from './record-kinds.js';

/** Every read model the API serves, in the order the runner applies them. */
export const allProjections = (): Projection[] => [ledgerProjection(RECORD_KINDS)];
