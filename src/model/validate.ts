import { DAY_PARTS, TIME_PARTS } from '../data/dates.js';
import { type DerivedTerm, termName } from '../data/derived.js';
import { polynomialEncoding } from '../data/polynomial.js';
import type { ModelDerived, XentModel } from './format.js';

const DATE_PARTS: readonly string[] = [...DAY_PARTS, ...TIME_PARTS];

type Fail = (field: string, why: string) => never;

/**
 * Checks that parsed JSON is a model file (version 1 or 2); names the first field that is wrong. A version 2 file
 * with `poly` (written before sines existed) comes back with it as `derived`.
 */
export function parseModel(json: unknown, file = 'model'): XentModel {
  const fail: Fail = (field, why) => {
    throw new Error(`${file}: "${field}" ${why}`);
  };
  if (typeof json !== 'object' || json === null) fail('(root)', 'is not an object');
  const m = json as Record<string, unknown>;
  if (m.format !== 'xent-model') fail('format', 'must be "xent-model"');
  if (m.version !== 1 && m.version !== 2) fail('version', 'must be 1 or 2');
  if (m.kind !== 'logistic' && m.kind !== 'softmax') fail('kind', 'must be "logistic" or "softmax"');
  const features = m.features;
  if (!Array.isArray(features) || !features.every((f) => typeof f === 'string')) fail('features', 'must be a list of names');
  const D = (features as string[]).length;
  const classes = m.classes;
  if (!Array.isArray(classes) || classes.length < 2) fail('classes', 'must list at least 2 classes');
  const rows = m.kind === 'logistic' ? [m.weights] : m.weights;
  const outputs = m.kind === 'logistic' ? 1 : (classes as unknown[]).length;
  if (!Array.isArray(rows) || rows.length !== outputs) fail('weights', `must have ${outputs} row(s)`);
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== D || !row.every(Number.isFinite)) fail('weights', `rows must hold ${D} finite numbers`);
  }
  const bias = m.kind === 'logistic' ? [m.bias] : m.bias;
  if (!Array.isArray(bias) || bias.length !== outputs || !bias.every(Number.isFinite))
    fail('bias', `must hold ${outputs} finite number(s)`);
  checkRowWeights(m.training, fail);
  if (m.version === 1) {
    checkScaling(m.standardize, D, 'standardize', fail);
    return json as XentModel;
  }
  const legacy = m.poly !== undefined;
  const model = legacy ? fromPoly(m, fail) : m;
  checkInputs(model.inputs, model.derived, legacy ? 'poly' : 'derived', features as string[], fail);
  const cv = (model.training as Record<string, unknown> | undefined)?.cv;
  if (cv !== undefined) checkCv(cv, fail);
  return model as unknown as XentModel;
}

/**
 * Version 2's inputs: known roles, consistent encodings, and together with the derived features (if any, read from
 * the file's `field`) exactly the model's features in order.
 */
function checkInputs(value: unknown, derivedValue: unknown, field: string, features: string[], fail: Fail): void {
  if (!Array.isArray(value) || value.length === 0) fail('inputs', 'must list the input columns');
  const inputs = value as Record<string, unknown>[];
  const encoded: unknown[] = [];
  const scaled = inputs.map((input, i) => {
    const at = `inputs[${i}]`;
    if (typeof input !== 'object' || input === null || typeof input.name !== 'string') fail(at, 'must be an object with a name');
    const names = input.features;
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) fail(`${at}.features`, 'must be a list of names');
    const width = (names as string[]).length;
    encoded.push(...(names as string[]));
    const indicator = input.indicator ? 1 : 0;
    if (input.role === 'numeric') {
      if (!Number.isFinite(input.impute)) fail(`${at}.impute`, 'must be a finite number');
      if (width !== 1 + indicator) fail(`${at}.features`, `must have ${1 + indicator} name(s)`);
    } else if (input.role === 'categorical') {
      const levels = input.levels;
      if (!Array.isArray(levels) || levels.length < 2 || !levels.every((l) => typeof l === 'string' || l === null))
        fail(`${at}.levels`, 'must list at least 2 levels (strings, or null for missing)');
      const want = (levels as unknown[]).length === 2 ? 1 : (levels as unknown[]).length;
      if (width !== want) fail(`${at}.features`, `must have ${want} name(s)`);
    } else if (input.role === 'date') {
      const parts = input.parts;
      if (!Array.isArray(parts) || !parts.every((p) => DATE_PARTS.includes(p)))
        fail(`${at}.parts`, `must be some of ${DATE_PARTS.join(', ')}`);
      const impute = input.impute;
      if (!Array.isArray(impute) || impute.length !== (parts as unknown[]).length || !impute.every(Number.isFinite))
        fail(`${at}.impute`, 'must hold one finite number per part');
      if (width !== (parts as unknown[]).length + indicator) fail(`${at}.features`, 'must name each part (and the indicator)');
    } else fail(`${at}.role`, 'must be "numeric", "categorical" or "date"');
    checkScaling(input.standardize, width, `${at}.standardize`, fail);
    return input.standardize !== null;
  });
  if (derivedValue !== undefined) {
    const derived = checkDerived(derivedValue, inputs, field, fail);
    encoded.push(...derived.features);
    scaled.push(derived.standardize !== null);
  }
  if (encoded.length !== features.length || encoded.some((n, j) => n !== features[j]))
    fail('inputs', 'must encode exactly the model\'s "features", in order');
  if (scaled.some((s) => s !== scaled[0])) fail('inputs', 'must all be standardised or none');
}

