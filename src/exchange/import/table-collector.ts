import { BadInputError } from '../../common/errors.js';
import { sheetColumnOf, type SheetColumn, type SheetName } from './sheets.js';
import type { TextEncodingName } from '../text-decoding.js';
import { EXCEL_MAX_COLUMNS, columnLetters, limitExceeded, type ImportLimits } from './limits.js';

export type ImportFormat = 'xlsx' | 'csv';

export interface SourceRow {
  /** 1-based row number as a spreadsheet program shows it. */
  readonly rowNumber: number;
  readonly cells: readonly string[];
}

export interface HeadingCell {
  readonly index: number;
  readonly text: string;
  readonly column?: SheetColumn;
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
const EXAMPLES: Record<SheetName, readonly string[]> = {
  rectification: ['序号', '整改任务', '责任单位', '整改时限'],
  complaints: ['受理编号', '交办问题基本情况', '行政区域', '污染类型'],
};

/**
 * Builds the table row by row as a reader streams it, refusing the file at the first cell or row
 * past a limit: nothing past a limit is ever held. The readers call `cell` for every value before
 * they store it, and `row` when a row is complete.
 */
export class TableCollector {
  private readonly candidates: SourceRow[] = [];
  private heading?: SourceRow;
  private readonly rows: SourceRow[] = [];
  private chars = 0;

  constructor(
    private readonly limits: ImportLimits,
    private readonly sheet: SheetName = 'rectification',
  ) {}

  private knownHeadings(r: SourceRow): number {
    return r.cells.filter((c) => c && sheetColumnOf(this.sheet, c)).length;
  }

  /** Checks one cell (1-based column) and returns its text, trimmed. */
  cell(rowNumber: number, column: number, value: string): string {
    const { maxColumns, maxCellChars, maxTextChars } = this.limits;
    const where = { row: rowNumber, column: columnLetters(column) };
    if (column > EXCEL_MAX_COLUMNS) {
      throw new BadInputError(
        `第 ${rowNumber} 行超过 ${EXCEL_MAX_COLUMNS} 列（XFD），不是有效的表格`,
        `Row ${rowNumber} goes past column ${EXCEL_MAX_COLUMNS} (XFD): not a valid sheet`,
        { field: 'file', ...where },
      );
    }
    const text = value.trim();
    if (text === '') return text;
    if (column > maxColumns) {
      throw limitExceeded(
        'maxColumns',
        maxColumns,
        {
          zh: `第 ${rowNumber} 行第 ${where.column} 列有内容，超出列数上限`,
          en: `Row ${rowNumber} has a value in column ${where.column}, past the column limit`,
        },
        where,
      );
    }
    if (text.length > maxCellChars) {
      throw limitExceeded(
        'maxCellChars',
        maxCellChars,
        {
          zh: `第 ${rowNumber} 行第 ${where.column} 列的文字过长（${text.length} 字）`,
          en: `The cell in row ${rowNumber}, column ${where.column} is too long (${text.length} characters)`,
        },
        where,
      );
    }
    this.chars += text.length;
    if (this.chars > maxTextChars) {
      throw limitExceeded(
        'maxTextChars',
        maxTextChars,
        {
          zh: `文件的文字总量过大（读到第 ${rowNumber} 行时已超过）`,
          en: `The file holds too much text (past the limit by row ${rowNumber})`,
        },
        { row: rowNumber },
      );
    }
    return text;
  }

  /** A complete row of checked cells; blank rows below the heading are dropped. */
  row(rowNumber: number, cells: readonly string[]): void {
    let end = cells.length;
    while (end > 0 && !cells[end - 1]) end--;
    const row = { rowNumber, cells: end === cells.length ? cells : cells.slice(0, end) };
    if (this.heading) return this.data(row);
    this.candidates.push(row);
    if (this.candidates.length === HEADING_SEARCH_ROWS) this.findHeading();
  }

  table(format: ImportFormat): SourceTable {
    const heading = this.heading ?? this.findHeading();
    const headings = heading.cells.map((text, index) => ({
      index,
      text,
      column: text ? sheetColumnOf(this.sheet, text) : undefined,
    }));
    return { format, headingRow: heading.rowNumber, headings, rows: this.rows };
  }

  private data(row: SourceRow): void {
    if (row.cells.length === 0) return;
    if (this.rows.length === this.limits.maxRows) {
      throw limitExceeded(
        'maxRows',
        this.limits.maxRows,
        {
          zh: `数据行过多（第 ${row.rowNumber} 行已超出）`,
          en: `Too many data rows (row ${row.rowNumber} is past the limit)`,
        },
        { row: row.rowNumber },
      );
    }
    this.rows.push(row);
  }

  private findHeading(): SourceRow {
    const heading = this.candidates.find((r) => this.knownHeadings(r) >= MIN_KNOWN_HEADINGS);
    if (!heading) {
      throw new BadInputError(
        `前 ${HEADING_SEARCH_ROWS} 行中找不到表头（至少需要 ${MIN_KNOWN_HEADINGS} 个可识别的列名，如 ${EXAMPLES[this.sheet].join('、')}）`,
        `No heading row in the first ${HEADING_SEARCH_ROWS} rows (need at least ${MIN_KNOWN_HEADINGS} known headings such as ${EXAMPLES[this.sheet].join(', ')})`,
        { field: 'file' },
      );
    }
    this.heading = heading;
    for (const r of this.candidates) if (r.rowNumber > heading.rowNumber) this.data(r);
    return heading;
  }
}
