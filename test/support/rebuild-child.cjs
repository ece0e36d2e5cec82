'use strict';
/**
 * Child process for the rebuild kill test: rebuilds every read model of a store into a file, in
 * small batches, printing "batch <position>" after each committed one, until the parent SIGKILLs
 * it (or it finishes and prints "done"). Uses the compiled dist/ code, as `taizhang rebuild` does.
 * Usage: node rebuild-child.cjs <events.db> <readmodels.db> <batchSize>
 */
const { SqliteEventStore } = require('../../dist/src/event-store/sqlite-event-store.js');
const { ProjectionRunner } = require('../../dist/projections/runner.js');
const { allProjections } = require('../../dist/projections/index.js');

const [file, target, batchSize] = process.argv.slice(2);
const store = new SqliteEventStore(file);
const runner = new ProjectionRunner(store, allProjections(), target, {
  batchSize: Number(batchSize),
  onProgress: (p) => {
    if (p.projection === 'ledger') process.stdout.write(`batch ${p.position}\n`);
  },
});
runner.rebuild().then(
  () => process.stdout.write('done\n'),
  (error) => {
    process.stderr.write(`rebuild failed: ${error && error.stack}\n`);
    process.exit(2);
  },
);
