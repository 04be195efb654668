/**
 * The built library on a plain HTML page served as static files (no bundler, no dev server): one
 * <script type="module" src="/dist/xent.js"> and <xent-trainer dataset autostart epochs="30"> train by themselves.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { XentModel } from '../../src/model/format.js';
import { type EpochEvent, recordXentEvents, repoRoot, staticServer, waitForTrained } from './app-helpers.js';
import { launchBrowser, type TestBrowser } from './browser.js';

describe('a plain page embedding dist/xent.js', () => {
  let browser: TestBrowser;
  let server: Awaited<ReturnType<typeof staticServer>>;
  let epochs: EpochEvent[];
  let model: XentModel;

  beforeAll(async () => {
    if (!existsSync(join(repoRoot, 'dist/xent.js'))) {
      throw new Error('dist/xent.js is missing: run `npm run build` before the e2e tests');
    }
    server = await staticServer(repoRoot);
    browser = await launchBrowser();
    const page = await browser.page(server.url);
    await recordXentEvents(page);
    await page.goto(`${server.url}/test/e2e/pages/embed.html`);
    ({ epochs, model } = await waitForTrained(page));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('trains on load (autostart) for the given epochs and the loss falls', () => {
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const first = epochs[0] as EpochEvent;
    // Softmax at zero weights: every class 1/3.
    expect(first.loss).toBeCloseTo(Math.log(3), 4);
    expect((epochs.at(-1) as EpochEvent).loss).toBeLessThan(0.75 * first.loss);
  });

  it('reports the softmax model of the three-class data', () => {
    expect(model).toMatchObject({ format: 'xent-model', kind: 'softmax', classes: ['0', '1', '2'], features: ['x1', 'x2'] });
    expect(model.weights as number[][]).toHaveLength(3);
  });

  it('loads nothing from outside its origin and logs no errors', () => {
    expect(browser.externalRequests).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
