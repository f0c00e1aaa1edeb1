import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The last line says which suites ran and why any tests were skipped (npm test).
    reporters: ['./test/support/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Type tests (expectTypeOf, @ts-expect-error): tsc checks them, and each counts as a test.
          typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.test.json' },
        },
      },
      {
        test: {
          name: 'system',
          include: ['test/system/**/*.test.ts'],
          globalSetup: ['test/system/harness/setup.ts'],
          // Each test starts a Windows node.exe; under Wine they share one wineserver, so the
          // files run one after another in a single fork.
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          hookTimeout: 600_000,
        },
      },
      {
        // npm run bench (scripts/bench.mjs); never part of npm test.
        test: {
          name: 'bench',
          include: ['test/bench/**/*.test.ts'],
          globalSetup: ['test/system/harness/setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 1_800_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
