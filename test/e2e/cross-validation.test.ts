/**
 * Tuning in the app: "choose λ by cross-validation" draws the validation curve and makes the refit the trained model;
 * Stop ends a cross-validation with nothing kept; a learning-rate sweep overlays one loss curve per rate; axe finds
 * nothing serious with the new controls and the curve's table shown.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { CrossValidatedDetail } from '../../src/components/events.js';
import {
  clearRecorded,
  configure,
  recordedEvents,
  recordXentEvents,
  seriousViolations,
  trainerLoaded,
  waitForTrained,
} from './app-helpers.js';
import { usePage } from './fixture.js';

const TUNING = 'xent-trainer >>> xent-tuning-controls';

/** Types `value` into the tuning panel's field `name` and commits it (a change event), as a user would. */
async function setField(page: Page, name: string, value: string): Promise<void> {
  const input = await page.waitForSelector(`${TUNING} >>> input[name="${name}"]`);
  await input?.evaluate((el, v) => {
    const field = el as HTMLInputElement;
    field.value = v;
    field.dispatchEvent(new Event('change', { bubbles: true }));
  }, value);
}

async function click(page: Page, part: string): Promise<void> {
  await (await page.waitForSelector(`${TUNING} >>> button[part="${part}"]:not([disabled])`))?.click();
}

