/**
 * The demo app (index.html through the Vite dev server): press Train, the loss falls, the chart and the decision
 * regions draw, the events carry the right details, the exported model predicts as the CLI does, nothing leaves the
 * origin. Leaves a screenshot in test-output/app.png (copied to docs/screenshot.png for the README when that is
 * missing or XENT_UPDATE_SCREENSHOT is set).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { XentModel } from '../../src/model/format.js';
import { canvasInk, type EpochEvent, recordedEvents, recordXentEvents, repoRoot, trainerLoaded, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

const EPOCHS = 60; // index.html's epochs attribute

describe('demo app', () => {
  const app = usePage('/index.html', { viewport: { width: 1180, height: 1100 }, install: [recordXentEvents], ready: trainerLoaded });
  let epochs: EpochEvent[];
  let model: XentModel;

  beforeAll(async () => {
    const start = await app.page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
    await start?.click();
    ({ epochs, model } = await waitForTrained(app.page));
  });

  it('loads the built-in data set and reports it', async () => {
    const loaded = (await recordedEvents(app.page)).filter((e) => e.type === 'xent-data-loaded');
    expect(loaded).toHaveLength(1);
    expect(loaded[0]?.detail).toEqual({ name: 'builtin:blobs2', rows: 400, features: ['x1', 'x2'], label: 'label', classes: ['0', '1'] });
  });

  it('fires xent-epoch for every epoch with the contract fields, and the loss falls from ln 2', () => {
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    for (const e of epochs) {
      expect(Object.keys(e).sort()).toEqual(['accuracy', 'epoch', 'loss', 'objective', 'valAccuracy', 'valLoss']);
      for (const v of [e.loss, e.objective, e.accuracy, e.valLoss, e.valAccuracy]) expect(Number.isFinite(v)).toBe(true);
    }
    const first = epochs[0] as EpochEvent;
    const last = epochs.at(-1) as EpochEvent;
    // Weights start at zero, where every probability is 1/2 (float32 on the GPU).
    expect(first.loss).toBeCloseTo(Math.LN2, 4);
    expect(last.loss).toBeLessThan(0.75 * first.loss);
    expect(last.valLoss).toBeLessThan(0.75 * (first.valLoss as number));
    expect(last.accuracy).toBeGreaterThan(0.8);
  });

  it('fires xent-trained with the model file, trained on WebGPU', () => {
    expect(model).toMatchObject({
      format: 'xent-model',
      version: 2,
      kind: 'logistic',
      features: ['x1', 'x2'],
      label: 'label',
      classes: ['0', '1'],
    });
    expect(model.training).toMatchObject({ backend: 'gpu', epochs: EPOCHS, optimizer: 'adam', lr: 0.1, classWeight: 'none' });
    expect((model.weights as number[]).every(Number.isFinite)).toBe(true);
  });

  it('draws the loss curves, the metrics and the decision regions', async () => {
    expect(await canvasInk(app.page, 'xent-trainer >>> xent-loss-chart >>> canvas')).toBeGreaterThan(0.005);
    const legend = await app.page.$eval('xent-trainer >>> xent-loss-chart >>> .u-legend', (el) => el.textContent ?? '');
    expect(legend).toContain('#1 adam lr 0.1 CE (gpu) · train');
    expect(legend).toContain('· validation');
    expect(await canvasInk(app.page, 'xent-trainer >>> xent-decision-boundary >>> canvas')).toBeGreaterThan(0.9);
    const accuracy = await app.page.$eval('xent-trainer >>> xent-metrics >>> [data-metric="accuracy"]', (el) => el.textContent);
    expect(accuracy).toMatch(/^\d+\.\d%$/);
    const cells = await app.page.$$eval('xent-trainer >>> xent-metrics >>> td', (tds) => tds.map((td) => Number(td.textContent)));
    // The report covers the training rows: the element's default val-split 0.2 holds 80 of blobs2's 400 out.
    expect(cells.reduce((a, b) => a + b, 0)).toBe(320);
  });

  it('exports a model that predicts what the CLI predicts on the same data', async () => {
    const { exported, rows, labels, probabilities } = await app.page.evaluate(() => {
      const trainer = document.querySelector('xent-trainer');
      if (!trainer?.data) throw new Error('no data');
      const { data } = trainer;
      const rows = Array.from({ length: data.rows }, (_, r) => Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols)));
      return {
        exported: trainer.exportModel(),
        rows,
        labels: Array.from(data.y, (y) => data.classes[y]),
        probabilities: trainer.predict(rows).probabilities,
      };
    });
    expect(exported).toEqual(model);
    const dir = mkdtempSync(join(tmpdir(), 'xent-e2e-'));
    writeFileSync(join(dir, 'model.json'), JSON.stringify(exported));
    writeFileSync(join(dir, 'data.csv'), ['x1,x2,label', ...rows.map((r, i) => `${r.join(',')},${labels[i]}`)].join('\n'));
    const { stdout } = await promisify(execFile)(
      'node',
      [join(repoRoot, 'bin/xent.js'), 'predict', join(dir, 'model.json'), join(dir, 'data.csv'), '--json'],
      {
        cwd: repoRoot,
      },
    );
    const cli = JSON.parse(stdout) as { probabilities: number[][] };
    expect(cli.probabilities).toHaveLength(rows.length);
    const largestDifference = Math.max(
      ...cli.probabilities.flatMap((p, i) => p.map((v, k) => Math.abs(v - (probabilities[i]?.[k] as number)))),
    );
    expect(largestDifference).toBeLessThan(1e-12);
  });

  it('makes no request outside the page origin and logs no errors', () => {
    app.expectCleanPage();
  });

  it('saves a screenshot of the trained app', async () => {
    mkdirSync(join(repoRoot, 'test-output'), { recursive: true });
    mkdirSync(join(repoRoot, 'docs'), { recursive: true });
    const file = join(repoRoot, 'test-output/app.png');
    await app.page.screenshot({ path: file, fullPage: true });
    // The README's copy changes only on request (or when missing), so test runs leave the work tree clean.
    const readmeCopy = join(repoRoot, 'docs/screenshot.png');
    if (process.env.XENT_UPDATE_SCREENSHOT || !existsSync(readmeCopy)) copyFileSync(file, readmeCopy);
  });

  it('the balance-classes switch sets class-weight on the trainer and in the link', async () => {
    const toggle = await app.page.waitForSelector('xent-trainer >>> input[name="classWeight"]');
    await toggle?.click();
    const state = await app.page.evaluate(() => ({
      classWeight: (document.querySelector('xent-trainer') as unknown as { classWeight: string }).classWeight,
      hash: location.hash,
    }));
    expect(state.classWeight).toBe('balanced');
    expect(state.hash).toContain('class-weight=balanced');
  });
});
