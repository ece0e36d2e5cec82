import type { DomainEvent } from '../../common/decider.js';
import type {
  DisclosureChannel,
  DisclosureCheckpoint,
  DisclosureFormat,
  DisclosureKind,
} from './disclosure.state.js';

export type DisclosureEvent = DomainEvent<
  'DisclosurePublished',
  {
    disclosureId: string;
    kind: DisclosureKind;
    channel: DisclosureChannel;
    title: string;
    format: DisclosureFormat;
    inspectionId: string | null;
    /** COLLECTION_REPORT only: absent on every other disclosure, so their data keeps its shape. */
    collectionRoundId?: string;
    /** A complaint table's handover batch; absent for every other kind. */
    batch?: number;
    asOfPosition: string;
    asOfTime: string;
    sha256: string;
    size: number;
    reference: string | null;
    /** The output encoder the document was rendered with; absent on disclosures before it was recorded (version 1). */
    encoding?: number;
    publishedBy: { id: string; name: string; organisation: string };
    /** Absent on disclosures published before the ledger tree existed. */
    checkpoint?: DisclosureCheckpoint;
    at: string;
  }
>;
