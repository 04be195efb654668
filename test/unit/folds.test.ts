import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { stratifiedFolds } from '../../src/train/folds.js';

/** Labels with uneven classes: class k has about (k + 1)² shares of the rows. */
function labels(seed: number, rows: number, classes: number): Uint32Array {
  const rng = new Random(seed);
  const shares = Array.from({ length: classes }, (_, k) => (k + 1) ** 2);
  const total = shares.reduce((a, b) => a + b, 0);
  return Uint32Array.from({ length: rows }, () => {
    let u = rng.next() * total;
    let k = 0;
    while (u >= (shares[k] as number)) u -= shares[k++] as number;
    return k;
  });
}

function count(values: Iterable<number>, n: number): number[] {
  const c = new Array<number>(n).fill(0);
  for (const v of values) c[v] = (c[v] as number) + 1;
  return c;
}

describe('stratified folds', () => {
  it.each([
    { rows: 101, classes: 3, folds: 5 },
    { rows: 37, classes: 2, folds: 10 },
    { rows: 1000, classes: 7, folds: 4 },
  ])('$rows rows, $classes classes, $folds folds: every row in one fold, each class split to within a row', ({ rows, classes, folds }) => {
    const y = labels(rows, rows, classes);
    const f = stratifiedFolds(y, classes, folds, 3);
    expect(f).toHaveLength(rows);
    expect(f.every((v) => Number.isInteger(v) && v >= 0 && v < folds)).toBe(true);
    const sizes = count(f, folds);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    for (let k = 0; k < classes; k++) {
      const perFold = count(
        Array.from(f).filter((_, r) => y[r] === k),
        folds,
      );
      expect(Math.max(...perFold) - Math.min(...perFold), `class ${k}`).toBeLessThanOrEqual(1);
    }
  });

  it('same seed, same folds; another seed, other folds', () => {
    const y = labels(1, 200, 3);
    expect(stratifiedFolds(y, 3, 5, 42)).toEqual(stratifiedFolds(y, 3, 5, 42));
    expect(stratifiedFolds(y, 3, 5, 43)).not.toEqual(stratifiedFolds(y, 3, 5, 42));
  });

  it('shuffles within a class: not the rows in their order', () => {
    const y = new Uint32Array(100);
    const f = stratifiedFolds(y, 1, 5, 1);
    expect(Array.from(f)).not.toEqual(Array.from({ length: 100 }, (_, r) => r % 5));
  });

  it('rejects fewer than 2 folds and more folds than rows', () => {
    expect(() => stratifiedFolds(new Uint32Array(10), 1, 1, 1)).toThrow(/at least 2/);
    expect(() => stratifiedFolds(new Uint32Array(3), 1, 4, 1)).toThrow(/4 folds need at least 4 rows/);
  });
});
