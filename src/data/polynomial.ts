/**
 * Feature crosses as scikit-learn's PolynomialFeatures (include_bias false): every monomial of degree 2..degree of
 * the numeric inputs, after imputation and before standardisation. The encoded features stay first (degree 1), then
 * the monomials by degree, each degree in lexicographic order of the factors' column indices (x1², x1·x2, x2², …).
 * Categorical, date and missing-indicator features are not crossed.
 */
import { DataError, type Dataset } from './dataset.js';
import { featureMatrix, isLarge } from './storage.js';

export interface PolynomialEncoding {
  degree: number;
  /** The encoded features crossed (the numeric inputs' values), in feature order. */
  of: string[];
  /** Per derived feature: indices into `of` of its factors, non-decreasing (x1² is [0, 0]). */
  terms: number[][];
  /** Names of the derived features (`x1^2`, `x1*x2`), appended after the encoded ones. */
  features: string[];
}

/** Checks a `poly` option: an integer degree of at least 2. */
export function checkDegree(degree: number): void {
  if (!(Number.isInteger(degree) && degree >= 2)) throw new Error(`poly must be an integer degree of at least 2, got ${degree}`);
}

/** The monomials of degree 2..degree of the features `of`, in PolynomialFeatures' order. */
export function polynomialEncoding(of: string[], degree: number): PolynomialEncoding {
  checkDegree(degree);
  const terms: number[][] = [];
  let previous: number[][] = of.map((_, j) => [j]);
  for (let d = 2; d <= degree; d++) {
    // Each term of degree d extends one of degree d − 1 by a factor at least its last: combinations with replacement.
    previous = previous.flatMap((term) => of.slice(term.at(-1)).map((_, k) => [...term, (term.at(-1) as number) + k]));
    terms.push(...previous);
  }
  return { degree, of: [...of], terms, features: terms.map((term) => monomialName(of, term)) };
}

/** `x1^2*x2`: each distinct factor once, with its power when above 1. */
function monomialName(of: string[], term: number[]): string {
  const powers = new Map<number, number>();
  for (const j of term) powers.set(j, (powers.get(j) ?? 0) + 1);
  return [...powers].map(([j, p]) => (p > 1 ? `${of[j]}^${p}` : (of[j] as string))).join('*');
}

/**
 * The derived values of one encoded row (`base`, in the order of `features`): each term the product of its factors,
 * multiplied left to right (the ONNX graph's Mul chain does the same).
 */
export function monomialValues(poly: PolynomialEncoding, features: readonly string[], base: ArrayLike<number>): number[] {
  const at = poly.of.map((name) => features.indexOf(name));
  return poly.terms.map((term) => term.reduce((product, j) => product * (base[at[j] as number] as number), 1));
}

/**
 * The data set with the monomials of its numeric inputs up to `degree` appended as features. A data set made in code
 * (no `inputs`) is all numeric.
 */
export function withPolynomial(data: Dataset, degree: number, float32AboveBytes?: number): Dataset {
  const numeric = data.inputs ? data.inputs.flatMap((i) => (i.role === 'numeric' ? [i.features[0] as string] : [])) : data.features;
  if (numeric.length === 0) throw new DataError(data.name, null, null, 'poly needs at least one numeric input column');
  const poly = polynomialEncoding(numeric, degree);
  const clash = poly.features.find((name) => data.features.includes(name));
  if (clash) throw new DataError(data.name, null, clash, 'is both a column and a derived polynomial feature');
  const D = data.cols + poly.features.length;
  const x = featureMatrix(data.rows * D, data.x instanceof Float32Array || isLarge(data.rows * D, float32AboveBytes));
  for (let r = 0; r < data.rows; r++) x.set(data.x.subarray(r * data.cols, (r + 1) * data.cols), r * D);
  const crossed = { ...data, features: [...data.features, ...poly.features], x, cols: D, poly };
  writeMonomials(crossed, poly);
  return crossed;
}

/** (Re)computes the polynomial columns of every row of `data.x` from its encoded ones, in place (after re-imputing). */
export function writeMonomials(data: Pick<Dataset, 'x' | 'rows' | 'cols' | 'features'>, poly: PolynomialEncoding): void {
  const start = data.cols - poly.features.length;
  for (let r = 0; r < data.rows; r++) {
    const at = r * data.cols;
    data.x.set(monomialValues(poly, data.features, data.x.subarray(at, at + start)), at + start);
  }
}
