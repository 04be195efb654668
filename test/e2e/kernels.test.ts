/** The GPU kernel checks of test/gpu (src/check/kernel-checks.ts) in Chromium's WebGPU, on a page of the Vite dev server. */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { KernelCheck } from '../../src/check/kernel-checks.js';
import { launchBrowser, type TestBrowser } from './browser.js';

interface Outcome {
  adapter?: string;
  results?: (KernelCheck & { variant: string })[];
  error?: string;
}

describe('GPU kernels in Chromium', () => {
  let browser: TestBrowser;
  let outcome: Outcome;

  beforeAll(async () => {
    const baseUrl = inject('baseUrl');
    browser = await launchBrowser();
    const page = await browser.page(baseUrl);
    await page.goto(`${baseUrl}/test/e2e/pages/kernels.html`);
    await page.waitForFunction(() => 'xentKernelChecks' in window, { timeout: 170_000, polling: 500 });
    outcome = (await page.evaluate(() => (window as unknown as { xentKernelChecks: Outcome }).xentKernelChecks)) as Outcome;
  });

  afterAll(async () => {
    await browser?.close();
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
    expect(browser.errors).toEqual([]);
    expect(browser.externalRequests).toEqual([]);
  });
});
