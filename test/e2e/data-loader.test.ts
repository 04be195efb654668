/**
 * <xent-data-loader> on its own: a dropped CSV is parsed in the worker with a proposed label column, another label
 * column re-parses (and a non-numeric feature is reported with file, row and column), a URL loads, and a built-in
 * data set shows its preview.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { loaderDefined, type RecordedEvent } from './app-helpers.js';
import { usePage } from './fixture.js';

const CSV = 'a,b,species\n1,2,setosa\n3,4.5,versicolor\n5,6,setosa\n';

type Loader = HTMLElementTagNameMap['xent-data-loader'];

/**
 * Puts a fresh loader on the page (window.loader), runs `action(loader, arg)` in the page and returns the loader's
 * first `count` xent events.
 */
async function loaderEvents(
  page: Page,
  action: (loader: Loader, arg: string) => unknown,
  arg: string,
  count = 1,
): Promise<RecordedEvent[]> {
  await page.evaluate((n) => {
    const loader = document.createElement('xent-data-loader');
    document.body.append(loader);
    const events: RecordedEvent[] = [];
    const done = new Promise<RecordedEvent[]>((resolve) => {
      for (const type of ['xent-data-loaded', 'xent-error'] as const) {
        loader.addEventListener(type, (e) => {
          events.push({ type, detail: (e as CustomEvent).detail });
          if (events.length === n) resolve(events);
        });
      }
    });
    window.loader = loader;
    window.loaderDone = done;
  }, count);
  const loader = await page.evaluateHandle(() => window.loader);
  await page.evaluate(action, loader, arg);
  return page.evaluate(() => window.loaderDone);
}

describe('<xent-data-loader> on its own', () => {
  const app = usePage('/index.html', { ready: loaderDefined });

  it('parses a dropped CSV and proposes the label column', async () => {
    const events = await loaderEvents(
      app.page,
      (loader, csv) => {
        const dropped = new DataTransfer();
        dropped.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
        const zone = loader.shadowRoot?.querySelector('[part="dropzone"]');
        zone?.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
      },
      CSV,
    );
    expect(events).toEqual([
      {
        type: 'xent-data-loaded',
        detail: { name: 'dropped.csv', rows: 3, features: ['a', 'b'], label: 'species', classes: ['setosa', 'versicolor'] },
      },
    ]);
    const data = await app.page.evaluate(() => {
      const d = window.loader.data;
      return d && { x: Array.from(d.x), y: Array.from(d.y) };
    });
    expect(data).toEqual({ x: [1, 2, 3, 4.5, 5, 6], y: [0, 1, 0] });
    const preview = await app.page.evaluate(() =>
      Array.from(window.loader.shadowRoot?.querySelectorAll('[part="preview"] td') ?? [], (td) => td.textContent),
    );
    expect(preview.slice(0, 3)).toEqual(['1', '2', 'setosa']);
  });

  it('re-parses for another label column; the text column then becomes a categorical feature', async () => {
    const events = await loaderEvents(
      app.page,
      async (loader, csv) => {
        await loader.loadFile(new Blob([csv]), 'iris-like.csv');
        const select = loader.shadowRoot?.querySelector<HTMLSelectElement>('[part="label-select"]');
        if (!select) throw new Error('no label select');
        select.value = 'a';
        select.dispatchEvent(new Event('change'));
      },
      CSV,
      2,
    );
    expect(events.map((e) => e.type)).toEqual(['xent-data-loaded', 'xent-data-loaded']);
    expect(events[1]?.detail).toMatchObject({ features: ['b', 'species=versicolor'], label: 'a', classes: ['1', '3', '5'] });
  });

  it('loads a CSV from a URL', async () => {
    const events = await loaderEvents(
      app.page,
      (loader, url) => {
        loader.label = 'species';
        loader.src = url;
      },
      '/src/data/builtin/iris.csv',
    );
    expect(events).toEqual([
      {
        type: 'xent-data-loaded',
        detail: {
          name: '/src/data/builtin/iris.csv',
          rows: 150,
          features: expect.any(Array),
          label: 'species',
          classes: expect.any(Array),
        },
      },
    ]);
    expect(events[0]?.detail.classes).toHaveLength(3);
    expect(events[0]?.detail.features).toHaveLength(4);
  });

  it('loads a built-in data set with its preview', async () => {
    const events = await loaderEvents(app.page, (loader, name) => loader.setAttribute('dataset', name), 'blobs3');
    expect(events).toEqual([
      {
        type: 'xent-data-loaded',
        detail: { name: 'builtin:blobs3', rows: 450, features: ['x1', 'x2'], label: 'label', classes: ['0', '1', '2'] },
      },
    ]);
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
