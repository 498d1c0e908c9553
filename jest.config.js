// Two projects: fast unit tests beside the code (*.spec.ts), and integration
// tests (*.int-spec.ts) against real Kafka, the real store and a real IMAP
// server, started by scripts/test.sh (or by testcontainers when asked).
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    // The console takes dependency-free lists from the contracts' sources (its bundle carries no zod).
    '^@threadline/contracts/src/(.*)$': '<rootDir>/libs/contracts/src/$1',
    '^@threadline/(.*)$': '<rootDir>/libs/$1/src',
    // ESM-only exports ("import" condition); Node 24 requires ESM natively, the resolver just needs the file.
    '^kubernetes-models/_schemas/(.*)$': '<rootDir>/node_modules/kubernetes-models/_schemas/$1.js',
    '^kubernetes-models/(.*)$': '<rootDir>/node_modules/kubernetes-models/$1/index.js',
    '^@kubernetes-models/keda/(.*)$': '<rootDir>/node_modules/@kubernetes-models/keda/$1.js',
  },
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.local/'],
  modulePathIgnorePatterns: ['<rootDir>/.local/', '<rootDir>/.tools/', '/dist/'],
};

module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,services,test}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/{libs,services,test}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest-integration-setup.ts'],
    },
  ],
};
