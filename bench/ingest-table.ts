/**
 * The ingest benchmark's tables: N rows × 64 features with five decimals and a 0/1 label, written from a seed (the
 * same bytes on every machine), as a user's exported numeric table would look; and the same table as Parquet
 * (hyparquet-writer, snappy) and Arrow IPC (apache-arrow), the cells the numbers the CSV's text reads as.
 */
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Float64, Int32, makeVector, Table, tableToIPC } from 'apache-arrow';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { Random } from '../src/core/random.js';

export const FEATURES = 64;

/** The rows, each its 64 cells as text and its label. */
function* tableRows(rows: number, seed: number): Generator<[string[], number]> {
  const random = new Random(seed);
  const weights = Array.from({ length: FEATURES }, () => random.normal());
  const cells = new Array<string>(FEATURES);
  for (let r = 0; r < rows; r++) {
    let z = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = random.normal();
      z += v * (weights[j] as number);
      cells[j] = v.toFixed(5);
    }
    // A noisy linear rule: the classes overlap, so L-BFGS has a finite optimum even with a small λ.
    yield [cells, z + 4 * random.normal() > 0 ? 1 : 0];
  }
}

export async function writeTable(file: string, rows: number, seed = 13): Promise<void> {
  const out = createWriteStream(file);
  let text = `${Array.from({ length: FEATURES }, (_, j) => `x${j}`).join(',')},label\n`;
  for (const [cells, label] of tableRows(rows, seed)) {
    text += `${cells.join(',')},${label}\n`;
    if (text.length > 1 << 22) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(text, () => resolve());
  });
}

/** The same table as `base`.parquet and `base`.arrow (float64 features, an int32 label). */
export async function writeColumnarCopies(base: string, rows: number, seed = 13): Promise<void> {
  const features = Array.from({ length: FEATURES }, () => new Float64Array(rows));
  const label = new Int32Array(rows);
  let r = 0;
  for (const [cells, y] of tableRows(rows, seed)) {
    for (let j = 0; j < FEATURES; j++) (features[j] as Float64Array)[r] = Number(cells[j]);
    label[r++] = y;
  }
  const names = [...features.map((_, j) => `x${j}`), 'label'];
  const columns = [...features, label];
  const columnData = columns.map((data, j) => ({
    name: names[j] as string,
    data,
    type: j < FEATURES ? ('DOUBLE' as const) : ('INT32' as const),
  }));
  await writeFile(`${base}.parquet`, new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 1 << 17 })));
  const vectors = [
    ...features.map((data, j) => [names[j], makeVector({ type: new Float64(), data })]),
    ['label', makeVector({ type: new Int32(), data: label })],
  ];
  await writeFile(`${base}.arrow`, tableToIPC(new Table(Object.fromEntries(vectors)), 'file'));
}
