/**
 * A Parquet file dropped on <xent-data-loader> is read in the worker (hyparquet loaded there on first use) into the
 * Dataset Node builds from the same table as CSV: rows, features, classes, x, y and the column report; the preview
 * shows its first rows. A truncated copy is one error naming the file.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/data/csv.js';
import { columnsOfCsv, parquetOf } from '../unit/columnar-tables.js';
import { loaderDefined } from './app-helpers.js';
import { usePage } from './fixture.js';

const csv = readFileSync(new URL('../fixtures/real/penguins.csv', import.meta.url), 'utf8');
const parquet = Array.from(new Uint8Array(parquetOf(columnsOfCsv(csv, 'penguins.csv'), 100)));

interface Outcome {
  type: string;
  message?: string;
  data?: { rows: number; features: string[]; classes: string[]; x: number[]; y: number[]; columns: unknown };
  preview?: (string | null)[];
}

/** Drops `bytes` as a file named `name` on a fresh loader and waits for its first event. */
function drop(page: Page, bytes: number[], name: string): Promise<Outcome> {
  return page.evaluate(
    async (bytes, name) => {
      const loader = document.createElement('xent-data-loader');
      loader.label = 'Species';
      document.body.append(loader);
      await loader.updateComplete;
      const outcome = new Promise<Outcome>((resolve) => {
        setTimeout(() => resolve({ type: 'no event in 60 s' }), 60_000);
        loader.addEventListener('xent-data-loaded', () => resolve({ type: 'loaded' }));
        loader.addEventListener('xent-error', (e) => resolve({ type: 'error', message: (e as CustomEvent).detail.message }));
      });
      const dropped = new DataTransfer();
      dropped.items.add(new File([new Uint8Array(bytes)], name));
      loader.shadowRoot?.querySelector('[part="dropzone"]')?.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true }));
      const result = await outcome;
      const d = loader.data;
      await loader.updateComplete;
      const preview = Array.from(loader.shadowRoot?.querySelectorAll('[part="preview"] tr:nth-child(2) td') ?? [], (td) => td.textContent);
      loader.remove();
      if (!d) return result;
      const data = { rows: d.rows, features: d.features, classes: d.classes, x: Array.from(d.x), y: Array.from(d.y), columns: d.columns };
      return { ...result, data, preview };
    },
    bytes,
    name,
  );
}

describe('<xent-data-loader> reading a Parquet file', () => {
  const app = usePage('/index.html', { ready: loaderDefined });

  it('gives the Dataset and column report of the same table read as CSV, and previews its rows', async () => {
    const expected = parseCsv(csv, { file: 'penguins.csv', label: 'Species' });
    const outcome = await drop(app.page, parquet, 'penguins.parquet');
    expect(outcome.type, outcome.message).toBe('loaded');
    const { rows, features, classes, x, y, columns } = expected;
    expect(outcome.data).toEqual({ rows, features, classes, x: Array.from(x), y: Array.from(y), columns });
    expect(outcome.preview).toEqual(csv.split('\n')[1]?.split(','));
  });

  it('a truncated copy is one error line naming the file', async () => {
    const outcome = await drop(app.page, parquet.slice(0, parquet.length - 64), 'cut.parquet');
    expect(outcome.type).toBe('error');
    expect(outcome.message).toMatch(/^cut\.parquet: cannot read the Parquet file \(.+\)$/);
  });

  it('logs no errors and requests nothing outside the origin', () => {
    app.expectCleanPage();
  });
});
