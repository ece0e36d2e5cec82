'use strict';
/**
 * Child process for the crash-safety test: appends in a loop with several concurrent writers (durable,
 * synchronous=FULL) while a ProjectionRunner follows the same store into a read-model file, until the
 * parent kills it with SIGKILL. Prints one line per acknowledged append ("ack <commandId> <count>
 * <position>") so the parent can check that every acknowledged append survived the kill.
 * Uses the compiled dist/ code: a crash test must exercise what production runs.
 * Usage: node append-loop.cjs <dataDir>
 */
const { join } = require('node:path');
const { SqliteEventStore } = require('../../dist/src/event-store/sqlite-event-store.js');
const { ProjectionRunner } = require('../../dist/projections/runner.js');
const { countingProjection } = require('./counting-projection.cjs');

const dataDir = process.argv[2];
const store = new SqliteEventStore(join(dataDir, 'events.db'));
const runner = new ProjectionRunner(store, [countingProjection], join(dataDir, 'readmodels.db'), {
  batchSize: 50,
});
runner.start();

const actor = { id: 'u-crash', name: '崩溃测试', role: 'ADMIN', organisation: '省督察办' };
const run = `${process.pid}-${Date.now().toString(36)}`;
let seq = 0;

async function writer(w) {
  for (;;) {
    const n = seq++;
    const count = 1 + (n % 3); // commands of 1-3 events: all of them must survive, or none
    const commandId = `crash-${run}-${n}`;
    const result = await store.append({
      streamId: `task-w${w}-${n % 5}`,
      expectedRevision: 'any',
      events: Array.from({ length: count }, (_, index) => ({
        type: 'ProgressReported',
        data: {
          commandSeq: n,
          index,
          of: count,
          内容: '督察整改进度：已完成现场核查，正在整改。'.repeat(4),
        },
      })),
      context: { actor, commandId, recordedAt: new Date().toISOString() },
    });
    process.stdout.write(`ack ${commandId} ${count} ${result.position}\n`);
  }
}

for (let w = 0; w < 6; w++) {
  writer(w).catch((error) => {
    process.stderr.write(`writer ${w} failed: ${error && error.stack}\n`);
    process.exit(2);
  });
}
