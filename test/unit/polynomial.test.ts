/**
 * Polynomial features (the `poly` option, `--poly DEGREE`): the monomials and their order are scikit-learn's
 * PolynomialFeatures(include_bias=False), the model file carries them so predict takes the raw columns, and with
 * them a logistic model separates Playground's xor and circle, which it cannot without.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { parseCsv } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { withCrosses } from '../../src/data/derived.js';
import type { RawRecord } from '../../src/data/encode-record.js';
import { imputeFromTraining } from '../../src/data/impute.js';
import { polynomialEncoding, withPolynomial } from '../../src/data/polynomial.js';
import { predict } from '../../src/model/predict.js';
import { parseModel } from '../../src/model/validate.js';
import { formatColumnReport } from '../../src/node/column-flags.js';
import { validationSplit } from '../../src/train/split.js';
import { Trainer } from '../../src/train/trainer.js';

const TABLE = `a,b,c,label
1,2,3,x
2,-1,0.5,y
0,4,-2,x
3,1,1,y`;

describe('polynomialEncoding', () => {
  it('lists the monomials of degree 2 and 3 as PolynomialFeatures(degree=3).get_feature_names_out does', () => {
    // sklearn: x0 x1 x2 x0^2 "x0 x1" "x0 x2" x1^2 "x1 x2" x2^2 x0^3 "x0^2 x1" "x0^2 x2" "x0 x1^2" "x0 x1 x2" …
    expect(polynomialEncoding(['a', 'b', 'c'], 3).features).toEqual([
      'a^2',
      'a*b',
      'a*c',
      'b^2',
      'b*c',
      'c^2',
      'a^3',
      'a^2*b',
      'a^2*c',
      'a*b^2',
      'a*b*c',
      'a*c^2',
      'b^3',
      'b^2*c',
      'b*c^2',
      'c^3',
    ]);
  });

  it('refuses a degree below 2 or not an integer', () => {
    expect(() => polynomialEncoding(['a'], 1)).toThrow(/at least 2/);
    expect(() => parseCsv(TABLE, { file: 't.csv', label: 'label', poly: 2.5 })).toThrow(/at least 2/);
  });
});

describe('parseCsv with poly', () => {
  it('appends the products of the numeric columns after the encoded features, row by row', () => {
    const data = parseCsv(TABLE, { file: 't.csv', label: 'label', poly: 2 });
    expect(data.features).toEqual(['a', 'b', 'c', 'a^2', 'a*b', 'a*c', 'b^2', 'b*c', 'c^2']);
    expect(Array.from(data.x.subarray(data.cols, 2 * data.cols))).toEqual([2, -1, 0.5, 4, -2, 1, 1, -0.5, 0.25]);
    expect(formatColumnReport(data)).toContain('poly 2: 6 feature(s) from a, b, c');
  });

  it('crosses the imputed numeric values only, not one-hot levels or missing indicators', () => {
    const text = 'a,kind,b,label\n1,p,2,x\nNA,q,4,y\n3,r,NA,x\n5,p,6,y';
    const data = parseCsv(text, { file: 't.csv', label: 'label', poly: 2 });
    expect(data.features).toEqual(['a', 'a:missing', 'kind=p', 'kind=q', 'kind=r', 'b', 'b:missing', 'a^2', 'a*b', 'b^2']);
    const row2 = Array.from(data.x.subarray(data.cols, 2 * data.cols));
    // a is imputed with the mean of 1, 3, 5 = 3 before it is squared.
    expect(row2.slice(-3)).toEqual([9, 12, 16]);
  });
});

describe('imputation from the training rows with poly', () => {
  it('recomputes the products from the re-imputed values in both parts', () => {
    const lines = ['a,b,y', ...Array.from({ length: 40 }, (_, i) => `${i % 4 === 0 ? 'NA' : i},${i % 3},${i % 2 ? 'p' : 'q'}`)];
    const data = parseCsv(lines.join('\n'), { file: 't.csv', label: 'y', poly: 2 });
    expect(data.features).toEqual(['a', 'a:missing', 'b', 'a^2', 'a*b', 'b^2']);
    const split = validationSplit(data, 0.25, 3);
    const { train, validation } = imputeFromTraining(split.train, split.validation);
    const impute = train.inputs?.[0]?.role === 'numeric' ? train.inputs[0].impute : Number.NaN;
    expect(impute).not.toBeCloseTo(data.inputs?.[0]?.role === 'numeric' ? data.inputs[0].impute : 0, 3);
    for (const part of [train, validation]) {
      if (!part) throw new Error('no validation part');
      for (let r = 0; r < part.rows; r++) {
        const [a, missing, b, a2, ab, b2] = part.x.subarray(r * part.cols, (r + 1) * part.cols) as unknown as number[];
        if (missing === 1) expect(a).toBe(impute);
        expect([a2, ab, b2]).toEqual([(a as number) ** 2, (a as number) * (b as number), (b as number) ** 2]);
      }
    }
  });
});

describe('a model with polynomial features', () => {
  it('predicts on raw rows what it predicted on the training matrix, and survives a JSON round trip', async () => {
    const text = 'a,kind,b,label\n1,p,2,x\nNA,q,4,y\n3,r,NA,x\n5,p,6,y\n2,q,1,x\n4,r,3,y';
    const data = parseCsv(text, { file: 't.csv', label: 'label', poly: 3 });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 20, l2: 0.1, standardize: true });
    await trainer.run();
    const model = parseModel(JSON.parse(JSON.stringify(trainer.model())));
    trainer.dispose();
    expect(model.version === 2 && model.derived?.of).toEqual(['a', 'b']);
    const lines = text.split('\n');
    const header = (lines[0] as string).split(',');
    const records: RawRecord[] = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, j) => [header[j] as string, c])));
    const fromRaw = predict(model, records).probabilities;
    const fromMatrix = predict(model, data).probabilities;
    const gap = Math.max(...fromRaw.flat().map((p, i) => Math.abs(p - (fromMatrix.flat()[i] as number))));
    expect(gap).toBeLessThan(1e-12);
    expect(predict(model, text).probabilities).toEqual(fromRaw);
  });

  it('is refused when its polynomial features do not match its degree', async () => {
    const data = parseCsv(TABLE, { file: 't.csv', label: 'label', poly: 2 });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 2 });
    await trainer.run();
    const model = JSON.parse(JSON.stringify(trainer.model()));
    trainer.dispose();
    model.derived.degree = 3;
    expect(() => parseModel(model)).toThrow(/derived.terms/);
  });

  it('loads a file written with `poly` (monomials as lists of factors) as the same model', async () => {
    const data = parseCsv(TABLE, { file: 't.csv', label: 'label', poly: 2 });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 5, standardize: true });
    await trainer.run();
    const model = JSON.parse(JSON.stringify(trainer.model()));
    trainer.dispose();
    // The earlier form of the same file: `poly`, each term the list of its factors' indices into `of`.
    const { derived, ...rest } = model;
    const old = { ...rest, poly: { ...derived, terms: derived.terms.map((t: { of: number[] }) => t.of) } };
    expect(old.poly.terms).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 1],
      [1, 2],
      [2, 2],
    ]);
    const loaded = parseModel(JSON.parse(JSON.stringify(old)));
    expect(loaded).toEqual(model);
    expect(predict(loaded, TABLE).probabilities).toEqual(predict(model, TABLE).probabilities);
    old.poly.terms[0] = [0, 3];
    expect(() => parseModel(old)).toThrow(/"poly.terms"/);
  });
});

/** Training accuracy of logistic regression, L-BFGS to convergence. */
async function trainingAccuracy(data: Dataset): Promise<number> {
  const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 200, standardize: true });
  const results = await trainer.run();
  trainer.dispose();
  return results.at(-1)?.accuracy as number;
}

