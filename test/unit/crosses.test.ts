/**
 * The `crosses` option (`--crosses`, the app's toggles): squares, products of two and sines of numeric inputs as
 * derived features, the same form `poly` makes, carried by the model file so predict takes the raw columns.
 */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { parseCsv } from '../../src/data/csv.js';
import { crossesEncoding } from '../../src/data/derived.js';
import type { RawRecord } from '../../src/data/encode-record.js';
import { polynomialEncoding } from '../../src/data/polynomial.js';
import { predict } from '../../src/model/predict.js';
import { parseModel } from '../../src/model/validate.js';
import { formatColumnReport } from '../../src/node/column-flags.js';
import { Trainer } from '../../src/train/trainer.js';

const TABLE = `a,kind,b,label
1,p,2,x
2,q,-1,y
NA,p,4,x
3,q,1,y
0.5,p,NA,x`;

function records(text: string): RawRecord[] {
  const [head, ...lines] = text.split('\n');
  const header = (head as string).split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((c, j) => [header[j] as string, c])));
}

describe('crossesEncoding', () => {
  it('reads squares, products of two (either order) and sines, in the list order, as poly names them', () => {
    const derived = crossesEncoding(['a', 'b', 'c'], ['sin(c)', 'b*a', 'a^2', 'c*c'], 't.csv');
    expect(derived.of).toEqual(['a', 'b', 'c']);
    expect(derived.features).toEqual(['sin(c)', 'a*b', 'a^2', 'c^2']);
    expect(derived.terms).toEqual([
      { kind: 'sin', of: 2 },
      { kind: 'product', of: [0, 1] },
      { kind: 'product', of: [0, 0] },
      { kind: 'product', of: [2, 2] },
    ]);
    // The squares and product of poly 2 are the same terms.
    const [a2, ab, b2] = polynomialEncoding(['a', 'b'], 2).terms;
    expect(crossesEncoding(['a', 'b'], ['a^2', 'a*b', 'b^2'], 't').terms).toEqual([a2, ab, b2]);
  });

  it('matches column names whole, so a name may hold * or ^', () => {
    expect(crossesEncoding(['x*y', 'z'], ['x*y*z', 'x*y^2'], 't').features).toEqual(['x*y*z', 'x*y^2']);
  });

  it.each([
    [['sin(kind)'], /"sin\(kind\)" is not the sine of a numeric input/],
    [['a^3'], /"a\^3" is not x\^2, x\*y or sin\(x\)/],
    [['a*q'], /"a\*q" is not x\^2, x\*y or sin\(x\)/],
    [['a*b', 'b*a'], /"a\*b" is listed twice/],
  ])('refuses %j, naming the file and the term', (crosses, message) => {
    expect(() => crossesEncoding(['a', 'b'], crosses, 't.csv')).toThrow(message);
    expect(() => crossesEncoding(['a', 'b'], crosses, 't.csv')).toThrow(/^t\.csv: crosses: /);
  });
});

describe('parseCsv with crosses', () => {
  it('appends the terms of the imputed numeric values after the encoded features, row by row', () => {
    const data = parseCsv(TABLE, { file: 't.csv', label: 'label', crosses: ['a*b', 'sin(a)', 'b^2'] });
    expect(data.features).toEqual(['a', 'a:missing', 'kind=q', 'b', 'b:missing', 'a*b', 'sin(a)', 'b^2']);
    const meanA = (1 + 2 + 3 + 0.5) / 4;
    const meanB = (2 - 1 + 4 + 1) / 4;
    const raw = records(TABLE).map((r) => [r.a === 'NA' ? meanA : Number(r.a), r.b === 'NA' ? meanB : Number(r.b)]);
    for (const [r, [a, b]] of raw.entries()) {
      const row = Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols));
      expect(row.slice(-3)).toEqual([(a as number) * (b as number), Math.sin(a as number), (b as number) ** 2]);
    }
    expect(formatColumnReport(data)).toContain('crosses a*b, sin(a), b^2: 3 feature(s) from a, b');
  });

  it('refuses poly and crosses together', () => {
    expect(() => parseCsv(TABLE, { file: 't.csv', label: 'label', poly: 2, crosses: ['a^2'] })).toThrow(/poly or crosses, not both/);
  });
});

describe('a model with crosses', () => {
  it('predicts on raw rows what it predicted on the training matrix, and survives a JSON round trip', async () => {
    const data = parseCsv(TABLE, { file: 't.csv', label: 'label', crosses: ['sin(b)', 'a*b'] });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 20, l2: 0.1, standardize: true });
    await trainer.run();
    const model = parseModel(JSON.parse(JSON.stringify(trainer.model())));
    trainer.dispose();
    expect(model.version === 2 && model.derived?.features).toEqual(['sin(b)', 'a*b']);
    const fromRaw = predict(model, records(TABLE)).probabilities.flat();
    const fromMatrix = predict(model, data).probabilities.flat();
    expect(Math.max(...fromRaw.map((p, i) => Math.abs(p - (fromMatrix[i] as number))))).toBeLessThan(1e-12);
  });

  it.each([
    ['a product of one factor', { kind: 'product', of: [0] }, /derived.terms/],
    ['a sine of an index past "of"', { kind: 'sin', of: 5 }, /derived.terms/],
    ['an unknown kind', { kind: 'cos', of: 0 }, /derived.terms/],
  ])('is refused with %s', async (_, term, message) => {
    const data = parseCsv(TABLE, { file: 't.csv', label: 'label', crosses: ['sin(b)'] });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 2 });
    await trainer.run();
    const model = JSON.parse(JSON.stringify(trainer.model()));
    trainer.dispose();
    expect(() => parseModel(model)).not.toThrow();
    model.derived.terms = [term];
    expect(() => parseModel(model)).toThrow(message);
    model.derived.terms = [{ kind: 'product', of: [0, 0] }];
    expect(() => parseModel(model)).toThrow(/"derived.features" must name the terms/);
  });
});
