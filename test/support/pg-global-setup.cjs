// A registry for the PostgreSQL servers the tests start (test/support/pg-server.ts): workers inherit
// the variable, and the teardown stops whatever a crashed worker left running.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async function pgGlobalSetup() {
  process.env.TAIZHANG_PG_REGISTRY = mkdtempSync(join(tmpdir(), 'taizhang-pg-registry-'));
};
