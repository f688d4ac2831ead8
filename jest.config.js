/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest'] },
  setupFiles: ['<rootDir>/test/helpers/setup-env.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/helpers/setup-after-env.ts'],
  // A folder the test files of a run share (test/helpers/once-per-run.ts).
  globalSetup: '<rootDir>/test/helpers/global-setup.js',
  globalTeardown: '<rootDir>/test/helpers/global-teardown.js',
  // Synthesizing CDK apps is CPU-bound: two workers match the machines CI runs on.
  maxWorkers: 2,
  testTimeout: 120000,
  testSequencer: '<rootDir>/test/helpers/slow-first-sequencer.js',
  reporters: ['default', '<rootDir>/test/helpers/plain-summary-reporter.js'],
};
