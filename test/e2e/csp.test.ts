/**
 * The built library under a strict Content-Security-Policy (`script-src 'self'`: no eval, no blob: or data: scripts,
 * and workers fall under the same rule): the page, served as static files with the policy as a header, trains on the
 * CPU and on WebGPU and parses a CSV in its worker, with no violation and no error.
 */
import { describe, expect, it } from 'vitest';
import type { BackendChoice } from '../../src/train/settings.js';
import { clearRecorded, recordXentEvents, reportPageFaults, trainerLoaded, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

const POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'";
const EPOCHS = 4; // csp.html's epochs attribute

describe('dist/xent.js under a strict Content-Security-Policy', () => {
  const app = usePage('/test/e2e/pages/csp.html', {
    staticFiles: { headers: { 'content-security-policy': POLICY } },
    install: [reportPageFaults, recordXentEvents],
    ready: trainerLoaded,
  });

  it.each(['cpu', 'gpu'] as BackendChoice[])('trains on backend %s, in the same-origin worker', async (backend) => {
    await clearRecorded(app.page);
    await app.page.$eval('xent-trainer', (trainer, b) => void trainer.setAttribute('backend', b), backend);
    await app.page.$eval('xent-trainer', (trainer) => void trainer.train());
    const { epochs, model } = await waitForTrained(app.page);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4].slice(0, EPOCHS));
    expect(model.training.backend).toBe(backend);
    for (const e of epochs) expect(Number.isFinite(e.loss)).toBe(true);
    expect((model.weights as number[]).every(Number.isFinite)).toBe(true);
    if (backend === 'cpu') expect((epochs.at(-1)?.loss as number) < (epochs[0]?.loss as number)).toBe(true);
  });

  it('parses a CSV in its worker', async () => {
    const loaded = await app.page.$eval('xent-trainer', async (trainer) => {
      const loader = trainer.shadowRoot?.querySelector('xent-data-loader');
      if (!loader) throw new Error('no loader');
      await loader.loadFile(new Blob(['a,b,label\n1,2,x\n3,4,y\n5,6,x\n']), 'small.csv');
      return loader.data && { rows: loader.data.rows, classes: loader.data.classes };
    });
    expect(loaded).toEqual({ rows: 3, classes: ['x', 'y'] });
  });

  it('breaks no rule of the policy and logs no errors', async () => {
    // The workers really are files of the origin, not blob: or data: URLs.
    const workers = app.page.workers().map((w) => w.url());
    expect(workers.length).toBeGreaterThan(0);
    for (const url of workers) expect(url.startsWith(`${app.origin}/dist/`)).toBe(true);
    app.expectCleanPage();
  });
});
