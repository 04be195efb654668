/**
 * The README's failure behaviour in the app: a learning rate that blows up, and a GPU device destroyed mid-run. Both fire `xent-error`
 * naming the epoch and keep the weights of the last finished epoch (exportModel() returns them); after the lost
 * device, resume() goes on from those weights on the CPU and the loss keeps falling. No promise is left rejected
 * unhandled, in the page or in the training worker.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { XentModel } from '../../src/model/format.js';
import {
  clearRecorded,
  configure,
  type EpochEvent,
  epochModels,
  recordEpochModels,
  recordedEvents,
  recordXentEvents,
  reportPageFaults,
  trainerLoaded,
  waitForEvents,
} from './app-helpers.js';
import { usePage } from './fixture.js';

async function errorsAndEpochs(page: Page): Promise<{ errors: string[]; epochs: EpochEvent[] }> {
  const events = await recordedEvents(page);
  return {
    errors: events.filter((e) => e.type === 'xent-error').map((e) => e.detail.message as string),
    epochs: events.filter((e) => e.type === 'xent-epoch').map((e) => e.detail as unknown as EpochEvent),
  };
}

const exportModel = (page: Page): Promise<XentModel> => page.$eval('xent-trainer', (trainer) => trainer.exportModel());

function allFinite(model: XentModel): boolean {
  return [model.weights, model.bias].flat(2).every((v) => Number.isFinite(v));
}

describe('failures in the app', () => {
  const app = usePage('/index.html', { install: [reportPageFaults, recordXentEvents, recordEpochModels], ready: trainerLoaded });

  it('a learning rate that blows up stops with xent-error at epoch 2 and keeps the finite weights of epoch 1', async () => {
    await clearRecorded(app.page);
    // Full-batch SGD at lr 1e300: epoch 1's step leaves huge but finite weights, epoch 2's logits overflow.
    await configure(app.page, { backend: 'cpu', optimizer: 'sgd', 'learning-rate': '1e300', epochs: '5' });
    await app.page.$eval('xent-trainer', (trainer) => trainer.train());
    const { errors, epochs } = await errorsAndEpochs(app.page);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^epoch 2: the loss diverged to NaN\/Inf .*kept the weights of epoch 1$/);
    expect(epochs.map((e) => e.epoch)).toEqual([1]);
    const model = await exportModel(app.page);
    expect(model.training.epochs).toBe(1);
    expect(allFinite(model)).toBe(true);
    expect(model).toEqual((await epochModels(app.page))[1]);
    const notice = await app.page.$eval('xent-trainer >>> [part="notice"]', (el) => el.textContent ?? '');
    expect(notice).toContain('epoch 2: the loss diverged');
  });

  it('a GPU device destroyed mid-run: xent-error names the epoch, the last finished weights stay, resume() goes on on the CPU', async () => {
    await clearRecorded(app.page);
    // Full-batch SGD with a safe step on a convex loss: every epoch's loss is below the one before.
    await configure(app.page, { backend: 'gpu', optimizer: 'sgd', 'learning-rate': '0.5', epochs: '100000' });
    await app.page.$eval('xent-trainer', (trainer) => void trainer.train());
    await waitForEvents(app.page, ['xent-epoch'], 3);
    await app.page.$eval('xent-trainer', (trainer) => trainer.testProbe('lose-device'));
    await waitForEvents(app.page, ['xent-error']);

    const { errors, epochs } = await errorsAndEpochs(app.page);
    expect(errors).toHaveLength(1);
    const failedAt = Number(/^epoch (\d+): /.exec(errors[0] as string)?.[1]);
    expect(failedAt).toBeGreaterThan(3);
    expect(errors[0]).toContain(`kept the weights of epoch ${failedAt - 1}`);
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: failedAt - 1 }, (_, i) => i + 1));
    const kept = await exportModel(app.page);
    expect(kept.training).toMatchObject({ epochs: failedAt - 1, backend: 'gpu' });
    expect(allFinite(kept)).toBe(true);
    expect(kept).toEqual((await epochModels(app.page))[failedAt - 1]);
    const offer = await app.page.$eval('xent-trainer >>> [part="notice"] button', (b) => b.textContent ?? '');
    expect(offer).toContain(`Resume on the CPU after epoch ${failedAt - 1}`);

    // Resume on the CPU from those weights; stop once 20 more epochs are in.
    await app.page.$eval('xent-trainer', (trainer) => {
      trainer.addEventListener('xent-epoch', function stopLater(e) {
        if ((e as CustomEvent<{ epoch: number }>).detail.epoch < trainer.exportModel().training.epochs) return;
        if (trainer.exportModel().training.epochs >= window.resumeUntil) {
          trainer.removeEventListener('xent-epoch', stopLater);
          trainer.stop();
        }
      });
    });
    await app.page.evaluate((until) => {
      window.resumeUntil = until;
    }, failedAt + 19);
    const resumed = await app.page.$eval('xent-trainer', (trainer) => trainer.resume());
    expect(resumed?.training.backend).toBe('cpu');
    const after = (await errorsAndEpochs(app.page)).epochs.filter((e) => e.epoch >= failedAt);
    expect(after.length).toBeGreaterThanOrEqual(20);
    expect(after.map((e) => e.epoch)).toEqual(Array.from({ length: after.length }, (_, i) => failedAt + i));
    for (let i = 1; i < after.length; i++) expect(after[i]?.loss).toBeLessThan(after[i - 1]?.loss as number);
    expect(allFinite(resumed as XentModel)).toBe(true);
  });

  it('leaves no unhandled rejection and logs no errors, in the page or the worker', () => {
    app.expectCleanPage();
  });
});
