/**
 * A worker of `writeScaleBulk` (bench/scale-bulk.ts): decides and seals inspections index,
 * index + workers, ... and posts their events in chunks, in log order, waiting while the main thread
 * has `maxAhead` of its chunks not yet inserted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Sealer, type WorkerJob, type WorkerMessage } from './scale-bulk.js';
import { inspectionStreams, inspectionWaves, inspectionsOf } from './scale-data.js';

const job = workerData as WorkerJob;
const ahead = new Int32Array(job.ahead);
const sealer = new Sealer();

function post(inspection: number, last: boolean): void {
  for (let sent; (sent = Atomics.load(ahead, job.index)) >= job.maxAhead;)
    Atomics.wait(ahead, job.index, sent, 1000);
  Atomics.add(ahead, job.index, 1);
  const message: WorkerMessage = { ...sealer.take(), inspection, last };
  parentPort!.postMessage(message, [message.leaves.buffer as ArrayBuffer]);
}

for (let n = job.index; n < inspectionsOf(job.plan); n += job.workers) {
  for (const wave of inspectionWaves(job.plan, n))
    for (const append of wave) {
      sealer.seal(append);
      if (sealer.pending >= job.chunkEvents) post(n, false);
    }
  sealer.forget(inspectionStreams(job.plan, n));
  post(n, true);
}
