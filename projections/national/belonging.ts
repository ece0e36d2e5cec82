import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { provinceCodeOf } from '../../src/common/region-scope.js';
import { inspectionDecider } from '../../src/inspections/domain/inspection.decider.js';
import { taskDecider } from '../../src/tasks/domain/task.decider.js';
import { caseDecider } from '../../src/accountability/domain/case.decider.js';
import { announcementDecider } from '../../src/accountability/domain/announcement.decider.js';
import { complaintDecider } from '../../src/complaints/domain/complaint.decider.js';
import { collectionDecider } from '../../src/collection/domain/round.decider.js';
import { disclosureDecider } from '../../src/disclosure/domain/disclosure.decider.js';

/**
 * Where a record belongs, by the one rule both the national roll-up and the ledger's province index
 * follow (so a province's ledger page and its records' scoping never disagree).
 */

/** The records that belong to an inspection (and through it to a province). */
export const SCOPED_PREFIXES = [
  inspectionDecider.streamPrefix,
  taskDecider.streamPrefix,
  caseDecider.streamPrefix,
  announcementDecider.streamPrefix,
  complaintDecider.streamPrefix,
  collectionDecider.streamPrefix,
  disclosureDecider.streamPrefix,
] as const;

export const isScopedStream = (streamId: string): boolean =>
  SCOPED_PREFIXES.some((p) => streamId.startsWith(p));

/** An inspection's registration: its province and round (the only event that sets them). */
export interface Registration {
  readonly inspectionId: string;
  readonly province: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly round: number;
}

/** The inspection a registration event registers, or undefined for any other event. */
export function registrationOf(event: RecordedEvent): Registration | undefined {
  if (event.type !== 'InspectionRegistered' || event.revision !== 0n) return undefined;
  const d = event.data as { regionCode: string; regionName: string; round: number };
  return {
    inspectionId: event.streamId.slice(inspectionDecider.streamPrefix.length),
    province: provinceCodeOf(d.regionCode),
    regionCode: d.regionCode,
    regionName: d.regionName,
    round: d.round,
  };
}

/**
 * The inspection a scoped record's first event places it in (an announcement table's stream name
 * names it; an inspection is its own), or null for one of no inspection: the central office's.
 */
export function inspectionOfFirstEvent(event: RecordedEvent): string | null {
  const { streamId } = event;
  if (streamId.startsWith(inspectionDecider.streamPrefix))
    return streamId.slice(inspectionDecider.streamPrefix.length);
  if (streamId.startsWith(announcementDecider.streamPrefix))
    return streamId.slice(announcementDecider.streamPrefix.length);
  const named = (event.data as { inspectionId?: unknown }).inspectionId;
  return typeof named === 'string' ? named : null;
}
