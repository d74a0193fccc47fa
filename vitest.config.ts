import { defineConfig } from 'vitest/config';

// The e2e budgets follow the setting every wait inside those tests takes its timeout from
// (tests/fixtures/waits.ts, which validates it: E2E_WAIT_MS, and E2E_LONG_WAIT_MS = 4x for exports and
// downloads). Read here rather than imported: the config loader wants no extensionless .ts import.
const envWaitMs = Number(process.env.HIGHLIGHTER_E2E_WAIT_MS);
const E2E_WAIT_MS = Number.isFinite(envWaitMs) && envWaitMs > 0 ? envWaitMs : 60_000;
const E2E_LONG_WAIT_MS = 4 * E2E_WAIT_MS;

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
          // A test may wait several times (each up to E2E_WAIT_MS) and on one export or download (up
          // to E2E_LONG_WAIT_MS); it fails at its first wait that runs out, long before this.
          testTimeout: 6 * E2E_WAIT_MS + 2 * E2E_LONG_WAIT_MS,
          // beforeAll makes media with ffmpeg, afterEach closes the browser and the server.
          hookTimeout: 2 * E2E_LONG_WAIT_MS,
          fileParallelism: false,
          globalSetup: ['tests/fixtures/globalSetup.ts'],
        },
      },
    ],
  },
});
