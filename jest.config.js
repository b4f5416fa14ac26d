/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/spec'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30000,
  // A leak must not hang the run (CI has a time limit); the teardown names what was left open.
  globalTeardown: '<rootDir>/spec/support/report-open-handles.ts',
  forceExit: true,
};
