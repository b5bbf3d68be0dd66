/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  // The CloudBase Local package (a workspace) from its sources, as tsconfig.json's paths has it.
  moduleNameMapper: { '^@wuye/cloudbase-local$': '<rootDir>/cloudbase-local/index.ts', '^@wuye/cloudbase-local/internals$': '<rootDir>/cloudbase-local/internals.ts' },
  testTimeout: 30000,
  globalSetup: '<rootDir>/tests/global-setup.js',
};
