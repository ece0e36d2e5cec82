import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ExportDocument, ExportFormat } from '../export-document.js';
import { outputEncoder, type OutputEncoder } from '../output-encoding.js';
import { writeCsv, writeHtml, writeJsonLines, writeMarkdown } from './text-writers.js';
import { writeXlsx } from './xlsx-writer.js';
import { finish } from './sink.js';

type Writer = (doc: ExportDocument, out: Writable, encoder: OutputEncoder) => Promise<void>;

const WRITERS: Record<ExportFormat, Writer> = {
  xlsx: writeXlsx,
  csv: writeCsv,
  jsonl: writeJsonLines,
  md: writeMarkdown,
  html: writeHtml,
};

/**
 * Renders the document into `out` and ends it, every value through the output encoder (the
 * current one unless a disclosure names the one it was published with).
 */
export async function writeDocument(
  doc: ExportDocument,
  format: ExportFormat,
  out: Writable,
  encoder: OutputEncoder = outputEncoder(),
): Promise<void> {
  await WRITERS[format](doc, out, encoder);
  // The XLSX writer ends the stream itself when its zip is finalised.
  if (format !== 'xlsx') await finish(out);
  else if (!out.writableFinished) await once(out, 'finish');
}
