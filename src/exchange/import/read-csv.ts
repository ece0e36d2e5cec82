import { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import { BadInputError } from '../../common/errors.js';
import { detectEncoding } from '../text-decoding.js';
import { limitExceeded, type ImportLimits } from './limits.js';
import type { SheetName } from './sheets.js';
import { TableCollector, type SourceTable } from './table-collector.js';

const CHUNK_BYTES = 64 * 1024;

/** The file decoded a chunk at a time (a character split across chunks is carried over). */
function* decodedChunks(bytes: Uint8Array, encoding: string, bom: boolean): Generator<string> {
  const decoder = new TextDecoder(encoding);
  for (let at = bom ? 3 : 0; at < bytes.length; at += CHUNK_BYTES) {
    yield decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true });
  }
  yield decoder.decode();
}

/**
 * Streams the CSV through csv-parse a chunk at a time: every field is checked as the parser
 * produces it (its `cast` hook), a record's buffer is capped (`max_record_size`), and reading stops
 * at the first row past the row limit.
 */
export async function readCsv(
  bytes: Uint8Array,
  limits: ImportLimits,
  sheet: SheetName = 'rectification',
): Promise<SourceTable> {
  const { encoding, bom } = detectEncoding(bytes);
  const collector = new TableCollector(limits, sheet);
  const maxRecordChars = limits.maxColumns * limits.maxCellChars;
  const parser = Readable.from(decodedChunks(bytes, encoding, bom)).pipe(
    parse({
      relax_column_count: true,
      skip_empty_lines: false,
      bom: true,
      max_record_size: maxRecordChars,
      cast: (value, context) => collector.cell(context.records + 1, context.index + 1, value),
    }),
  );
  let rowNumber = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      collector.row(++rowNumber, record);
    }
  } catch (error) {
    if (error instanceof CsvError && error.code === 'CSV_MAX_RECORD_SIZE') {
      throw limitExceeded('maxCellChars', limits.maxCellChars, {
        zh: `第 ${rowNumber + 1} 行的文字超过 ${maxRecordChars} 字（列数上限 × 单元格字数上限）`,
        en: `Row ${rowNumber + 1} holds more than ${maxRecordChars} characters (column limit x cell limit)`,
      });
    }
    if (error instanceof CsvError) {
      throw new BadInputError(
        `CSV 无法解析：${error.message}`,
        `The CSV cannot be parsed: ${error.message}`,
        { field: 'file' },
      );
    }
    throw error;
  }
  return { ...collector.table('csv'), encoding };
}
