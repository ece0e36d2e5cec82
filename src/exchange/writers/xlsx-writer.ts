import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportDocument } from '../export-document.js';
import type { OutputEncoder } from '../output-encoding.js';

/**
 * Streaming XLSX: rows are committed to the zip as they come (exceljs WorkbookWriter), so memory
 * stays flat. Published files must be reproducible byte for byte, so every date inside the file is
 * pinned to the snapshot's time: the document properties, and the zip entries' modification times,
 * which archiver otherwise stamps with the wall clock.
 */
// archiver's class, as exceljs loads it: the hook that stamps each zip entry's date.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ArchiverCore = require('archiver/lib/core') as {
  prototype: { _normalizeEntryData(data: object, stats?: unknown): { date: Date } };
};

function pinnedWorkbook(out: Writable, date: Date): ExcelJS.stream.xlsx.WorkbookWriter {
  const proto = ArchiverCore.prototype;
  const original = proto._normalizeEntryData;
  const pinned = function (this: unknown, data: object, stats?: unknown) {
    const normalised = original.call(this, data, stats);
    normalised.date = date;
    return normalised;
  };
  // The writer appends its first entries inside its constructor, which runs synchronously: the
  // prototype is patched only for that call, then the instance keeps the pinned hook.
  proto._normalizeEntryData = pinned;
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: out,
      useStyles: true,
      useSharedStrings: false,
    });
    (workbook as unknown as { zip: typeof proto }).zip._normalizeEntryData = pinned;
    return workbook;
  } finally {
    proto._normalizeEntryData = original;
  }
}

/**
 * exceljs hands each full 64 KB buffer of sheet XML to the zip without waiting for it, so a writer
 * that never yields queues the whole sheet in front of zlib. Wait until the zip has taken in what
 * was written (at most a few buffers pending) before adding more rows: memory stays flat.
 */
async function compressed(sheet: ExcelJS.Worksheet): Promise<void> {
  // The sheet's buffer is piped into a PassThrough (readable-stream 2, which predates the
  // writableLength getters) that archiver drains into zlib when it gets to the entry.
  type State = { length?: number } | undefined;
  type Piped = { _writableState?: State; _readableState?: State };
  const pipes = (sheet as unknown as { stream: { pipes: Piped[] } }).stream.pipes;
  const pending = () =>
    pipes.reduce(
      (n, p) => n + (p._writableState?.length ?? 0) + (p._readableState?.length ?? 0),
      0,
    );
  do await new Promise<void>((resolve) => setImmediate(resolve));
  while (pending() > 256 * 1024);
}

/** Sheet names: the Chinese part of the section title, at most 31 characters, no []:*?/\ . */
const sheetName = (title: string, used: Set<string>) => {
  let name =
    title
      .split(' / ')[0]
      .replace(/[[\]:*?/\\]/g, ' ')
      .slice(0, 31) || 'Sheet';
  while (used.has(name)) name = `${name.slice(0, 28)}_${used.size}`;
  used.add(name);
  return name;
};

export async function writeXlsx(
  doc: ExportDocument,
  out: Writable,
  encoder: OutputEncoder,
): Promise<void> {
  const date = new Date(doc.snapshot.at);
  const workbook = pinnedWorkbook(out, date);
  workbook.creator = 'Taizhang 台账';
  workbook.lastModifiedBy = 'Taizhang 台账';
  workbook.created = date;
  workbook.modified = date;
  workbook.title = doc.title;
  workbook.subject = doc.subtitle;
  const used = new Set<string>();
  for (const section of doc.sections) {
    const sheet = workbook.addWorksheet(sheetName(section.title, used));
    sheet.columns = section.columns.map((c) => ({ key: c.key, width: c.width ?? 16 }));
    const heading = sheet.addRow(section.columns.map((c) => c.zh));
    heading.font = { bold: true };
    heading.commit();
    for (const page of section.pages()) {
      for (const row of page) sheet.addRow(row.map(encoder.spreadsheet)).commit();
      await compressed(sheet);
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet.commit();
  }
  await workbook.commit();
}
