/**
 * Derived features: functions of the numeric inputs' values, taken after imputation and before standardisation, and
 * appended after the encoded features. A term is a product of inputs (a monomial: x1², x1·x2, x1²·x2, with repeats)
 * or the sine of one. `poly DEGREE` (polynomial.ts) and the `crosses` list (`x1^2`, `x1*x2`, `sin(x1)`) both make
 * this one form, which the model file, predict and the ONNX graph carry.
 */

import { DataError, type Dataset } from './dataset.js';
import { featureMatrix, isLarge } from './storage.js';

/** Indices into DerivedFeatures.of: a product's factors (non-decreasing, at least two), or the input of a sine. */
export type DerivedTerm = { kind: 'product'; of: number[] } | { kind: 'sin'; of: number };

export interface DerivedFeatures {
  /** The encoded features the terms read (numeric inputs' values), in feature order. */
  of: string[];
  terms: DerivedTerm[];
  /** Names of the derived features (`x1^2`, `x1*x2`, `sin(x1)`), appended after the encoded ones. */
  features: string[];
  /** Set when the terms are every monomial up to this degree (the `poly` option). */
  degree?: number;
}

/** `x1^2*x2` (each distinct factor once, with its power when above 1) or `sin(x1)`. */
export function termName(of: readonly string[], term: DerivedTerm): string {
  if (term.kind === 'sin') return `sin(${of[term.of]})`;
  const powers = new Map<number, number>();
  for (const j of term.of) powers.set(j, (powers.get(j) ?? 0) + 1);
  return [...powers].map(([j, p]) => (p > 1 ? `${of[j]}^${p}` : (of[j] as string))).join('*');
}

/**
 * The derived values of one encoded row (`base`, in the order of `features`): a product multiplied left to right
 * (the ONNX graph's Mul chain does the same), a sine in float64.
 */
export function derivedValues(derived: DerivedFeatures, features: readonly string[], base: ArrayLike<number>): number[] {
  const value = derived.of.map((name) => base[features.indexOf(name)] as number);
  return derived.terms.map((term) =>
    term.kind === 'sin' ? Math.sin(value[term.of] as number) : term.of.reduce((product, j) => product * (value[j] as number), 1),
  );
}

/** The value features of a data set's numeric inputs; a data set made in code (no `inputs`) is all numeric. */
export function numericInputs(data: Pick<Dataset, 'inputs' | 'features'>): string[] {
  return data.inputs ? data.inputs.flatMap((i) => (i.role === 'numeric' ? [i.features[0] as string] : [])) : data.features;
}

/**
 * Parses a `crosses` list against the numeric inputs: `a^2` (a square), `a*b` (a product of two, in either order),
 * `sin(a)`. Names are matched whole, so a column name may itself hold `*` or `^`. The terms keep the list's order;
 * `of` lists the inputs used in feature order.
 */
export function crossesEncoding(numeric: readonly string[], crosses: readonly string[], file: string): DerivedFeatures {
  const factors = crosses.map((text) => {
    const fail = (why: string) => new DataError(file, null, null, `crosses: "${text}" ${why}`);
    const name = (s: string) => (numeric.includes(s) ? s : null);
    const sin = /^sin\((.*)\)$/.exec(text.trim());
    if (sin) {
      const a = name(sin[1] as string);
      if (!a) throw fail('is not the sine of a numeric input column');
      return { kind: 'sin' as const, names: [a] };
    }
    const square = /^(.*)\^2$/.exec(text.trim());
    const a = square ? name(square[1] as string) : null;
    if (a) return { kind: 'product' as const, names: [a, a] };
    const pair = numeric.flatMap((x) => numeric.filter((y) => `${x}*${y}` === text.trim()).map((y) => [x, y]))[0];
    if (!pair) throw fail('is not x^2, x*y or sin(x) of numeric input columns');
    return { kind: 'product' as const, names: pair };
  });
  const of = numeric.filter((n) => factors.some((f) => f.names.includes(n)));
  const terms = factors.map(({ kind, names }): DerivedTerm => {
    const at = names.map((n) => of.indexOf(n)).sort((i, j) => i - j);
    return kind === 'sin' ? { kind, of: at[0] as number } : { kind, of: at };
  });
  const features = terms.map((term) => termName(of, term));
  const twice = features.find((f, i) => features.indexOf(f) !== i);
  if (twice) throw new DataError(file, null, null, `crosses: "${twice}" is listed twice`);
  return { of, terms, features };
}

/** The data set with the derived features appended (computed from each row's encoded values). */
export function withDerived(data: Dataset, derived: DerivedFeatures, float32AboveBytes?: number): Dataset {
  if (data.derived) throw new DataError(data.name, null, null, 'already has derived features: give poly or crosses, not both');
  const clash = derived.features.find((name) => data.features.includes(name));
  if (clash) throw new DataError(data.name, null, clash, 'is both a column and a derived feature');
  const D = data.cols + derived.features.length;
  // A float32 table stays float32; a float64 one switches if the wider matrix passes the limit (storage.ts).
  const x = featureMatrix(data.rows * D, data.x instanceof Float32Array || isLarge(data.rows * D, float32AboveBytes));
  for (let r = 0; r < data.rows; r++) x.set(data.x.subarray(r * data.cols, (r + 1) * data.cols), r * D);
  const extended = { ...data, features: [...data.features, ...derived.features], x, cols: D, derived };
  writeDerived(extended, derived);
  return extended;
}

/** The data set with the `crosses` terms of its numeric inputs appended. */
export function withCrosses(data: Dataset, crosses: readonly string[], float32AboveBytes?: number): Dataset {
  return withDerived(data, crossesEncoding(numericInputs(data), crosses, data.name), float32AboveBytes);
}

/** (Re)computes the derived columns of every row of `data.x` from its encoded ones, in place (after re-imputing). */
export function writeDerived(data: Pick<Dataset, 'x' | 'rows' | 'cols' | 'features'>, derived: DerivedFeatures): void {
  const start = data.cols - derived.features.length;
  for (let r = 0; r < data.rows; r++) {
    const at = r * data.cols;
    data.x.set(derivedValues(derived, data.features, data.x.subarray(at, at + start)), at + start);
  }
}

/** A feature-cross toggle of the app: the term it adds and its label (x₁², x₁x₂, sin x₁ for inputs x₁, x₂). */
export interface CrossToggle {
  term: string;
  label: string;
}

/**
 * TensorFlow Playground's feature toggles for the first two numeric inputs a, b: a², b², a·b, sin a, sin b (those of
 * a alone when the table has one).
 */
export function crossToggles(numeric: readonly string[]): CrossToggle[] {
  const [a, b] = numeric;
  if (a === undefined) return [];
  const squares = [a, b].flatMap((x) => (x === undefined ? [] : [{ term: `${x}^2`, label: `${x}²` }]));
  const product = b === undefined ? [] : [{ term: `${a}*${b}`, label: `${a}·${b}` }];
  const sines = [a, b].flatMap((x) => (x === undefined ? [] : [{ term: `sin(${x})`, label: `sin ${x}` }]));
  return [...squares, ...product, ...sines];
}

/** The terms of `crosses` that are valid for a table with these numeric inputs (a link made for another table). */
export function applicableCrosses(numeric: readonly string[], crosses: readonly string[]): string[] {
  return crosses.filter((term) => {
    try {
      crossesEncoding(numeric, [term], '');
      return true;
    } catch {
      return false;
    }
  });
}
