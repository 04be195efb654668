/**
 * Stop: the Stop button ends a long run after the current epoch; `xent-trained` follows with the weights so far, and
 * the progress shows where it stopped. On the CPU backend, so it does not depend on the GPU's speed.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordXentEvents, waitForTrained } from './app-helpers.js';
import { launchBrowser, type TestBrowser } from './browser.js';

const baseUrl = inject('baseUrl');
const EPOCHS = 1_000_000;

describe('stopping a run', () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.page(baseUrl);
    await recordXentEvents(page);
    await page.goto(`${baseUrl}/index.html`);
    await page.waitForFunction(() => document.querySelector('xent-trainer')?.data != null, { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('Stop ends training early with xent-trained and the weights so far', async () => {
    await page.$eval(
      'xent-trainer',
      (trainer, epochs) => {
        trainer.setAttribute('backend', 'cpu');
        trainer.setAttribute('epochs', String(epochs));
      },
      EPOCHS,
    );
    const start = await page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
    await start?.click();
    await page.waitForFunction(
      () => (window as unknown as { __xentEvents: { type: string }[] }).__xentEvents.filter((e) => e.type === 'xent-epoch').length >= 3,
    );
    const stop = await page.waitForSelector('xent-trainer >>> button[part="stop"]');
    await stop?.click();
    const { epochs, model } = await waitForTrained(page);
    expect(epochs.length).toBeGreaterThanOrEqual(3);
    expect(epochs.length).toBeLessThan(EPOCHS);
    expect(model.training.epochs).toBe(epochs.length);
    expect(model.training.backend).toBe('cpu');
    await page.waitForSelector('xent-trainer >>> button[part="start"]');
    const progress = await page.$eval('xent-trainer >>> [part="progress-text"]', (el) => el.textContent);
    expect(progress).toBe(`epoch ${epochs.length} / ${EPOCHS}`);
  });
});
