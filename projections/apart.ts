import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StoreAddress } from '../src/event-store/open-event-store.js';
import type { IndexProgress, Progress, Apart } from './runner.js';

/** What the worker is handed: where the store is, the read models' file, the projections to catch up. */
export interface ApartJob {
  readonly address: StoreAddress;
  readonly file: string;
  readonly names: readonly string[];
}

/** What the worker posts: progress, an index begun, and `failed` if it fails (it then exits). */
export type ApartMessage =
  | { readonly progress: Progress }
  | { readonly indexes: IndexProgress }
  | { readonly failed: string };

// Tests run the sources; the worker is the built file either way (npm test builds first).
const WORKER_FILE = __filename.endsWith('.js')
  ? join(__dirname, 'apart-worker.js')
  : join(__dirname, '..', 'dist', 'projections', 'apart-worker.js');

/**
 * Catches the projections with files of their own up apart in a worker thread, with its own
 * connections to the store and to their files, when at least `behind` events behind (the
 * runner's default when not given).
 */
export function apartInWorker(address: StoreAddress, { behind }: { behind?: bigint } = {}): Apart {
  return {
    behind,
    catchUp: (file, chosen, { onProgress, onIndexes, signal }) =>
      new Promise<void>((resolve, reject) => {
        const job: ApartJob = { address, file, names: chosen };
        const worker = new Worker(WORKER_FILE, { workerData: job });
        let failure: Error | undefined;
        const stop = () => void worker.terminate();
        signal.addEventListener('abort', stop, { once: true });
        worker.on('message', (m: ApartMessage) => {
          if ('progress' in m) onProgress?.(m.progress);
          else if ('indexes' in m) onIndexes?.(m.indexes);
          else if ('failed' in m) failure = new Error(m.failed);
        });
        worker.on('error', (error) => (failure ??= error));
        worker.on('exit', (code) => {
          signal.removeEventListener('abort', stop);
          if (signal.aborted) reject(new Error('catch-up apart stopped'));
          else if (failure) reject(failure);
          else if (code !== 0) reject(new Error(`catch-up apart exited with ${code}`));
          else resolve();
        });
      }),
  };
}
