import { ENUM_VALUES } from '../../generated/graphql.js';
/**
 * What was published, on record (DOMAIN.md, Public disclosure): which document, where, at which
 * ledger position, and the SHA-256 and size of the exact bytes, so anyone can regenerate the
 * document from that position and compare.
 */
export const DISCLOSURE_KINDS = ENUM_VALUES.DisclosureKind;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];

/** 一台一报一网: provincial TV, party paper, government website. */
export const DISCLOSURE_CHANNELS = ENUM_VALUES.DisclosureChannel;
export type DisclosureChannel = (typeof DISCLOSURE_CHANNELS)[number];

export const DISCLOSURE_FORMATS = ENUM_VALUES.DisclosureFormat;
export type DisclosureFormat = (typeof DISCLOSURE_FORMATS)[number];

export const CHANNEL_LABELS: Record<DisclosureChannel, string> = {
  PROVINCIAL_TV: '省级电视台',
  PARTY_PAPER: '省级党报',
  GOVERNMENT_WEBSITE: '政府网站',
  OTHER: '其他',
};

/** The signed checkpoint of the ledger tree at the disclosure's position: what the footer shows. */
export type DisclosureCheckpoint = {
  origin: string;
  /** Entries the tree covers: the disclosure's position. */
  treeSize: number;
  rootHash: string;
  /** The signed note (C2SP tlog-checkpoint). */
  note: string;
};

export type DisclosureState = {
  disclosureId: string;
  /** null until published. */
  kind: DisclosureKind | null;
  channel: DisclosureChannel | null;
  title: string;
  format: DisclosureFormat | null;
  inspectionId: string | null;
  /** COLLECTION_REPORT: the collection round published; absent otherwise. */
  collectionRoundId?: string;
  /** A complaint table's handover batch; absent for every other kind (and on older disclosures). */
  batch?: number;
  /** Ledger position the content was taken at (decimal string: positions are 64-bit). */
  asOfPosition: string | null;
  asOfTime: string | null;
  sha256: string | null;
  size: number | null;
  /** Where it appeared: an article URL, the paper's issue and page. */
  reference: string | null;
  /** Output encoder version the document was rendered with; null: published before it was recorded. */
  encoding: number | null;
  publishedAt: string | null;
  publishedBy: { id: string; name: string; organisation: string } | null;
  /** Absent on disclosures published before the ledger tree existed. */
  checkpoint?: DisclosureCheckpoint;
};

export const initialDisclosureState = (): DisclosureState => ({
  disclosureId: '',
  kind: null,
  channel: null,
  title: '',
  format: null,
  inspectionId: null,
  asOfPosition: null,
  asOfTime: null,
  sha256: null,
  size: null,
  reference: null,
  encoding: null,
  publishedAt: null,
  publishedBy: null,
});