// Measured: xor 0.596 without, 0.992 with; circle 0.486 without, 0.974 with.
describe('Playground data with --poly 2', () => {
  it.each(['xor', 'circle'])('logistic regression separates %s only with the crosses', async (name) => {
    const data = loadBuiltin(name);
    const plain = await trainingAccuracy(data);
    const crossed = await trainingAccuracy(withPolynomial(data, 2));
    expect(plain).toBeLessThan(0.7);
    expect(crossed).toBeGreaterThan(0.9);
  });

  // Measured: xor 0.992 with x1*x2; circle 0.982 with x1^2, x2^2.
  it.each([
    ['xor', ['x1*x2']],
    ['circle', ['x1^2', 'x2^2']],
  ])("and with the app's toggles: %s with %j", async (name, crosses) => {
    expect(await trainingAccuracy(withCrosses(loadBuiltin(name), crosses))).toBeGreaterThan(0.9);
  });
});

describe('xent train --poly', () => {
  const xent = (...args: string[]) => promisify(execFile)('node', ['bin/xent.js', ...args]);

  it('fits builtin:xor with --poly 2, and xent predict takes the original columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xent-poly-'));
    const modelFile = join(dir, 'xor.json');
    const args = ['train', 'builtin:xor', '--poly', '2', '--optimizer', 'lbfgs', '--backend', 'cpu', '--json', '--out', modelFile];
    const run = JSON.parse((await xent(...args)).stdout);
    expect(run.model.features).toEqual(['x1', 'x2', 'x1^2', 'x1*x2', 'x2^2']);
    expect(run.final.accuracy).toBeGreaterThan(0.9);
    const csv = join(dir, 'raw.csv');
    writeFileSync(csv, 'x2,x1\n3,3\n-3,3\n');
    const predicted = JSON.parse((await xent('predict', modelFile, csv, '--json')).stdout);
    // Opposite quadrants of xor: opposite classes.
    expect(new Set(predicted.predictions).size).toBe(2);
    const model = parseModel(JSON.parse(readFileSync(modelFile, 'utf8')));
    expect(predicted.probabilities).toEqual(
      predict(model, [
        { x1: 3, x2: 3 },
        { x1: 3, x2: -3 },
      ]).probabilities,
    );
  });

  it('refuses --poly 1 as a usage error', async () => {
    await expect(xent('train', 'builtin:xor', '--poly', '1', '--backend', 'cpu')).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--poly must be an integer of at least 2/),
    });
  });
});
