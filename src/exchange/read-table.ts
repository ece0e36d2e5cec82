import { once } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BadInputError } from '../common/errors.js';
import { PROJECT_ROOT } from '../common/paths.js';
import { limitExceeded, type ImportLimits } from './import/limits.js';
import type { SheetName } from './import/sheets.js';
import type { SourceTable } from './import/table-collector.js';
import type { TableAnswer, TableJob } from './import/table-worker.js';

export type {
  HeadingCell,
  ImportFormat,
  SourceRow,
  SourceTable,
} from './import/table-collector.js';

/**
 * The worker runs compiled JavaScript: beside this file when it runs from dist/, and from dist/
 * (built by `npm test`'s pretest) when the tests load the TypeScript sources.
 */
const WORKER_FILE = __filename.endsWith('.js')
  ? join(__dirname, 'import', 'table-worker.js')
  : join(PROJECT_ROOT, 'dist', 'src', 'exchange', 'import', 'table-worker.js');

/** One parse at a time: however many uploads arrive, one worker's memory limit bounds them all. */
let queue: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Reads an uploaded XLSX or CSV file into a table in a worker thread with a heap limit and a time
 * limit, so that no file, however hostile, can exhaust the server's memory or hold its event loop:
 * the readers refuse a file at the first value past a limit, and a file that still needs more
 * memory or time than allowed stops only its worker. Every refusal is a BAD_USER_INPUT that names
 * the limit.
 */
export function readTable(
  bytes: Uint8Array,
  limits: ImportLimits,
  sheet: SheetName = 'rectification',
): Promise<SourceTable> {
  if (bytes.length === 0) {
    return Promise.reject(new BadInputError('文件为空', 'The file is empty', { field: 'file' }));
  }
  if (bytes.length > limits.maxBytes) {
    return Promise.reject(tooLarge(limits));
  }
  return oneAtATime(() => inWorker(bytes, limits, sheet));
}

export const tooLarge = (limits: Pick<ImportLimits, 'maxBytes'>) =>
  limitExceeded('maxBytes', limits.maxBytes, { zh: '文件过大', en: 'The file is too large' });

async function inWorker(
  bytes: Uint8Array,
  limits: ImportLimits,
  sheet: SheetName,
): Promise<SourceTable> {
  const own = new Uint8Array(bytes); // a copy of its own, handed over without another copy
  const job: TableJob = { bytes: own, limits, sheet };
  const worker = new Worker(WORKER_FILE, {
    workerData: job,
    transferList: [own.buffer],
    resourceLimits: {
      maxOldGenerationSizeMb: limits.workerMemoryMb,
      maxYoungGenerationSizeMb: Math.max(4, Math.floor(limits.workerMemoryMb / 16)),
      stackSizeMb: 4,
    },
  });
  const exited = new AbortController();
  worker.once('exit', () => exited.abort());
  const signal = AbortSignal.any([AbortSignal.timeout(limits.parseTimeoutMs), exited.signal]);
  try {
    const [answer] = (await once(worker, 'message', { signal })) as [TableAnswer];
    if (answer.ok) return answer.table;
    throw new BadInputError(answer.zh, answer.en, answer.details);
  } catch (error) {
    throw workerFailure(error, limits);
  } finally {
    await worker.terminate();
  }
}

function workerFailure(error: unknown, limits: ImportLimits): unknown {
  if (error instanceof BadInputError) return error;
  const code = (error as { code?: string }).code;
  const reason = (error as { cause?: { name?: string } }).cause?.name;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return limitExceeded('workerMemoryMb', limits.workerMemoryMb, {
      zh: '读取该文件所需内存超过上限（MB）',
      en: 'Reading the file needs more memory than allowed (MB)',
    });
  }
  if (reason === 'TimeoutError') {
    return limitExceeded('parseTimeoutMs', limits.parseTimeoutMs, {
      zh: '读取该文件超时（毫秒）',
      en: 'Reading the file took too long (ms)',
    });
  }
  return error;
}
