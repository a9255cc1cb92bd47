/**
 * One jest run covers every layer; projects keep their setup apart.
 * A run of the integration and browser projects together used to never exit: both global setups
 * started stand-ins, the one shared teardown file (jest runs each hook file once) stopped only the
 * second set, and the first set's servers and JVM kept the process alive. The second setup now
 * shares the first set (test/support/global-setup.ts). `npm test` keeps --forceExit as a guard, so
 * that a handle some future test leaves open cannot hold CI until its timeout; `npx jest` without it
 * shows such a leak as "Jest did not exit one second after the test run has completed".
 */
const swc = ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }];
const shared = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  // @middy/* and jose are ESM-only: resolve middy's entry files directly and let swc turn both into CommonJS.
  moduleNameMapper: { '^@middy/([a-z-]+)$': '<rootDir>/node_modules/@middy/$1/index.js' },
  transformIgnorePatterns: ['/node_modules/(?!(@middy|jose)/)'],
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/support/quiet-logs.ts'],
};
module.exports = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.test.ts', '<rootDir>/test/api/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    { ...shared, displayName: 'infra', testMatch: ['<rootDir>/test/infra/**/*.test.ts'] },
    {
      ...shared,
      displayName: 'browser',
      testMatch: ['<rootDir>/test/browser/**/*.test.ts'],
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
