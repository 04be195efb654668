/**
 * A few-MB CSV chosen through the file input is read in chunks by the CSV worker: the loader shows a progress bar that
 * advances to the end, the row count is right, and a bad cell deep in a big file is still reported by row and column.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { loaderDefined, type RecordedEvent } from './app-helpers.js';
import { usePage } from './fixture.js';

const ROWS = 120_000;
/** Data row r (0-based) sits on line r + 2 of the file. */
const BAD_ROW = 100_000;

/** ROWS rows of two features and a two-class label: about 3 MB. `bad` puts a non-number in column x2 of BAD_ROW. */
function bigCsv(bad: boolean): string {
  const lines = ['x1,x2,label'];
  for (let r = 0; r < ROWS; r++) {
    const x2 = bad && r === BAD_ROW ? 'oops' : ((r * 7919) % 1000) / 100;
    lines.push(`${(r % 977) / 97.7},${x2},${r % 3 === 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Puts a fresh loader on the page, records every value its progress bar takes, chooses `path` in its file input and
 * returns its first event with the progress values seen.
 */
async function chooseFile(page: Page, path: string): Promise<{ event: RecordedEvent; progress: number[] }> {
  const loader = await page.evaluateHandle(() => {
    for (const old of document.querySelectorAll('xent-data-loader')) old.remove();
    const element = document.createElement('xent-data-loader');
    document.body.append(element);
    const progress: number[] = [];
    const done = new Promise<RecordedEvent>((resolve) => {
      for (const type of ['xent-data-loaded', 'xent-error'] as const) {
        element.addEventListener(type, (e) => resolve({ type, detail: (e as CustomEvent).detail }), { once: true });
      }
    });
    window.csvProgress = progress;
    window.csvLoaded = done;
    return element;
  });
  await page.evaluate(async (element) => {
    await element.updateComplete;
    const root = element.shadowRoot as ShadowRoot;
    new MutationObserver(() => {
      const bar = root.querySelector('progress');
      const seen = window.csvProgress;
      if (bar && bar.value !== seen.at(-1)) seen.push(bar.value);
    }).observe(root, { subtree: true, childList: true, attributes: true });
  }, loader);
  const input = await page.waitForSelector('xent-data-loader >>> input[type="file"]');
  await (input as NonNullable<typeof input>).uploadFile(path);
  const event = await page.evaluate(() => window.csvLoaded);
  const progress = await page.evaluate(() => window.csvProgress);
  return { event, progress };
}

describe('a big CSV through the file input', () => {
  const app = usePage('/index.html', { ready: loaderDefined });
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'xent-csv-'));
    writeFileSync(join(dir, 'big.csv'), bigCsv(false));
    writeFileSync(join(dir, 'big-bad.csv'), bigCsv(true));
  });

  it('shows the reading progress and loads every row', async () => {
    const { event, progress } = await chooseFile(app.page, join(dir, 'big.csv'));
    expect(event).toEqual({
      type: 'xent-data-loaded',
      detail: { name: 'big.csv', rows: ROWS, features: ['x1', 'x2'], label: 'label', classes: ['no', 'yes'] },
    });
    // Several steps between the start and the end, never going back.
    expect(progress.length).toBeGreaterThan(4);
    expect(progress[0]).toBe(0);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThan(progress[i - 1] as number);
    const data = await app.page.$eval('xent-data-loader', (l) => {
      const d = l.data;
      return d && { last: Array.from(d.x.subarray(d.x.length - 2)), y: d.y[d.rows - 1] };
    });
    const r = ROWS - 1;
    expect(data).toEqual({ last: [(r % 977) / 97.7, ((r * 7919) % 1000) / 100], y: r % 3 === 0 ? 1 : 0 });
    const status = await app.page.$eval('xent-data-loader >>> [part="status"]', (el) => el.textContent);
    expect(status).toBe(`${ROWS} rows · 2 features · 2 classes`);
  });

  it('names the row and column of a bad cell deep in the file', async () => {
    const { event } = await chooseFile(app.page, join(dir, 'big-bad.csv'));
    expect(event).toEqual({
      type: 'xent-error',
      detail: {
        message: `big-bad.csv, row ${BAD_ROW + 2}, column "x2": "oops" is not a number (the column is otherwise numeric: write a missing value such as NA there, or force the column categorical)`,
      },
    });
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
