import type { DatabaseSync } from 'node:sqlite';
import type { Writable } from 'node:stream';
import { buildDocument, exportFormat } from './build-document.js';
import type { ExportFormat, ExportKind, ExportSection } from './export-document.js';
import { outputEncoder, type OutputEncoding } from './output-encoding.js';
import { resolveSnapshot } from './snapshot.js';
import { writeDocument } from './writers/index.js';
import { HashingSink } from './writers/sink.js';
import type {
  DisclosureCheckpoint,
  DisclosureFormat,
  DisclosureKind,
} from '../disclosure/domain/disclosure.state.js';

/** A disclosure's document is an export: the same kinds, formats and writers. */
export const EXPORT_KIND_OF: Record<DisclosureKind, ExportKind> = {
  LEDGER: 'ledger',
  RECTIFICATION_STATUS: 'rectification-status',
  ACCOUNTABILITY_SUMMARY: 'accountability-summary',
  // Issue 14: its own kind, so summaries published before it regenerate byte for byte.
  ACCOUNTABILITY_ANNOUNCEMENT: 'accountability-announcement',
  COLLECTION_REPORT: 'collection-report',
  COMPLAINT_BATCH_TABLE: 'complaint-table',
  COMPLAINT_SUMMARY: 'complaint-summary',
};

export const EXPORT_FORMAT_OF: Record<DisclosureFormat, ExportFormat> = {
  XLSX: 'xlsx',
  CSV: 'csv',
  JSONL: 'jsonl',
  MARKDOWN: 'md',
  HTML: 'html',
};

export interface ContentSpec {
  readonly kind: DisclosureKind;
  readonly format: DisclosureFormat;
  readonly inspectionId?: string | null;
  /** COLLECTION_REPORT: the frozen round. */
  readonly collectionRoundId?: string | null;
  /** The handover batch of a complaint table. */
  readonly batch?: number | null;
  /** Where in the ledger; undefined means the latest position. */
  readonly position?: bigint | string | null;
  /** The ledger's checkpoint at the document's position, for its footer; none before the tree existed. */
  readonly checkpointAt?: (position: bigint) => DisclosureCheckpoint;
  /** The output encoder: the current one when publishing, the recorded one when regenerating. */
  readonly encoding: OutputEncoding;
}

/**
 * The footer that makes every copy of a publication a witness of the ledger: the tree size and root
 * of the checkpoint at the document's position. Both are fixed by the position, so a regenerated
 * document has the same bytes; the signed note itself is in the DisclosurePublished event.
 */
const checkpointFooter = (c: DisclosureCheckpoint): ExportSection => ({
  title: '台账检查点 / Ledger checkpoint',
  columns: [
    { key: 'origin', zh: '台账', en: 'log', width: 24 },
    { key: 'treeSize', zh: '条目数', en: 'tree size', width: 12 },
    { key: 'rootHash', zh: '根哈希（SHA-256）', en: 'root hash (SHA-256)', width: 66 },
  ],
  pages: () => [[[c.origin, c.treeSize, c.rootHash]]],
});

/**
 * Writes the document of a disclosure. Everything in it is a function of the ledger up to the
 * position (the time shown and the overdue test use the time of the entry at that position), so
 * the same spec always yields the same bytes.
 */
export async function renderDisclosure(
  db: DatabaseSync,
  spec: ContentSpec,
  out: Writable,
): Promise<{ position: bigint; at: string; checkpoint?: DisclosureCheckpoint }> {
  const kind = EXPORT_KIND_OF[spec.kind];
  const format = exportFormat(kind, EXPORT_FORMAT_OF[spec.format]);
  const snapshot = resolveSnapshot(db, { position: spec.position ?? null });
  const doc = buildDocument(db, {
    kind,
    snapshot,
    inspectionId: spec.inspectionId ?? undefined,
    collectionRoundId: spec.collectionRoundId ?? undefined,
    batch: spec.batch ?? undefined,
  });
  const checkpoint = spec.checkpointAt?.(snapshot.position);
  const sections = checkpoint ? [...doc.sections, checkpointFooter(checkpoint)] : doc.sections;
  await writeDocument({ ...doc, sections }, format, out, outputEncoder(spec.encoding));
  return { ...snapshot, ...(checkpoint ? { checkpoint } : {}) };
}

/** The SHA-256 and size of a disclosure's document, without keeping the bytes. */
export async function fingerprint(
  db: DatabaseSync,
  spec: ContentSpec,
): Promise<{
  sha256: string;
  size: number;
  position: bigint;
  at: string;
  checkpoint?: DisclosureCheckpoint;
}> {
  const sink = new HashingSink();
  const snapshot = await renderDisclosure(db, spec, sink);
  return { sha256: sink.digest(), size: sink.size, ...snapshot };
}
