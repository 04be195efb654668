/**
 * CSV text is data, never markup: a file whose column names and label values are HTML with script in event handlers
 * shows that text, verbatim, in the preview, the label menu and the metrics, and no script of it runs.
 */
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { recordXentEvents, reportPageFaults, trainerLoaded, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

const FEATURE = '<img src=x onerror="window.__pwned=1">';
const LABEL = '<b onmouseover="window.__pwned=2">label</b>';
const CLASS = '<svg onload="window.__pwned=3"></svg>';
const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
const CSV = [`${quoted(FEATURE)},x2,${quoted(LABEL)}`, '1,2,plain', `3,4,${quoted(CLASS)}`, '5,7,plain', `6,1,${quoted(CLASS)}`].join('\n');

/** Every element of the page and of the shadow roots in it, as its tag name and the names of its attributes. */
function deepTags(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const tags: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        tags.push(el.tagName.toLowerCase(), ...el.getAttributeNames());
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return tags;
  });
}

describe('a CSV whose names and values are HTML', () => {
  const app = usePage('/index.html', { install: [reportPageFaults, recordXentEvents], ready: trainerLoaded });

  beforeAll(async () => {
    const page = app.page;
    const before = await deepTags(page);
    expect(before).not.toContain('img');
    await page.$eval(
      'xent-trainer',
      async (trainer, csv, label) => {
        trainer.setAttribute('backend', 'cpu');
        trainer.setAttribute('epochs', '2');
        trainer.setAttribute('val-split', '0');
        const loader = trainer.shadowRoot?.querySelector('xent-data-loader');
        if (!loader) throw new Error('no loader');
        loader.label = label;
        await loader.loadFile(new Blob([csv]), 'hostile.csv');
      },
      CSV,
      LABEL,
    );
    await page.waitForFunction(() => document.querySelector('xent-trainer')?.data?.name === 'hostile.csv');
    await page.$eval('xent-trainer', (trainer) => void trainer.train());
    await waitForTrained(page);
    // Give any planted handler a chance to fire: hover over everything, wait a frame.
    await page.mouse.move(200, 200);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  });

  it('shows the names and values as text in the preview and the label menu', async () => {
    const headers = await app.page.$$eval('xent-trainer >>> xent-data-loader >>> [part="preview"] th', (ths) =>
      ths.map((th) => th.textContent),
    );
    expect(headers).toEqual([FEATURE, 'x2', LABEL]);
    const cells = await app.page.$$eval('xent-trainer >>> xent-data-loader >>> [part="preview"] td', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(cells).toContain(CLASS);
    const options = await app.page.$$eval('xent-trainer >>> [part="label-select"] option', (os) => os.map((o) => o.textContent));
    expect(options).toEqual([FEATURE, 'x2', LABEL]);
  });

  it('shows the class names as text in the metrics', async () => {
    const metrics = await app.page.$eval('xent-trainer >>> xent-metrics', (m) => m.shadowRoot?.textContent ?? '');
    expect(metrics).toContain(CLASS);
  });

  it('creates no element from the CSV and runs none of its script', async () => {
    const tags = await deepTags(app.page);
    for (const planted of ['img', 'svg', 'onerror', 'onload', 'onmouseover']) expect(tags).not.toContain(planted);
    expect(await app.page.evaluate(() => window.__pwned)).toBeUndefined();
    app.expectCleanPage();
  });
});
