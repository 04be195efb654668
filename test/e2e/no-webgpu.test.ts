/**
 * A browser without WebGPU (Chromium without --enable-unsafe-webgpu finds no adapter here): `auto` trains on the CPU
 * with a visible note; `gpu` says so plainly and offers the CPU path, which then trains.
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { recordedEvents, recordXentEvents, waitForTrained } from './app-helpers.js';
import { chromiumArgs, chromiumPath } from './browser.js';

const baseUrl = inject('baseUrl');

describe('no WebGPU in the browser', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await puppeteer.launch({
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu'),
    });
    page = await browser.newPage();
    await recordXentEvents(page);
    await page.goto(`${baseUrl}/index.html`);
    await page.waitForFunction(() => document.querySelector('xent-trainer')?.data != null, { timeout: 60_000 });
    await page.$eval('xent-trainer', (trainer) => trainer.setAttribute('epochs', '5'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('backend="auto" trains on the CPU and says why', async () => {
    await page.$eval('xent-trainer', (trainer) => trainer.train());
    const { epochs, model } = await waitForTrained(page);
    expect(epochs).toHaveLength(5);
    expect(model.training.backend).toBe('cpu');
    const notice = await page.$eval('xent-trainer >>> [part="notice"]', (el) => el.textContent ?? '');
    expect(notice).toContain('WebGPU is not available in this browser');
  });

  it('backend="gpu" reports the missing WebGPU and offers the CPU, which trains', async () => {
    await page.$eval('xent-trainer', (trainer) => {
      trainer.setAttribute('backend', 'gpu');
      return trainer.train();
    });
    const errors = (await recordedEvents(page)).filter((e) => e.type === 'xent-error');
    expect(errors.map((e) => e.detail.message)).toEqual(['WebGPU is not available in this browser; choose the CPU backend to train.']);
    const offer = await page.waitForSelector('xent-trainer >>> [part="notice"] button');
    expect(await offer?.evaluate((b) => b.textContent)).toContain('CPU');
    await page.evaluate(() => {
      (window as unknown as { __xentEvents: unknown[] }).__xentEvents.length = 0;
    });
    await offer?.click();
    const { epochs, model } = await waitForTrained(page);
    expect(epochs).toHaveLength(5);
    expect(model.training.backend).toBe('cpu');
    expect(await page.$eval('xent-trainer', (t) => t.backend)).toBe('cpu');
  });
});
