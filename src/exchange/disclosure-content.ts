import type { DatabaseSync } from 'node:sqlite';
import type { Writable } from 'node:stream';
import { buildDocument, exportFormat } from './build-document.js';
import type { ExportFormat, ExportKind } from './export-document.js';
import { outputEncoder, type OutputEncoding } from './output-encoding.js';
import { resolveSnapshot } from './snapshot.js';
import { writeDocument } from './writers/index.js';
import { HashingSink } from './writers/sink.js';
import type { DisclosureFormat, DisclosureKind } from '../disclosure/domain/disclosure.state.js';

/** A disclosure's document is an export: the same kinds, formats and writers. */
export const EXPORT_KIND_OF: Record<DisclosureKind, ExportKind> = {
  LEDGER: 'ledger',
  RECTIFICATION_STATUS: 'rectification-status',
  ACCOUNTABILITY_SUMMARY: 'accountability-summary',
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
  /** Where in the ledger; undefined means the latest position. */
  readonly position?: bigint | string | null;
  /** The output encoder: the current one when publishing, the recorded one when regenerating. */
  readonly encoding: OutputEncoding;
}

/**
 * Writes the document of a disclosure. Everything in it is a function of the ledger up to the
 * position (the time shown and the overdue test use the time of the entry at that position), so
 * the same spec always yields the same bytes.
 */
export async function renderDisclosure(
  db: DatabaseSync,
  spec: ContentSpec,
  out: Writable,
): Promise<{ position: bigint; at: string }> {
  const kind = EXPORT_KIND_OF[spec.kind];
  const format = exportFormat(kind, EXPORT_FORMAT_OF[spec.format]);
  const snapshot = resolveSnapshot(db, { position: spec.position ?? null });
  const doc = buildDocument(db, { kind, snapshot, inspectionId: spec.inspectionId ?? undefined });
  await writeDocument(doc, format, out, outputEncoder(spec.encoding));
  return snapshot;
}

/** The SHA-256 and size of a disclosure's document, without keeping the bytes. */
export async function fingerprint(
  db: DatabaseSync,
  spec: ContentSpec,
): Promise<{ sha256: string; size: number; position: bigint; at: string }> {
  const sink = new HashingSink();
  const snapshot = await renderDisclosure(db, spec, sink);
  return { sha256: sink.digest(), size: sink.size, ...snapshot };
}
