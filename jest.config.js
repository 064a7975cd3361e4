/**
 * Jest runs the TypeScript sources as native ES modules (got is ESM-only), so the
 * test script starts Node with --experimental-vm-modules and swc strips the types.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'es6' } },
    ],
  },
  // Sources import './x.js' as NodeNext requires; map those back to the .ts files.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 30000,
  // One line per suite skipped for a missing outside tool (test/helpers/require-tool.ts).
  // A private redis-server for the run when no Redis answers (as npm start does).
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  reporters: ['default', '<rootDir>/test/helpers/skip-reporter.js'],
  // Integration suites each own a Redis prefix, so files may run in parallel.
  maxWorkers: 2,
};
