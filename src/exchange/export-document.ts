import type { Snapshot } from './snapshot.js';

/** What every writer renders: titled sections of rows, each section's rows produced a page at a time. */
export type Cell = string | number | null;

export interface ExportColumn {
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  /** Characters, for XLSX column widths. */
  readonly width?: number;
}

export interface ExportSection {
  readonly title: string;
  readonly columns: readonly ExportColumn[];
  /** Pages of rows; called once, when the writer reaches this section. */
  pages(): Iterable<Cell[][]>;
}

export interface ExportDocument {
  readonly kind: ExportKind;
  readonly title: string;
  /** "截至台账位置 N（时间）": what the document was taken at. */
  readonly subtitle: string;
  readonly snapshot: Snapshot;
  readonly sections: readonly ExportSection[];
}

export const EXPORT_KINDS = [
  'ledger',
  'rectification-status',
  'accountability-summary',
  'accountability-announcement',
  'collection-report',
  'complaint-table',
  'complaint-summary',
  'reconciliation',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const EXPORT_FORMATS = ['xlsx', 'csv', 'jsonl', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which renderings each kind has: the ledger is data (XLSX, CSV, JSON Lines); the others are for print. */
export const FORMATS_OF: Record<ExportKind, readonly ExportFormat[]> = {
  ledger: ['xlsx', 'csv', 'jsonl'],
  'rectification-status': ['xlsx', 'csv', 'md', 'html'],
  'accountability-summary': ['xlsx', 'csv', 'md', 'html'],
  'accountability-announcement': ['xlsx', 'csv', 'md', 'html'],
  'collection-report': ['xlsx', 'md', 'html'],
  'complaint-table': ['xlsx', 'csv', 'md', 'html'],
  'complaint-summary': ['xlsx', 'csv', 'md', 'html'],
  reconciliation: ['xlsx', 'csv', 'md', 'html'],
};

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** Times in documents are shown in China Standard Time (UTC+8, no daylight saving). */
export function chinaTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)}`;
}

export const chinaDate = (iso: string | null): string =>
  iso ? new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 10) : '';

export const subtitleOf = (snapshot: Snapshot): string =>
  `截至台账位置 ${snapshot.position}（${chinaTime(snapshot.at)}，北京时间） / as of ledger position ${snapshot.position} (${snapshot.at})`;
