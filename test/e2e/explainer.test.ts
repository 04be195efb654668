/**
 * explainer.html: MathML formulas with live trainers. Compare mode trains cross-entropy and MSE from the MSE stall's
 * confidently wrong start (cross-entropy wins, both drawn in three charts); the likelihood panel shows −ln L = Σ CE.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { canvasInk } from './app-helpers.js';
import { usePage } from './fixture.js';

interface RunEpoch {
  run: string;
  epoch: number;
  loss: number;
  accuracy: number;
}

/** Trains the trainer with this id and returns its xent-epoch details and how many xent-trained it fired. */
function trainById(page: Page, id: string): Promise<{ epochs: RunEpoch[]; trained: number; errors: string[] }> {
  return page.$eval(`#${id}`, async (element) => {
    const trainer = element as HTMLElementTagNameMap['xent-trainer'];
    const epochs: RunEpoch[] = [];
    const errors: string[] = [];
    let trained = 0;
    trainer.addEventListener('xent-epoch', (e) => epochs.push(e.detail as RunEpoch));
    trainer.addEventListener('xent-trained', () => trained++);
    trainer.addEventListener('xent-error', (e) => errors.push(e.detail.message));
    await trainer.train();
    return { epochs, trained, errors };
  });
}

describe('explainer page', () => {
  const app = usePage('/explainer.html', {
    viewport: { width: 1180, height: 1000 },
    ready: (page) => page.waitForFunction(() => [...document.querySelectorAll('xent-trainer')].every((t) => t.data), { timeout: 60_000 }),
  });

  it('renders its formulas as MathML', async () => {
    const formulas = await app.page.$$eval(
      'math',
      (all) => all.filter((m) => m instanceof MathMLElement && m.getBoundingClientRect().width > 0).length,
    );
    expect(formulas).toBeGreaterThan(10);
  });

  it('compare="mse" trains both losses from the same start; cross-entropy escapes the stall, MSE does not', async () => {
    const { epochs, trained, errors } = await trainById(app.page, 'compare-demo');
    expect(errors).toEqual([]);
    expect(trained).toBe(1);
    const ce = epochs.filter((e) => e.run === 'cross-entropy');
    const mse = epochs.filter((e) => e.run === 'mse');
    expect(ce.length).toBeGreaterThan(10);
    expect(mse.map((e) => e.epoch)).toEqual(ce.map((e) => e.epoch));
    // Same weights at epoch 1, so the same cross-entropy; then they part.
    expect(mse[0]?.loss).toBeCloseTo(ce[0]?.loss as number, 4);
    expect(ce.at(-1)?.loss).toBeLessThan(0.5 * (mse.at(-1)?.loss as number));
    expect(ce.at(-1)?.accuracy).toBeGreaterThan((mse.at(-1)?.accuracy as number) + 0.1);
  });

  it('draws loss, accuracy and gradient-magnitude charts with both runs', async () => {
    for (const part of ['chart', 'accuracy-chart', 'gradient-chart']) {
      const selector = `#compare-demo >>> xent-loss-chart[part~="${part}"]`;
      expect(await canvasInk(app.page, `${selector} >>> canvas`), part).toBeGreaterThan(0.005);
      const legend = await app.page.$eval(`${selector} >>> .u-legend`, (el) => el.textContent ?? '');
      expect(legend).toContain('CE');
      expect(legend).toContain('MSE');
    }
  });

  it('shows −ln L = Σ CE on the trained model, and the GPU sums next to the CPU ones', async () => {
    const { errors } = await trainById(app.page, 'likelihood-demo');
    expect(errors).toEqual([]);
    const values = await app.page.$eval('#likelihood-demo >>> xent-likelihood', (panel) => {
      const read = (name: string) => Number(panel.shadowRoot?.querySelector(`[data-value="${name}"]`)?.textContent);
      const samples = [...(panel.shadowRoot?.querySelectorAll('[part="samples"] tr') ?? [])].slice(1).map((tr) => {
        const cells = [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { label: cells[1], p: Number(cells[2]), ce: Number(cells[3]) };
      });
      return { logL: read('log-likelihood'), sumCe: read('sum-ce'), difference: read('difference'), samples };
    });
    expect(values.sumCe).toBeGreaterThan(0);
    expect(-values.logL).toBeCloseTo(values.sumCe, 5);
    // Per-sample CE in float32, summed in float64: GPU and CPU agree to 1e-5 relative.
    expect(Math.abs(values.difference)).toBeLessThan(1e-5 * values.sumCe);
    // A few rows of each class (the y = 1 and y = 0 cases), each CE_n = −ln p(y_n | x_n).
    expect(new Set(values.samples.map((s) => s.label)).size).toBeGreaterThanOrEqual(2);
    for (const s of values.samples) expect(s.ce).toBeCloseTo(-Math.log(s.p), 3);
  });

  it('makes no request outside the page origin and logs no errors', () => {
    app.expectCleanPage();
  });
});
