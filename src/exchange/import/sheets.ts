import { COMPLAINT_SHEET_COLUMNS } from '../complaint-columns.js';
import { LEDGER_COLUMNS, normaliseHeading } from '../ledger-columns.js';
import type { SheetColumn } from './sheet-column.js';

export type { SheetColumn };

/** The kinds of sheet an import reads: the rectification list, the daily complaint handover sheet. */
export const SHEETS = {
  rectification: LEDGER_COLUMNS,
  complaints: COMPLAINT_SHEET_COLUMNS,
} as const satisfies Record<string, readonly SheetColumn[]>;
export type SheetName = keyof typeof SHEETS;

const indexes = new Map<SheetName, Map<string, SheetColumn>>();

/** The column of `sheet` a heading names, if it names one. */
export function sheetColumnOf(sheet: SheetName, heading: string): SheetColumn | undefined {
  let index = indexes.get(sheet);
  if (!index) {
    index = new Map();
    for (const c of SHEETS[sheet]) {
      for (const h of [c.zh, c.en, c.field, ...c.variants]) index.set(normaliseHeading(h), c);
    }
    indexes.set(sheet, index);
  }
  return index.get(normaliseHeading(heading));
}
