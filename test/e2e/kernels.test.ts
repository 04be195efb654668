/** The GPU kernel checks of test/gpu (src/check/kernel-checks.ts) in Chromium's WebGPU, on a page of the Vite dev server. */
import { beforeAll, describe, expect, it } from 'vitest';
import { usePage } from './fixture.js';
import type { KernelOutcome } from './pages/kernels.js';

describe('GPU kernels in Chromium', () => {
  const app = usePage('/test/e2e/pages/kernels.html');
  let outcome: KernelOutcome;

  beforeAll(async () => {
    await app.page.waitForFunction(() => 'xentKernelChecks' in window, { timeout: 170_000, polling: 500 });
    outcome = await app.page.evaluate(() => window.xentKernelChecks);
  });

  it('finds a WebGPU adapter (SwiftShader without a GPU)', () => {
    expect(outcome.error).toBeUndefined();
    expect(outcome.adapter).toBeTruthy();
  });

  it('matches the CPU path in every check, with and without subgroups', () => {
    const results = outcome.results ?? [];
    expect(new Set(results.map((r) => r.variant)).has('no subgroups')).toBe(true);
    const failed = results.filter((r) => !r.ok).map((r) => `[${r.variant}] ${r.name}: ${r.maxRelError} ${r.detail ?? ''} (seed ${r.seed})`);
    expect(failed).toEqual([]);
    expect(results.length).toBeGreaterThan(50);
  });

  it('logs no errors and loads nothing from outside the page origin', () => {
    app.expectCleanPage();
  });
});
