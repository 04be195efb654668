/**
 * The built library on a plain HTML page served as static files (no bundler, no dev server): one
 * <script type="module" src="/dist/xent.js"> and <xent-trainer dataset autostart epochs="30"> train by themselves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { XentModel } from '../../src/model/format.js';
import { type EpochEvent, recordXentEvents, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

describe('a plain page embedding dist/xent.js', () => {
  const app = usePage('/test/e2e/pages/embed.html', { staticFiles: {}, install: [recordXentEvents] });
  let epochs: EpochEvent[];
  let model: XentModel;

  beforeAll(async () => {
    ({ epochs, model } = await waitForTrained(app.page));
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
    app.expectCleanPage();
  });
});
