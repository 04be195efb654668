/**
 * The first rows of a table as the loader shows them, read from the head of a CSV (the full parse happens in a
 * worker), of a Parquet or Arrow file (in the worker) or from a built-in data set, and the table styles the loader's tables share.
 */
import { css, html, nothing } from 'lit';
import { csvColumns, csvRows } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import type { CsvWorkerSession } from '../data/parse-csv-in-worker.js';
import { MAGIC_BYTES, tableFormat } from '../data/table-format.js';

/** Bytes read on the main thread for the header and the preview. */
const HEAD_BYTES = 64 * 1024;
const PREVIEW_ROWS = 8;
const LABEL_NAMES = ['label', 'class', 'target', 'y', 'species'];

export interface Preview {
  columns: string[];
  rows: string[][];
}

/** The label column to propose: one with a usual name, else the last. */
export function proposeLabel(columns: string[], wanted: string): string {
  if (columns.includes(wanted)) return wanted;
  return columns.find((c) => LABEL_NAMES.includes(c.toLowerCase())) ?? columns.at(-1) ?? '';
}

/** Formats a number for the preview table. */
function cell(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4);
}

/** The header and first rows of a CSV, from its first bytes only. */
export async function csvHead(file: Blob): Promise<Preview> {
  const head = await file.slice(0, HEAD_BYTES).text();
  // Only complete lines: the last one of a partial read may be cut.
  const complete = file.size > HEAD_BYTES ? head.slice(0, head.lastIndexOf('\n') + 1) : head;
  return {
    columns: csvColumns(complete),
    rows: csvRows(complete, PREVIEW_ROWS + 1).slice(1),
  };
}

/** The head of a table file: a CSV's from its first bytes here, a Parquet or Arrow file's from the worker's reader. */
export async function fileHead(file: Blob, name: string, session: CsvWorkerSession): Promise<Preview> {
  const format = tableFormat(name, new Uint8Array(await file.slice(0, MAGIC_BYTES).arrayBuffer()));
  return format === 'csv' ? csvHead(file) : session.head(file, name, PREVIEW_ROWS);
}

/** The features and label of a data set's first rows. */
export function datasetHead(data: Dataset): Preview {
  return {
    columns: [...data.features, data.label],
    rows: Array.from({ length: Math.min(PREVIEW_ROWS, data.rows) }, (_, r) => [
      ...Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols), cell),
      data.classes[data.y[r] as number] as string,
    ]),
  };
}

/** The preview table, the label column highlighted. */
export function previewTable({ columns, rows }: Preview, label: string) {
  if (columns.length === 0) return nothing;
  const labelAt = columns.indexOf(label);
  const mark = (i: number) => (i === labelAt ? 'label' : '');
  return html`<div class="table">
    <table part="preview">
      <tr>
        ${columns.map((c, i) => html`<th class=${mark(i)}>${c}</th>`)}
      </tr>
      ${rows.map((row) => html`<tr>${row.map((v, i) => html`<td class=${mark(i)}>${v}</td>`)}</tr>`)}
    </table>
  </div>`;
}

export const tableStyles = css`
  .table {
    overflow-x: auto;
    margin-bottom: 8px;
  }
  table {
    border-collapse: collapse;
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 2px 8px;
    text-align: right;
    border-bottom: 1px solid var(--_border);
    white-space: nowrap;
  }
  th.label,
  td.label {
    color: var(--_accent);
    font-weight: 600;
  }
`;
