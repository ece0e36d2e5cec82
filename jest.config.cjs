/** Test tiers are told apart by suffix: *.unit.spec.ts, *.contract.spec.ts, *.int.spec.ts, *.e2e.spec.ts */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Sources import './x.js' (Node ESM-style specifiers); Jest resolves them to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Only a registry: the PostgreSQL servers are started by the specs that need them.
  globalSetup: '<rootDir>/test/support/pg-global-setup.cjs',
  globalTeardown: '<rootDir>/test/support/pg-global-teardown.cjs',
  testTimeout: 60000,
  maxWorkers: 2,
};
