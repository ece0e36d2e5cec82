import { recordKindOf } from '../ledger/ledger.projection.js';
import { announcementDecider } from '../../src/accountability/domain/announcement.decider.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';

/** How the ledger keeps every state of every accountability case (history and `asOf`). */
export const caseRecordKind = recordKindOf('AccountabilityCase', caseDecider);

/** Every state of an inspection's announcement table (公告口径), for `asOf` and disclosures. */
export const announcementRecordKind = recordKindOf('AnnouncementTable', announcementDecider);
