import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { BadInputError } from '../common/errors.js';
import { columnOfHeading, type LedgerColumn } from './ledger-columns.js';
import { decodeText, type TextEncodingName } from './text-decoding.js';

export type ImportFormat = 'xlsx' | 'csv';

export interface SourceRow {
  /** 1-based row number as a spreadsheet program shows it. */
  readonly rowNumber: number;
  readonly cells: readonly string[];
}

export interface HeadingCell {
  readonly index: number;
  readonly text: string;
  readonly column?: LedgerColumn;
}

export interface SourceTable {
  readonly format: ImportFormat;
  readonly encoding?: TextEncodingName;
  readonly headingRow: number;
  readonly headings: readonly HeadingCell[];
  readonly rows: readonly SourceRow[];
}

/** Real ledgers put a title and notes above the headings: look for them in the first rows. */
const HEADING_SEARCH_ROWS = 10;
const MIN_KNOWN_HEADINGS = 3;
export const MAX_IMPORT_ROWS = 20_000;

const isZip = (bytes: Uint8Array) =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

/** A rectification list is a few hundred rows: read whole, then map. */
export async function readTable(bytes: Uint8Array): Promise<SourceTable> {
  if (bytes.length === 0) {
    throw new BadInputError('文件为空', 'The file is empty', { field: 'file' });
  }
  if (isZip(bytes)) return tableOf('xlsx', await xlsxRows(bytes));
  const { text, encoding } = decodeText(bytes);
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: false, bom: true });
  } catch (error) {
    throw new BadInputError(
      `CSV 无法解析：${(error as Error).message}`,
      `The CSV cannot be parsed: ${(error as Error).message}`,
      { field: 'file' },
    );
  }
  const rows = records.map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c.trim()) }));
  return { ...tableOf('csv', rows), encoding };
}

function tableOf(format: ImportFormat, all: SourceRow[]): SourceTable {
  const candidates = all.slice(0, HEADING_SEARCH_ROWS);
  const known = (r: SourceRow) => r.cells.filter((c) => c && columnOfHeading(c)).length;
  const headingRow = candidates.find((r) => known(r) >= MIN_KNOWN_HEADINGS);
  if (!headingRow) {
    throw new BadInputError(
      `前 ${HEADING_SEARCH_ROWS} 行中找不到表头（至少需要 ${MIN_KNOWN_HEADINGS} 个可识别的列名，如 序号、整改任务、责任单位、整改时限）`,
      `No heading row in the first ${HEADING_SEARCH_ROWS} rows (need at least ${MIN_KNOWN_HEADINGS} known headings such as 序号, 整改任务, 责任单位, 整改时限)`,
      { field: 'file' },
    );
  }
  const headings = headingRow.cells.map((text, index) => ({
    index,
    text,
    column: text ? columnOfHeading(text) : undefined,
  }));
  const rows = all
    .filter((r) => r.rowNumber > headingRow.rowNumber)
    .filter((r) => r.cells.some((c) => c !== ''));
  if (rows.length > MAX_IMPORT_ROWS) {
    throw new BadInputError(
      `行数过多（上限 ${MAX_IMPORT_ROWS} 行）`,
      `Too many rows (at most ${MAX_IMPORT_ROWS})`,
      { field: 'file' },
    );
  }
  return { format, headingRow: headingRow.rowNumber, headings, rows };
}

async function xlsxRows(bytes: Uint8Array): Promise<SourceRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new BadInputError(
      `XLSX 文件无法读取：${(error as Error).message}`,
      `The XLSX file cannot be read: ${(error as Error).message}`,
      { field: 'file' },
    );
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new BadInputError('工作簿没有工作表', 'The workbook has no sheet');
  const rows: SourceRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
    rows.push({ rowNumber, cells });
  });
  return rows;
}

/** Dates become YYYY-MM-DD; rich text, formulas and links become their visible text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text).trim();
    if ('error' in value) return '';
  }
  return String(value).trim();
}
