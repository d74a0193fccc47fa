import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure logic + real ffmpeg/SQLite integration, runs in Node) and `e2e`
// (real Chromium against `highlighter serve`). Both run in `npm test`.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['tests/fixtures/globalSetup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          globalSetup: ['tests/fixtures/globalSetup.ts'],
        },
      },
    ],
  },
});
