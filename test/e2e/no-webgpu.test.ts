/**
 * A browser without WebGPU (Chromium without --enable-unsafe-webgpu finds no adapter here): `auto` trains on the CPU
 * with a visible note; `gpu` says so plainly and offers the CPU path, which then trains.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { clearRecorded, recordedEvents, recordXentEvents, trainerLoaded, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

describe('no WebGPU in the browser', () => {
  const app = usePage('/index.html', { webgpu: false, install: [recordXentEvents], ready: trainerLoaded });

  beforeAll(async () => {
    await app.page.$eval('xent-trainer', (trainer) => trainer.setAttribute('epochs', '5'));
  });

  it('backend="auto" trains on the CPU and says why', async () => {
    await app.page.$eval('xent-trainer', (trainer) => trainer.train());
    const { epochs, model } = await waitForTrained(app.page);
    expect(epochs).toHaveLength(5);
    expect(model.training.backend).toBe('cpu');
    const notice = await app.page.$eval('xent-trainer >>> [part="notice"]', (el) => el.textContent ?? '');
    expect(notice).toContain('WebGPU is not available in this browser');
  });

  it('backend="gpu" reports the missing WebGPU and offers the CPU, which trains', async () => {
    await app.page.$eval('xent-trainer', (trainer) => {
      trainer.setAttribute('backend', 'gpu');
      return trainer.train();
    });
    const errors = (await recordedEvents(app.page)).filter((e) => e.type === 'xent-error');
    expect(errors.map((e) => e.detail.message)).toEqual(['WebGPU is not available in this browser; choose the CPU backend to train.']);
    const offer = await app.page.waitForSelector('xent-trainer >>> [part="notice"] button');
    expect(await offer?.evaluate((b) => b.textContent)).toContain('CPU');
    await clearRecorded(app.page);
    await offer?.click();
    const { epochs, model } = await waitForTrained(app.page);
    expect(epochs).toHaveLength(5);
    expect(model.training.backend).toBe('cpu');
    expect(await app.page.$eval('xent-trainer', (t) => t.backend)).toBe('cpu');
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
