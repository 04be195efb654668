/**
 * Stop: the Stop button ends a long run after the current epoch; `xent-trained` follows with the weights so far, and
 * the progress shows where it stopped. On the CPU backend, so it does not depend on the GPU's speed.
 */
import { describe, expect, it } from 'vitest';
import { recordXentEvents, trainerLoaded, waitForEvents, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

const EPOCHS = 1_000_000;

describe('stopping a run', () => {
  const app = usePage('/index.html', { install: [recordXentEvents], ready: trainerLoaded });

  it('Stop ends training early with xent-trained and the weights so far', async () => {
    await app.page.$eval(
      'xent-trainer',
      (trainer, epochs) => {
        trainer.setAttribute('backend', 'cpu');
        trainer.setAttribute('epochs', String(epochs));
      },
      EPOCHS,
    );
    const start = await app.page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
    await start?.click();
    await waitForEvents(app.page, ['xent-epoch'], 3);
    const stop = await app.page.waitForSelector('xent-trainer >>> button[part="stop"]');
    await stop?.click();
    const { epochs, model } = await waitForTrained(app.page);
    expect(epochs.length).toBeGreaterThanOrEqual(3);
    expect(epochs.length).toBeLessThan(EPOCHS);
    expect(model.training.epochs).toBe(epochs.length);
    expect(model.training.backend).toBe('cpu');
    await app.page.waitForSelector('xent-trainer >>> button[part="start"]');
    const progress = await app.page.$eval('xent-trainer >>> [part="progress-text"]', (el) => el.textContent);
    expect(progress).toBe(`epoch ${epochs.length} / ${EPOCHS}`);
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