describe('cross-validation and the learning-rate sweep in the app', () => {
  const app = usePage('/index.html', { viewport: { width: 1180, height: 1400 }, install: [recordXentEvents], ready: trainerLoaded });

  it('axe finds no serious or critical violation with the tuning controls', async () => {
    await app.page.waitForSelector(`${TUNING} >>> button[part="cv-start"]:not([disabled])`);
    expect(await seriousViolations(app.page)).toEqual([]);
  });

  it('Stop during cross-validation ends it with nothing trained', async () => {
    // sgd runs every epoch of every fold model: far longer than the test waits.
    await configure(app.page, { optimizer: 'sgd', epochs: '1000000' });
    await click(app.page, 'cv-start');
    await app.page.waitForFunction(
      (sel: string) =>
        /pass (\d{2,})/.test(
          document.querySelector('xent-trainer')?.shadowRoot?.querySelector(sel)?.shadowRoot?.querySelector('[part="status"]')
            ?.textContent ?? '',
        ),
      { timeout: 60_000 },
      'xent-tuning-controls',
    );
    await (await app.page.waitForSelector('xent-trainer >>> button[part="stop"]'))?.click();
    // Polled: waitForSelector only looks again on mutations of the document, not of the shadow roots.
    await expect.poll(() => app.page.$(`${TUNING} >>> button[part="cv-start"]:not([disabled])`), { timeout: 30_000 }).not.toBeNull();
    expect(await app.page.$eval(`${TUNING} >>> [part="status"]`, (el) => el.textContent?.trim())).toBe('');
    expect(await app.page.$eval('xent-trainer', (t) => t.model)).toBeNull();
    expect(await app.page.$('xent-trainer >>> xent-cv-curve')).toBeNull();
    const events = await recordedEvents(app.page);
    expect(events.filter((e) => e.type === 'xent-trained' || e.type === 'xent-error')).toEqual([]);
  });

  it('choose λ by cross-validation draws the validation curve and trains the refit', async () => {
    await clearRecorded(app.page);
    await configure(app.page, { optimizer: 'lbfgs', epochs: '15' });
    await app.page.evaluate(() => {
      const seen: unknown[] = [];
      (window as unknown as { cvEvents: unknown[] }).cvEvents = seen;
      document.addEventListener('xent-cross-validated', (e) => seen.push(JSON.parse(JSON.stringify((e as CustomEvent).detail))));
    });
    await setField(app.page, 'folds', '3');
    await setField(app.page, 'l2Grid', '4');
    await click(app.page, 'cv-start');
    const { model, epochs } = await waitForTrained(app.page);
    const [cv] = (await app.page.evaluate(() => (window as unknown as { cvEvents: unknown[] }).cvEvents)) as CrossValidatedDetail[];
    if (!cv) throw new Error('no xent-cross-validated event');

    // The grid: 4 λ values, each a mean over 3 folds; the best is the lowest mean, and the refit uses it.
    expect(cv.folds).toBe(3);
    expect(cv.grid).toHaveLength(4);
    for (const p of cv.grid) expect(Number.isFinite(p.valLoss)).toBe(true);
    const lowest = cv.grid.reduce((a, b) => ((b.valLoss as number) < (a.valLoss as number) ? b : a));
    expect(cv.best.l2).toBe(lowest.l2);
    expect(model).toEqual(cv.model);
    expect(model.training).toMatchObject({ optimizer: 'lbfgs', l2: cv.best.l2, cv: { folds: 3, grid: cv.grid } });
    expect((model.weights as number[]).every(Number.isFinite)).toBe(true);
    expect(await app.page.$eval('xent-trainer', (t) => t.exportModel())).toEqual(model);
    // The batch of 3 folds × 4 λ trained on WebGPU (the app's backend is auto), the refit too.
    expect(model.training.backend).toBe('gpu');

    // The curve: one point per λ at its mean, the chosen one marked, the table with a row each.
    const curve = 'xent-trainer >>> xent-cv-curve';
    const means = await app.page.$$eval(`${curve} >>> circle[data-mean]`, (cs) =>
      cs.map((c) => [Number(c.getAttribute('data-l2')), Number(c.getAttribute('data-mean'))]),
    );
    expect(means).toEqual(cv.grid.map((p) => [p.l2, p.valLoss]));
    expect(Number(await app.page.$eval(`${curve} >>> [part="best"]`, (g) => g.getAttribute('data-best')))).toBe(cv.best.l2);
    expect(await app.page.$$eval(`${curve} >>> tbody tr`, (rows) => rows.length)).toBe(4);
    expect(await app.page.$eval(`${curve} >>> tr[data-best] td:last-child`, (td) => td.textContent)).toBe('chosen');

    // The refit's epochs went to the loss chart as a run, and the metrics report its model.
    expect(epochs.length).toBe(model.training.epochs);
    const legend = await app.page.$eval('xent-trainer >>> xent-loss-chart >>> .u-legend', (el) => el.textContent ?? '');
    expect(legend).toContain('cv refit lbfgs');
    expect(await app.page.$eval('xent-trainer >>> xent-metrics >>> [data-metric="accuracy"]', (el) => el.textContent)).toMatch(
      /^\d+\.\d%$/,
    );
    expect(await app.page.$eval(`${TUNING} >>> [part="status"]`, (el) => el.textContent)).toContain('Chose λ =');
  });

  it('axe finds no serious or critical violation with the validation curve and its table open', async () => {
    await app.page.$eval('xent-trainer >>> xent-cv-curve >>> details', (d) => {
      (d as HTMLDetailsElement).open = true;
    });
    expect(await seriousViolations(app.page)).toEqual([]);
  });

  it('a learning-rate sweep overlays one labelled loss curve per rate, live', async () => {
    await clearRecorded(app.page);
    await configure(app.page, { optimizer: 'adam', epochs: '6' });
    await setField(app.page, 'rates', '0.01, 0.1 0.5');
    await click(app.page, 'sweep-start');
    const { epochs } = await waitForTrained(app.page);
    // Interleaved: every rate's epoch 1 comes before any rate's epoch 2.
    expect(epochs.slice(0, 3).map((e) => [e.run, e.epoch])).toEqual([
      ['lr 0.01', 1],
      ['lr 0.1', 1],
      ['lr 0.5', 1],
    ]);
    for (const run of ['lr 0.01', 'lr 0.1', 'lr 0.5']) expect(epochs.filter((e) => e.run === run)).toHaveLength(6);
    const labels = await app.page.$$eval('xent-trainer >>> xent-loss-chart >>> .u-legend .u-label', (ls) =>
      ls.map((l) => l.textContent ?? ''),
    );
    const sweep = labels.filter((l) => /^#\d+ adam lr /.test(l) && l.endsWith('· train'));
    expect(sweep).toHaveLength(3);
    // One run of three curves: the same run number on each.
    expect(new Set(sweep.map((l) => l.split(' ')[0])).size).toBe(1);
    for (const lr of ['0.01', '0.1', '0.5']) expect(sweep.some((l) => l.includes(`adam lr ${lr} CE`))).toBe(true);
    // The cross-validation's curve is gone with its model.
    expect(await app.page.$('xent-trainer >>> xent-cv-curve')).toBeNull();
  });

  it('makes no request outside the page origin and logs no errors', () => {
    app.expectCleanPage();
  });
});
