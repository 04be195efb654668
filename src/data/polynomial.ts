/**
 * Feature crosses as scikit-learn's PolynomialFeatures (include_bias false): every monomial of degree 2..degree of
 * the numeric inputs, as derived features (derived.ts). The encoded features stay first (degree 1), then the
 * monomials by degree, each degree in lexicographic order of the factors' column indices (x1², x1·x2, x2², …).
 * Categorical, date and missing-indicator features are not crossed.
 */
import { DataError, type Dataset } from './dataset.js';
import { type DerivedFeatures, type DerivedTerm, numericInputs, termName, withDerived } from './derived.js';

/** Checks a `poly` option: an integer degree of at least 2. */
export function checkDegree(degree: number): void {
  if (!(Number.isInteger(degree) && degree >= 2)) throw new Error(`poly must be an integer degree of at least 2, got ${degree}`);
}

/** The monomials of degree 2..degree of the features `of`, in PolynomialFeatures' order. */
export function polynomialEncoding(of: string[], degree: number): DerivedFeatures {
  checkDegree(degree);
  const products: number[][] = [];
  let previous: number[][] = of.map((_, j) => [j]);
  for (let d = 2; d <= degree; d++) {
    // Each term of degree d extends one of degree d − 1 by a factor at least its last: combinations with replacement.
    previous = previous.flatMap((term) => of.slice(term.at(-1)).map((_, k) => [...term, (term.at(-1) as number) + k]));
    products.push(...previous);
  }
  const terms = products.map((factors): DerivedTerm => ({ kind: 'product', of: factors }));
  return { degree, of: [...of], terms, features: terms.map((term) => termName(of, term)) };
}

/** The data set with the monomials of its numeric inputs up to `degree` appended as features. */
export function withPolynomial(data: Dataset, degree: number, float32AboveBytes?: number): Dataset {
  const numeric = numericInputs(data);
  if (numeric.length === 0) throw new DataError(data.name, null, null, 'poly needs at least one numeric input column');
  return withDerived(data, polynomialEncoding(numeric, degree), float32AboveBytes);
}
