import { BadInputError } from '../../common/errors.js';
import type { ImportLimits } from './limits.js';
import { readCsv } from './read-csv.js';
import { readXlsx } from './read-xlsx.js';
import type { SheetName } from './sheets.js';
import type { SourceTable } from './table-collector.js';

const isZip = (bytes: Uint8Array) =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

/** Reads an XLSX (a zip) or a CSV file into a table, in this thread: see `readTable` for the worker. */
export async function parseFile(
  bytes: Uint8Array,
  limits: ImportLimits,
  sheet: SheetName = 'rectification',
): Promise<SourceTable> {
  if (bytes.length === 0) {
    throw new BadInputError('文件为空', 'The file is empty', { field: 'file' });
  }
  return isZip(bytes) ? readXlsx(bytes, limits, sheet) : readCsv(bytes, limits, sheet);
}
