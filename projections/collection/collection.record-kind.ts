import { recordKindOf } from '../ledger/ledger.projection.js';
import { collectionDecider } from '../../src/collection/domain/round.decider.js';

/** How the ledger keeps every state of every collection round (history and `asOf`). */
export const collectionRecordKind = recordKindOf('CollectionRound', collectionDecider);
