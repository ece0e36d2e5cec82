import type {
  DisclosureChannel,
  DisclosureCheckpoint,
  DisclosureFormat,
  DisclosureKind,
} from './disclosure.state.js';

/**
 * Publish: the edge generates the document at the position first and passes what it produced
 * (hash, size, time); decide checks and records it, pure.
 */
export type DisclosureCommand = {
  readonly type: 'PublishDisclosure';
  readonly disclosureId: string;
  readonly kind: DisclosureKind;
  readonly channel: DisclosureChannel;
  readonly title: string;
  readonly format: DisclosureFormat;
  readonly inspectionId?: string | null;
  /** COLLECTION_REPORT: the frozen collection round the document reports. */
  readonly collectionRoundId?: string | null;
  /** The handover batch: a complaint table's, required there and nowhere else. */
  readonly batch?: number | null;
  readonly asOfPosition: string;
  readonly asOfTime: string;
  readonly sha256: string;
  readonly size: number;
  readonly reference?: string | null;
  /** The ledger's signed checkpoint at asOfPosition, when the store keeps a tree. */
  readonly checkpoint?: DisclosureCheckpoint;
  /** The output encoder version the document was rendered with. */
  readonly encoding?: number;
};
