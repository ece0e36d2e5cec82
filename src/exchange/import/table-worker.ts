import { parentPort, workerData } from 'node:worker_threads';
import { isTaizhangError } from '../../common/errors.js';
import type { ImportLimits } from './limits.js';
import type { SheetName } from './sheets.js';
import { parseFile } from './parse-file.js';
import type { SourceTable } from './table-collector.js';

/** What the parent sends (as workerData) and what the worker answers with (one message). */
export interface TableJob {
  readonly bytes: Uint8Array;
  readonly limits: ImportLimits;
  /** Which kind of sheet: its headings are what the heading row is found by. */
  readonly sheet: SheetName;
}
export type TableAnswer =
  | { readonly ok: true; readonly table: SourceTable }
  | {
      readonly ok: false;
      readonly zh: string;
      readonly en: string;
      readonly details: Record<string, unknown>;
    };

/** Entry point of the parsing worker thread (see read-table.ts). */
if (parentPort) {
  const port = parentPort;
  const job = workerData as TableJob;
  const answer = (message: TableAnswer) => port.postMessage(message);
  parseFile(job.bytes, job.limits, job.sheet).then(
    (table) => answer({ ok: true, table }),
    (error: unknown) =>
      answer(
        isTaizhangError(error)
          ? { ok: false, zh: error.zh, en: error.en, details: error.details }
          : {
              ok: false,
              zh: `文件无法读取：${String(error)}`,
              en: `The file cannot be read: ${String(error)}`,
              details: { field: 'file' },
            },
      ),
  );
}
