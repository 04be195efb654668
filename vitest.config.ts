import { defineConfig } from 'vitest/config';

// Three layers (docs/architecture.md, Tests): unit (CPU math), gpu (every kernel vs the CPU path, through Dawn), e2e (Chromium).
export default defineConfig({
  test: {
    // Once per run, before every project: the CLI that tests spawn, from the current sources.
    globalSetup: ['test/setup/build-cli.ts'],
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      {
        test: {
          name: 'gpu',
          include: ['test/gpu/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/gpu/setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Dawn device at a time: SwiftShader already uses every core.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
