/**
 * The built library under a strict Content-Security-Policy (`script-src 'self'`: no eval, no blob: or data: scripts,
 * and workers fall under the same rule): the page, served as static files with the policy as a header, trains on the
 * CPU and on WebGPU and parses a CSV in its worker, with no violation and no error.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../src/train/settings.js';
import { clearRecorded, recordXentEvents, repoRoot, reportPageFaults, staticServer, waitForTrained } from './app-helpers.js';
import { launchBrowser, type TestBrowser } from './browser.js';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";
const EPOCHS = 4; // csp.html's epochs attribute

describe('dist/xent.js under a strict Content-Security-Policy', () => {
  let browser: TestBrowser;
  let server: Awaited<ReturnType<typeof staticServer>>;
  let page: Page;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist/xent.js'))) {
      throw new Error('dist/xent.js is missing: run `npm run build` before the e2e tests');
    }
    server = await staticServer(repoRoot, { 'content-security-policy': POLICY });
    browser = await launchBrowser();
    page = await browser.page(server.url);
    await reportPageFaults(page);
    await recordXentEvents(page);
    await page.goto(`${server.url}/test/e2e/pages/csp.html`);
    await page.waitForFunction(() => document.querySelector('xent-trainer')?.data != null, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(['cpu', 'gpu'] as BackendChoice[])('trains on backend %s, in the same-origin worker', async (backend) => {
    await clearRecorded(page);
    await page.$eval('xent-trainer', (trainer, b) => void trainer.setAttribute('backend', b), backend);
    await page.$eval('xent-trainer', (trainer) => void trainer.train());
    const { epochs, model } = await waitForTrained(page);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4].slice(0, EPOCHS));
    expect(model.training.backend).toBe(backend);
    for (const e of epochs) expect(Number.isFinite(e.loss)).toBe(true);
    expect((model.weights as number[]).every(Number.isFinite)).toBe(true);
    if (backend === 'cpu') expect((epochs.at(-1)?.loss as number) < (epochs[0]?.loss as number)).toBe(true);
  });

  it('parses a CSV in its worker', async () => {
    const loaded = await page.$eval('xent-trainer', async (trainer) => {
      const loader = trainer.shadowRoot?.querySelector('xent-data-loader');
      if (!loader) throw new Error('no loader');
      await loader.loadFile(new Blob(['a,b,label\n1,2,x\n3,4,y\n5,6,x\n']), 'small.csv');
      return loader.data && { rows: loader.data.rows, classes: loader.data.classes };
    });
    expect(loaded).toEqual({ rows: 3, classes: ['x', 'y'] });
  });

  it('breaks no rule of the policy and logs no errors', async () => {
    // The workers really are files of the origin, not blob: or data: URLs.
    const workers = page.workers().map((w) => w.url());
    expect(workers.length).toBeGreaterThan(0);
    for (const url of workers) expect(url.startsWith(`${server.url}/dist/`)).toBe(true);
    expect(browser.externalRequests).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
