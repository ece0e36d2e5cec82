import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportDocument, ExportFormat } from '../export-document.js';
import { writeCsv, writeHtml, writeJsonLines, writeMarkdown } from './text-writers.js';
import { writeXlsx } from './xlsx-writer.js';
import { finish } from './sink.js';

const WRITERS: Record<ExportFormat, (doc: ExportDocument, out: Writable) => Promise<void>> = {
  xlsx: writeXlsx,
  csv: writeCsv,
  jsonl: writeJsonLines,
  md: writeMarkdown,
  html: writeHtml,
};

/** Renders the document into `out` and ends it. */
export async function writeDocument(
  doc: ExportDocument,
  format: ExportFormat,
  out: Writable,
): Promise<void> {
  await WRITERS[format](doc, out);
  // The XLSX writer ends the stream itself when its zip is finalised.
  if (format !== 'xlsx') await finish(out);
  else if (!out.writableFinished) await once(out, 'finish');
}