/**
 * The derived features: numeric inputs' values (`of`) and terms over them, each a product of at least two factors
 * (non-decreasing indices) or a sine, named as termName names them; with a `degree`, exactly its monomials.
 */
function checkDerived(value: unknown, inputs: Record<string, unknown>[], field: string, fail: Fail): ModelDerived {
  const derived = value as Record<string, unknown>;
  if (typeof derived !== 'object' || derived === null) fail(field, 'must be an object');
  const { degree, of, terms } = derived;
  const numeric = inputs.filter((i) => i.role === 'numeric').map((i) => (i.features as string[])[0]);
  if (!Array.isArray(of) || of.length === 0 || !of.every((n) => numeric.includes(n)) || new Set(of).size !== of.length)
    fail(`${field}.of`, 'must list distinct numeric inputs (their value features)');
  const index = (j: unknown) => Number.isInteger(j) && (j as number) >= 0 && (j as number) < (of as unknown[]).length;
  const term = (t: Record<string, unknown>) =>
    typeof t === 'object' &&
    t !== null &&
    ((t.kind === 'sin' && index(t.of)) ||
      (t.kind === 'product' &&
        Array.isArray(t.of) &&
        t.of.length >= 2 &&
        t.of.every((j, k, all) => index(j) && (k === 0 || j >= (all[k - 1] as number)))));
  if (!Array.isArray(terms) || terms.length === 0 || !terms.every(term))
    fail(`${field}.terms`, 'must list products (2 or more factors, in order) and sines of indices into "of"');
  if (degree !== undefined) {
    if (!(Number.isInteger(degree) && (degree as number) >= 2)) fail(`${field}.degree`, 'must be an integer of at least 2');
    const want = polynomialEncoding(of as string[], degree as number);
    if (JSON.stringify(terms) !== JSON.stringify(want.terms)) fail(`${field}.terms`, `must be the monomials of degree 2 to ${degree}`);
  }
  const names = (terms as DerivedTerm[]).map((t) => termName(of as string[], t));
  if (JSON.stringify(derived.features) !== JSON.stringify(names)) fail(`${field}.features`, 'must name the terms');
  checkScaling(derived.standardize, names.length, `${field}.standardize`, fail);
  return derived as unknown as ModelDerived;
}

/** A file written before sines existed: `poly`, whose terms are lists of factors, in the derived form. */
function fromPoly(m: Record<string, unknown>, fail: Fail): Record<string, unknown> {
  if (m.derived !== undefined) fail('poly', 'cannot be given with "derived"');
  const { poly, ...rest } = m;
  if (typeof poly !== 'object' || poly === null) fail('poly', 'must be an object');
  const { terms } = poly as Record<string, unknown>;
  if (!Array.isArray(terms) || !terms.every(Array.isArray)) fail('poly.terms', 'must list the monomials as lists of factors');
  return { ...rest, derived: { ...poly, terms: (terms as number[][]).map((of) => ({ kind: 'product', of })) } };
}

/** `training.classWeight` and `training.sampleWeight`, where a file records them. */
function checkRowWeights(training: unknown, fail: Fail): void {
  const t = (typeof training === 'object' && training !== null ? training : {}) as Record<string, unknown>;
  if (t.classWeight !== undefined && t.classWeight !== 'balanced' && t.classWeight !== 'none')
    fail('training.classWeight', 'must be "balanced" or "none"');
  if (t.sampleWeight !== undefined && t.sampleWeight !== null && typeof t.sampleWeight !== 'string')
    fail('training.sampleWeight', 'must be a column name or null');
}

/** `training.cv`: the fold count and a non-empty grid of numbers (validation numbers null where a fold diverged). */
function checkCv(value: unknown, fail: Fail): void {
  const cv = value as Record<string, unknown>;
  if (typeof cv !== 'object' || cv === null) fail('training.cv', 'must be an object');
  if (!(Number.isInteger(cv.folds) && (cv.folds as number) >= 2)) fail('training.cv.folds', 'must be an integer of at least 2');
  if (!Array.isArray(cv.grid) || cv.grid.length === 0) fail('training.cv.grid', 'must list the grid points');
  for (const [i, point] of (cv.grid as Record<string, unknown>[]).entries()) {
    const at = `training.cv.grid[${i}]`;
    if (typeof point !== 'object' || point === null) fail(at, 'must be an object');
    for (const key of ['l2', 'lr'] as const) if (!Number.isFinite(point[key])) fail(`${at}.${key}`, 'must be a finite number');
    for (const key of ['valLoss', 'valLossSd', 'valAccuracy'] as const) {
      if (point[key] !== null && !Number.isFinite(point[key])) fail(`${at}.${key}`, 'must be a finite number or null');
    }
    if (!(Number.isInteger(point.epochs) && (point.epochs as number) >= 0)) fail(`${at}.epochs`, 'must be a non-negative integer');
  }
}

function checkScaling(value: unknown, D: number, field: string, fail: Fail): void {
  if (value === null) return;
  const s = value as { mean?: unknown; std?: unknown } | undefined;
  const ok = (v: unknown, positive = false) =>
    Array.isArray(v) && v.length === D && v.every((x) => Number.isFinite(x) && (!positive || x > 0));
  if (!ok(s?.mean) || !ok(s?.std, true)) {
    fail(field, `must be null or {mean, std} with ${D} values each (std > 0)`);
  }
}
