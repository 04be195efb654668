/**
 * A real table in the app (index.html): penguins.csv chosen in the loader's file input shows its column report (roles,
 * missing counts, encoded widths); changing roles re-encodes in the CSV worker without reading the file again; the
 * model trained follows the chosen roles; the decision regions take two numeric columns. Then a file that fails to
 * load leaves nothing behind: no status, no table, Train disabled, no results.
 */
import { resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { XentModel } from '../../src/model/format.js';
import { recordedEvents, recordXentEvents, repoRoot, trainerLoaded, waitForEvents, waitForTrained } from './app-helpers.js';
import { usePage } from './fixture.js';

declare global {
  interface Window {
    /** real-table.test.ts: the type of every request the page posted to the CSV worker ('parse' or 'retype'). */
    __csvRequests: string[];
  }
}

const LOADER = 'xent-trainer >>> xent-data-loader';

/** Records, before any page script runs, the CSV worker requests (the training worker's have other types). */
async function recordCsvRequests(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    window.__csvRequests = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: [StructuredSerializeOptions?]) {
      const type = (message as { type?: unknown } | null)?.type;
      if (type === 'parse' || type === 'retype') window.__csvRequests.push(type);
      return post.call(this, message, ...rest);
    } as Worker['postMessage'];
  });
}

async function chooseFile(page: Page, path: string): Promise<void> {
  const input = await page.waitForSelector(`${LOADER} >>> input[part="file-input"]`);
  await input?.uploadFile(resolve(repoRoot, path));
}

/** The loader's column report: per column, its role (the menu's value, or "label"), missing count and width. */
function reportTable(page: Page): Promise<Record<string, { role: string; missing: string; width: string; note: string }>> {
  return page.$$eval(`${LOADER} >>> [part="columns"] tr[data-column]`, (rows) =>
    Object.fromEntries(
      rows.map((tr) => {
        const cells = tr.querySelectorAll('td');
        const role = tr.querySelector('select')?.value ?? cells[0]?.textContent?.trim() ?? '';
        const text = (selector: string) => tr.querySelector(selector)?.textContent?.trim() ?? '';
        return [tr.getAttribute('data-column'), { role, missing: text('td.missing'), width: text('td.width'), note: text('td.muted') }];
      }),
    ),
  );
}

async function chooseRole(page: Page, column: string, role: string): Promise<void> {
  const select = await page.waitForSelector(`${LOADER} >>> select[aria-label="role of ${column}"]:not([disabled])`);
  await select?.evaluate((s, value) => {
    (s as HTMLSelectElement).value = value;
    s.dispatchEvent(new Event('change'));
  }, role);
}

const loadedEvents = async (page: Page) => (await recordedEvents(page)).filter((e) => e.type === 'xent-data-loaded');

