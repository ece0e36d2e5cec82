import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import unzipper from 'unzipper';
import { BadInputError, isTaizhangError } from '../../common/errors.js';
import { EXCEL_MAX_COLUMNS, limitExceeded, type ImportLimits } from './limits.js';
import type { SheetName } from './sheets.js';
import { TableCollector, type SourceTable } from './table-collector.js';

/** An XLSX file has a dozen parts; thousands of them is not a spreadsheet. */
const MAX_ZIP_ENTRIES = 1000;

const fileStream = (bytes: Uint8Array) =>
  Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);

/**
 * First pass: inflate every part the way exceljs's reader will (the same streaming parser over the
 * local headers, so no part is hidden from it), counting the bytes and keeping none. A zip whose
 * parts inflate past the limit is refused before anything is parsed or spooled to disk; sizes the
 * file declares are not trusted.
 */
async function checkInflatedSize(bytes: Uint8Array, limits: ImportLimits): Promise<void> {
  const zip = fileStream(bytes).pipe(unzipper.Parse({ forceStream: true }));
  let total = 0;
  let entries = 0;
  for await (const entry of zip as AsyncIterable<unzipper.Entry>) {
    if (++entries > MAX_ZIP_ENTRIES) {
      throw new BadInputError(
        `XLSX 文件的部件超过 ${MAX_ZIP_ENTRIES} 个，不是有效的表格`,
        `The XLSX file has more than ${MAX_ZIP_ENTRIES} parts: not a spreadsheet`,
        { field: 'file' },
      );
    }
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limits.maxUnzippedBytes) {
        throw limitExceeded('maxUnzippedBytes', limits.maxUnzippedBytes, {
          zh: `XLSX 文件解压后过大（${entry.path} 处已超过）`,
          en: `The XLSX file inflates to too many bytes (past the limit in ${entry.path})`,
        });
      }
    }
  }
}

/** What the streaming reader keeps that its typings leave out. */
interface ReaderInternals {
  sharedStrings?: unknown[];
  model?: { sheets?: { name?: string }[] };
}
type SheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name?: string };

/**
 * The reader fills its shared-strings table (`sharedStrings`, assigned once, then pushed to) while
 * it parses the part: the table it gets refuses the entry past the limit, so an oversized table
 * stops the parse where it crosses the limit instead of after it is all in memory.
 */
function boundSharedStrings(reader: ReaderInternals, limits: ImportLimits): void {
  let table: unknown[] | undefined;
  Object.defineProperty(reader, 'sharedStrings', {
    configurable: true,
    get: () => table,
    set: (list: unknown[] | undefined) => {
      table = list;
      if (!list) return;
      list.push = (...items: unknown[]) => {
        if (list.length + items.length > limits.maxSharedStrings) {
          throw limitExceeded('maxSharedStrings', limits.maxSharedStrings, {
            zh: 'XLSX 文件的共享字符串表过大',
            en: 'The XLSX shared-strings table is too large',
          });
        }
        return Array.prototype.push.apply(list, items);
      };
    },
  });
}

/** No cell reference past XFD: the reader would otherwise make a column object for each. */
function boundColumns(sheet: SheetReader): void {
  const getColumn = sheet.getColumn.bind(sheet);
  sheet.getColumn = (c: number) => {
    if (c > EXCEL_MAX_COLUMNS) {
      throw new BadInputError(
        `单元格位置超过第 ${EXCEL_MAX_COLUMNS} 列（XFD），不是有效的表格`,
        `A cell lies past column ${EXCEL_MAX_COLUMNS} (XFD): not a valid sheet`,
        { field: 'file' },
      );
    }
    return getColumn(c);
  };
}

/**
 * Streams the first sheet row by row (exceljs WorkbookReader): every value is checked by the
 * collector as its row arrives, so a file is refused at the first row, column, cell or
 * shared string past a limit, and no more of it than the rows kept is ever materialised.
 */
export async function readXlsx(
  bytes: Uint8Array,
  limits: ImportLimits,
  sheet: SheetName = 'rectification',
): Promise<SourceTable> {
  try {
    await checkInflatedSize(bytes, limits);
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(fileStream(bytes), {
      sharedStrings: 'cache',
      styles: 'cache', // number formats tell dates from numbers
      hyperlinks: 'ignore',
      worksheets: 'emit',
      entries: 'ignore',
    });
    const internals = reader as unknown as ReaderInternals;
    boundSharedStrings(internals, limits);
    const collector = new TableCollector(limits, sheet);
    for await (const sheet of reader as AsyncIterable<SheetReader>) {
      const first = internals.model?.sheets?.[0]?.name;
      if (first !== undefined && sheet.name !== first) continue;
      boundColumns(sheet);
      for await (const row of sheet) {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: false }, (cell, column) => {
          const text = collector.cell(row.number, column, cellText(cell.value));
          if (text) cells[column - 1] = text;
        });
        if (cells.length)
          collector.row(
            row.number,
            Array.from(cells, (c) => c ?? ''),
          );
      }
      break;
    }
    return collector.table('xlsx');
  } catch (error) {
    if (isTaizhangError(error)) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BadInputError(
      `XLSX 文件无法读取：${message}`,
      `The XLSX file cannot be read: ${message}`,
      { field: 'file' },
    );
  }
}

/** Dates become YYYY-MM-DD; rich text, formulas and links become their visible text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}
