/**
 * Past the size limit (lowered here through the option, not by a huge table) the column stores and the matrix are
 * float32: every cell is the float64 parse rounded once, missing cells and dates survive the narrowing, the column
 * report names the storage, and the CPU trains to the float64 run's J within what the rounding of X can move it.
 * Below the limit nothing changes.
 */
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { type CsvOptions, parseCsv } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { formatColumnReport } from '../../src/node/column-flags.js';
import { Trainer } from '../../src/train/trainer.js';

const ROWS = 601;

/** Five numeric columns (one with NA cells, all with many distinct values) and a date column; a noisy linear label. */
function table(seed: number): string {
  const random = new Random(seed);
  const lines = ['a,b,c,d,e,when,y'];
  for (let r = 0; r < ROWS; r++) {
    const v = Array.from({ length: 5 }, () => random.normal() * 3 + 1);
    const z = (v[0] as number) - 0.5 * (v[1] as number) + 0.3 * (v[3] as number) + random.normal();
    const cells = v.map((x) => x.toFixed(7));
    if (r % 9 === 4) cells[2] = 'NA';
    const day = String((r % 28) + 1).padStart(2, '0');
    lines.push(`${cells.join(',')},2021-03-${day}T${String(r % 24).padStart(2, '0')}:17:00,${z > 0 ? 'yes' : 'no'}`);
  }
  return lines.join('\n');
}

const text = table(5);
const base: CsvOptions = { file: 't.csv', label: 'y' };
/** Lower than the 601 × 6 stored cells: the stores narrow while reading. */
const small = { ...base, float32AboveBytes: 8 * 1000 };

async function trained(data: Dataset) {
  const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', l2: 1e-3, epochs: 300 });
  await trainer.run();
  const final = await trainer.evaluate();
  return { trainer, final };
}

describe('float32 storage past the size limit', () => {
  it('keeps a table below the limit float64, exactly as written', () => {
    const data = parseCsv(text, base);
    expect(data.x).toBeInstanceOf(Float64Array);
    expect(data.x[0]).toBe(Number(text.split('\n')[1]?.split(',')[0]));
    expect(formatColumnReport(data)).toContain(`features stored as float64: 601 × ${data.cols} =`);
  });

  it('stores a large table float32: each cell the float64 value rounded once, missing cells and dates intact', () => {
    const wide = parseCsv(text, base);
    const narrow = parseCsv(text, small);
    expect(narrow.x).toBeInstanceOf(Float32Array);
    expect(narrow.features).toEqual(wide.features);
    expect(narrow.features).toContain('c:missing');
    expect(narrow.features).toContain('when:time_sin');
    for (let i = 0; i < wide.x.length; i++) expect(narrow.x[i], `cell ${i}`).toBe(Math.fround(wide.x[i] as number));
    expect(formatColumnReport(narrow)).toContain(`features stored as float32: 601 × ${narrow.cols} =`);
  });

  it('switches on the matrix size too: one-hot levels can make a small store a large matrix', () => {
    const lines = ['k,y', ...Array.from({ length: 200 }, (_, r) => `level${r % 30},${r % 2}`)];
    const data = parseCsv(lines.join('\n'), { ...base, float32AboveBytes: 8 * 200 * 29 });
    expect(data.cols).toBe(30);
    expect(data.x).toBeInstanceOf(Float32Array);
  });

  it('finds a stray word after the numbers gave up their codes', () => {
    const lines = text.split('\n');
    lines[ROWS - 10] = lines[ROWS - 10]?.replace(/^[^,]+/, 'oops') ?? '';
    expect(() => parseCsv(lines.join('\n'), small)).toThrow(/row 592, column "a": "oops" is not a number/);
  });

  it('trains on the CPU to the float64 run’s J within the rounding of X', async () => {
    const wide = await trained(parseCsv(text, base));
    const narrow = await trained(parseCsv(text, small));
    // The logistic loss is 1-Lipschitz in the logit, so moving standardised X by δ moves J at fixed W by at most
    // mean_n Σ_j |w_j δ_nj|; each raw cell moved by at most 2^-24 of itself, i.e. |x_nj| 2^-24 / std_j standardised.
    // The optimum moves by no more than J at either optimum does; twice that covers the refitted mean and std.
    const std = wide.trainer.standardization?.std ?? [];
    const raw = parseCsv(text, base);
    const bound = (w: Float64Array) => {
      let sum = 0;
      for (let r = 0; r < raw.rows; r++) {
        for (let j = 0; j < raw.cols; j++)
          sum += (Math.abs(w[j] as number) * Math.abs(raw.x[r * raw.cols + j] as number)) / (std[j] as number);
      }
      return (2 * 2 ** -24 * sum) / raw.rows;
    };
    const tolerance = Math.max(bound(wide.trainer.params()), bound(narrow.trainer.params()));
    expect(tolerance).toBeLessThan(1e-5);
    expect(Math.abs(narrow.final.objective - wide.final.objective)).toBeLessThanOrEqual(tolerance);
    expect(narrow.final.objective).not.toBe(wide.final.objective);
  });
});
