/**
 * Feature crosses in the demo app: logistic regression on Playground's xor and circle stays near chance, its decision
 * regions one half-plane, until the toggles add x1·x2 (xor) or x1², x2² (circle); then it separates them and the
 * regions show the quadrants or the disc. The toggles are checkboxes worked by the keyboard, kept in the URL hash,
 * and a link with them trains the same run again.
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clearRecorded, type EpochEvent, recordXentEvents, trainerLoaded, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

const SETTINGS = 'model=logistic&optimizer=lbfgs&epochs=100&backend=cpu&seed=3';
const BOUNDARY = 'xent-trainer >>> xent-decision-boundary';
const TOGGLE = (term: string) => `xent-trainer >>> xent-train-controls >>> input[type="checkbox"][data-term="${term}"]`;

interface Run {
  epochs: EpochEvent[];
  accuracy: number;
}

async function train(page: Page): Promise<Run> {
  await clearRecorded(page);
  const start = await page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
  await start?.click();
  const { epochs } = await waitForTrained(page);
  return { epochs, accuracy: (epochs.at(-1) as EpochEvent).accuracy };
}

/** The classes the decision-regions element shows at these points (its read-only classAt). */
function classesAt(page: Page, points: [number, number][]): Promise<(string | null)[]> {
  return page.$eval(
    BOUNDARY,
    (el, ps) => ps.map(([x, y]) => (el as HTMLElementTagNameMap['xent-decision-boundary']).classAt(x, y)),
    points,
  );
}

/** Toggles a feature cross from the keyboard: focus the checkbox, press Space. */
async function toggle(page: Page, term: string): Promise<void> {
  await page.$eval(TOGGLE(term), (el) => (el as HTMLInputElement).focus());
  await page.keyboard.press('Space');
}

function checked(page: Page, term: string): Promise<boolean> {
  return page.$eval(TOGGLE(term), (el) => (el as HTMLInputElement).checked);
}

function hashCrosses(page: Page): Promise<string | null> {
  return page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('crosses'));
}

/** Quadrant centres of the xor picture (±5 square), in the order (+,+), (−,+), (−,−), (+,−). */
const QUADRANTS: [number, number][] = [
  [2.5, 2.5],
  [-2.5, 2.5],
  [-2.5, -2.5],
  [2.5, -2.5],
];
/** The circle's centre, then four points in its ring (radius 4.2, the class-0 ring is 3.5 … 5). */
const DISC: [number, number][] = [
  [0, 0],
  [4.2, 0],
  [0, 4.2],
  [-4.2, 0],
  [0, -4.2],
];

describe('feature crosses in the demo app', () => {
  const app = usePage(`/index.html#dataset=xor&${SETTINGS}`, { install: [recordXentEvents], ready: trainerLoaded });
  const link = usePage(`/index.html#dataset=xor&${SETTINGS}&crosses=x1*x2`, { install: [recordXentEvents], ready: trainerLoaded });
  let crossedXor: Run;

  it('offers the five toggles of the first two inputs, labelled, none on', async () => {
    const toggles = await app.page.$$eval('xent-trainer >>> xent-train-controls >>> [part="crosses"] label', (labels) =>
      labels.map((l) => [
        l.textContent?.trim(),
        (l.querySelector('input') as HTMLInputElement).dataset.term,
        (l.querySelector('input') as HTMLInputElement).checked,
      ]),
    );
    expect(toggles).toEqual([
      ['x1²', 'x1^2', false],
      ['x2²', 'x2^2', false],
      ['x1·x2', 'x1*x2', false],
      ['sin x1', 'sin(x1)', false],
      ['sin x2', 'sin(x2)', false],
    ]);
    expect(await hashCrosses(app.page)).toBe('');
  });

  it('xor without crosses: accuracy near chance, and the regions do not alternate by quadrant', async () => {
    const run = await train(app.page);
    expect(run.accuracy).toBeLessThanOrEqual(0.65);
    const [pp, mp, mm, pm] = await classesAt(app.page, QUADRANTS);
    expect(pp).not.toBeNull();
    expect(pp === mm && mp === pm && pp !== mp).toBe(false);
  });

  it('xor with x1·x2 toggled (from the keyboard, into the hash): accuracy ≥ 0.9, and the quadrants alternate', async () => {
    await toggle(app.page, 'x1*x2');
    expect(await checked(app.page, 'x1*x2')).toBe(true);
    await app.page.waitForFunction(() => location.hash.includes('crosses=x1*x2'));
    crossedXor = await train(app.page);
    expect(crossedXor.accuracy).toBeGreaterThanOrEqual(0.9);
    // Class 1 where x1·x2 ≥ 0.
    expect(await classesAt(app.page, QUADRANTS)).toEqual(['1', '0', '1', '0']);
  });

  it('a link with the toggle in its hash shows it on and trains the same run, loss for loss', async () => {
    expect(await checked(link.page, 'x1*x2')).toBe(true);
    const run = await train(link.page);
    expect(run.epochs.map((e) => e.loss)).toEqual(crossedXor.epochs.map((e) => e.loss));
    expect(await classesAt(link.page, QUADRANTS)).toEqual(['1', '0', '1', '0']);
  });

  describe('circle', () => {
    beforeAll(async () => {
      const page = app.page;
      await toggle(page, 'x1*x2');
      await page.$eval('xent-trainer >>> xent-data-loader >>> select[part="builtin-select"]', (el) => {
        const select = el as HTMLSelectElement;
        select.value = 'circle';
        select.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await page.waitForFunction(() => location.hash.includes('dataset=circle'));
    });

    it('without crosses: accuracy near chance, and the regions do not put the centre apart from its ring', async () => {
      expect(await hashCrosses(app.page)).toBe('');
      const run = await train(app.page);
      expect(run.accuracy).toBeLessThanOrEqual(0.65);
      const [centre, ...ring] = await classesAt(app.page, DISC);
      expect(centre).not.toBeNull();
      expect(ring.every((c) => c !== centre)).toBe(false);
    });

    it('with x1² and x2²: accuracy ≥ 0.9, the centre class 1 and the ring class 0', async () => {
      await toggle(app.page, 'x1^2');
      await toggle(app.page, 'x2^2');
      await app.page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get('crosses') === 'x1^2,x2^2');
      const run = await train(app.page);
      expect(run.accuracy).toBeGreaterThanOrEqual(0.9);
      expect(await classesAt(app.page, DISC)).toEqual(['1', '0', '0', '0', '0']);
    });
  });

  it('logs no errors and makes no request outside the page origin', () => {
    app.expectCleanPage();
    link.expectCleanPage();
  });
});
