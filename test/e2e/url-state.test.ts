/**
 * Shareable links of the demo app (`<xent-trainer url-state>` in index.html): a link with a hash sets the data set and
 * the settings, training from it twice (in two pages) gives the same losses bit for bit on the CPU backend, and editing
 * a control or picking another data set rewrites the hash in place.
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type EpochEvent, recordedEvents, recordXentEvents, trainerLoaded, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

const HASH = 'dataset=blobs3&optimizer=sgd&learning-rate=0.2&epochs=5&seed=4&backend=cpu';
const LINK = `/index.html#${HASH}`;

async function train(page: Page): Promise<EpochEvent[]> {
  const start = await page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
  await start?.click();
  return (await waitForTrained(page)).epochs;
}

function hashOf(page: Page): Promise<URLSearchParams> {
  return page.evaluate(() => location.hash.slice(1)).then((hash) => new URLSearchParams(hash));
}

/** Sets a control of the trainer (a select or input by its `name`) as a user would, firing `change`. */
function setControl(page: Page, name: string, value: string): Promise<void> {
  return page.$eval(
    `xent-trainer >>> xent-train-controls >>> [name="${name}"]`,
    (el, v) => {
      const field = el as HTMLInputElement | HTMLSelectElement;
      field.value = v;
      field.dispatchEvent(new Event('change', { bubbles: true }));
    },
    value,
  );
}

describe('a shareable link of the demo app', () => {
  const first = usePage(LINK, { install: [recordXentEvents], ready: trainerLoaded });
  const second = usePage(LINK, { install: [recordXentEvents], ready: trainerLoaded });
  let losses: EpochEvent[];

  beforeAll(async () => {
    losses = await train(first.page);
  });

  it('loads the data set the link names and shows its settings in the controls', async () => {
    const loaded = (await recordedEvents(first.page)).filter((e) => e.type === 'xent-data-loaded');
    expect(loaded.map((e) => e.detail.name)).toEqual(['builtin:blobs3']);
    const controls = await first.page.$$eval('xent-trainer >>> xent-train-controls >>> [name]', (fields) =>
      Object.fromEntries(
        fields.map((f) => {
          const input = f as HTMLInputElement;
          return [input.name, input.type === 'checkbox' ? String(input.checked) : input.value];
        }),
      ),
    );
    // The link's settings win over index.html's attributes (epochs 60, learning rate 0.1); the rest keep theirs.
    expect(controls).toEqual({
      modelKind: 'auto',
      loss: 'cross-entropy',
      optimizer: 'sgd',
      learningRate: '0.2',
      epochs: '5',
      batchSize: 'full',
      l2: '0',
      classWeight: 'false',
      backend: 'cpu',
    });
    expect(await first.page.evaluate(() => document.querySelector('xent-trainer')?.seed)).toBe(4);
  });

  it('trains as the link says: five epochs of softmax on the CPU', () => {
    expect(losses.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(losses[0]?.loss).toBeCloseTo(Math.log(3), 10);
    expect((losses.at(-1) as EpochEvent).loss).toBeLessThan((losses[0] as EpochEvent).loss);
  });

  it('gives the same losses, bit for bit, when the link is opened in another page', async () => {
    expect(await train(second.page)).toEqual(losses);
  });

  it('keeps every setting in the hash, under its attribute name', async () => {
    expect(Object.fromEntries(await hashOf(first.page))).toEqual({
      dataset: 'blobs3',
      model: 'auto',
      loss: 'cross-entropy',
      optimizer: 'sgd',
      'learning-rate': '0.2',
      epochs: '5',
      'batch-size': 'full',
      l2: '0',
      'class-weight': 'none',
      backend: 'cpu',
      crosses: '',
      'val-split': '0.2',
      seed: '4',
    });
  });

  it('rewrites the hash in place when a control or the data set changes', async () => {
    const page = second.page;
    const entries = await page.evaluate(() => history.length);
    await setControl(page, 'epochs', '7');
    await setControl(page, 'optimizer', 'adam');
    await page.waitForFunction(() => location.hash.includes('epochs=7') && location.hash.includes('optimizer=adam'));
    await page.$eval('xent-trainer >>> xent-data-loader >>> select[part="builtin-select"]', (el) => {
      const select = el as HTMLSelectElement;
      select.value = 'xor';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await page.waitForFunction(() => location.hash.includes('dataset=xor'));
    const hash = await hashOf(page);
    expect([hash.get('dataset'), hash.get('epochs'), hash.get('optimizer'), hash.get('seed')]).toEqual(['xor', '7', 'adam', '4']);
    // history.replaceState: no new history entry, and no reload (the events recorded since the page opened are all there).
    expect(await page.evaluate(() => history.length)).toBe(entries);
    expect((await recordedEvents(page)).filter((e) => e.type === 'xent-data-loaded').map((e) => e.detail.name)).toEqual([
      'builtin:blobs3',
      'builtin:xor',
    ]);
  });

  it('applies a hash edited by hand, and writes back the whole state', async () => {
    const page = first.page;
    await page.evaluate(() => {
      location.hash = 'epochs=9&optimizer=momentum&seed=oops';
    });
    await page.waitForFunction(() => location.hash.includes('epochs=9') && location.hash.includes('dataset='));
    const epochs = await page.$eval('xent-trainer >>> xent-train-controls >>> [name="epochs"]', (el) => (el as HTMLInputElement).value);
    expect(epochs).toBe('9');
    const hash = await hashOf(page);
    // A bad value is ignored: the seed stays the link's.
    expect([hash.get('dataset'), hash.get('optimizer'), hash.get('seed')]).toEqual(['blobs3', 'momentum', '4']);
  });

  it('makes no request outside the page origin and logs no errors', () => {
    first.expectCleanPage();
    second.expectCleanPage();
  });
});
