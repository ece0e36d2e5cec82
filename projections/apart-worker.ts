import { parentPort, workerData } from 'node:worker_threads';
import { openEventStore } from '../src/event-store/open-event-store.js';
import type { ApartJob, ApartMessage } from './apart.js';
import { allProjections } from './index.js';
import { CATCH_UP_BATCH, DEFER_INDEXES_BEHIND, REBUILD_BATCH, ProjectionRunner } from './runner.js';

/** A worker thread of apart.ts: catches its projections up into their own file, then exits. */
async function main(job: ApartJob): Promise<void> {
  const post = (m: ApartMessage) => parentPort!.postMessage(m);
  const store = await openEventStore(job.address);
  try {
    const runner = new ProjectionRunner(
      store,
      allProjections().filter((p) => job.names.includes(p.name)),
      job.file,
      {
        batchSize: REBUILD_BATCH,
        catchUpBatch: CATCH_UP_BATCH,
        onProgress: (progress) => post({ progress }),
        onIndexes: (indexes) => post({ indexes }),
      },
    );
    try {
      await runner.resume(DEFER_INDEXES_BEHIND);
    } finally {
      runner.close();
    }
  } finally {
    await store.close();
  }
}

main(workerData as ApartJob).catch((error: unknown) => {
  parentPort!.postMessage({
    failed: error instanceof Error ? (error.stack ?? error.message) : String(error),
  } satisfies ApartMessage);
});