describe('a real table in the app', () => {
  const app = usePage('/index.html', {
    viewport: { width: 1180, height: 1400 },
    install: [recordXentEvents, recordCsvRequests],
    ready: trainerLoaded,
  });

  beforeAll(async () => {
    await chooseFile(app.page, 'test/fixtures/real/penguins.csv');
    await waitForEvents(app.page, ['xent-data-loaded', 'xent-error'], 2);
  });

  it('reads penguins.csv once and shows its column report', async () => {
    const [, loaded] = await loadedEvents(app.page);
    expect(loaded?.detail).toMatchObject({ name: 'penguins.csv', rows: 344, label: 'Species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] });
    expect(loaded?.detail.features).toHaveLength(14);
    expect(await reportTable(app.page)).toEqual({
      Island: { role: 'categorical', missing: '0', width: '3', note: '' },
      'Beak Length (mm)': { role: 'numeric', missing: '2', width: '2', note: '' },
      'Beak Depth (mm)': { role: 'numeric', missing: '2', width: '2', note: '' },
      'Flipper Length (mm)': { role: 'numeric', missing: '2', width: '2', note: '' },
      'Body Mass (g)': { role: 'numeric', missing: '2', width: '2', note: '' },
      Sex: { role: 'categorical', missing: '11', width: '3', note: '' },
      Species: { role: 'label', missing: '0', width: '', note: '' },
    });
    expect(await app.page.evaluate(() => window.__csvRequests)).toEqual(['parse']);
  });

  it('re-encodes with the chosen roles in the worker, without reading the file again', async () => {
    await chooseRole(app.page, 'Sex', 'ignored');
    await waitForEvents(app.page, ['xent-data-loaded', 'xent-error'], 3);
    await chooseRole(app.page, 'Body Mass (g)', 'ignored');
    await waitForEvents(app.page, ['xent-data-loaded', 'xent-error'], 4);
    const last = (await loadedEvents(app.page)).at(-1);
    expect(last?.detail.features).toEqual([
      'Island=Biscoe',
      'Island=Dream',
      'Island=Torgersen',
      'Beak Length (mm)',
      'Beak Length (mm):missing',
      'Beak Depth (mm)',
      'Beak Depth (mm):missing',
      'Flipper Length (mm)',
      'Flipper Length (mm):missing',
    ]);
    const table = await reportTable(app.page);
    expect(table.Sex).toEqual({ role: 'ignored', missing: '11', width: '0', note: 'ignored on request' });
    expect(table['Body Mass (g)']).toMatchObject({ role: 'ignored', width: '0' });
    expect(table.Island).toMatchObject({ role: 'categorical', width: '3' });
    expect(await app.page.evaluate(() => window.__csvRequests)).toEqual(['parse', 'retype', 'retype']);
    const status = await app.page.$eval(`${LOADER} >>> [part="status"]`, (s) => s.textContent);
    expect(status).toBe('344 rows · 9 features · 3 classes');
  });

  describe('trained on the chosen roles', () => {
    let model: XentModel;
    beforeAll(async () => {
      const start = await app.page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
      await start?.click();
      ({ model } = await waitForTrained(app.page));
    });

    it('the model file has the chosen inputs and their features', () => {
      expect(model).toMatchObject({ version: 2, kind: 'softmax', label: 'Species', classes: ['Adelie', 'Chinstrap', 'Gentoo'] });
      expect(model.version === 2 && model.inputs.map((i) => [i.name, i.role])).toEqual([
        ['Island', 'categorical'],
        ['Beak Length (mm)', 'numeric'],
        ['Beak Depth (mm)', 'numeric'],
        ['Flipper Length (mm)', 'numeric'],
      ]);
      expect(model.features).toHaveLength(9);
    });

    it('the decision regions use two numeric columns, the others at their training mean', async () => {
      const view = 'xent-trainer >>> xent-decision-boundary';
      const axes = await app.page.$$eval(`${view} >>> select`, (selects) => selects.map((s) => (s as HTMLSelectElement).value));
      expect(axes).toEqual(['Beak Length (mm)', 'Beak Depth (mm)']);
      const caption = await app.page.$eval(`${view} >>> [part="caption"]`, (p) => p.textContent ?? '');
      expect(caption).toMatch(/Beak Length \(mm\) vs Beak Depth \(mm\).*held at their training mean/s);
      const options = await app.page.$$eval(`${view} >>> [part="x-select"] option`, (o) => o.map((e) => e.textContent?.trim()));
      expect(options).toEqual(['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)']);
    });
  });

  it('a file that fails to load leaves no table behind: no status, Train disabled, results cleared', async () => {
    await chooseFile(app.page, 'test/fixtures/bad/duplicate-header.csv');
    await app.page.waitForFunction(() => window.__xentEvents.at(-1)?.type === 'xent-error');
    const error = (await recordedEvents(app.page)).at(-1);
    expect(error?.detail.message).toMatch(/duplicate-header\.csv, row 1, column "a": duplicate column name/);
    const state = await app.page.evaluate(() => {
      const trainer = document.querySelector('xent-trainer');
      const root = trainer?.shadowRoot;
      const loader = root?.querySelector('xent-data-loader');
      return {
        trainerData: trainer?.data ?? null,
        loaderData: loader?.data ?? null,
        model: trainer?.model ?? null,
        status: loader?.shadowRoot?.querySelector('[part="status"]')?.textContent ?? null,
        report: loader?.shadowRoot?.querySelector('[part="columns"]') !== null,
        start: root?.querySelector('xent-train-controls')?.shadowRoot?.querySelector<HTMLButtonElement>('[part="start"]')?.disabled,
        regions: root?.querySelector('xent-decision-boundary') !== null,
        metrics: root?.querySelector('xent-metrics')?.report ?? null,
        exportDisabled: Array.from(root?.querySelectorAll<HTMLButtonElement>('[part="export"] button') ?? [], (b) => b.disabled),
      };
    });
    expect(state).toEqual({
      trainerData: null,
      loaderData: null,
      model: null,
      status: '',
      report: false,
      start: true,
      regions: false,
      metrics: null,
      exportDisabled: [true, true],
    });
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
