import type { XentModel } from './format.js';

/** Checks that parsed JSON is a model file of DESIGN §4; names the first field that is wrong. */
export function parseModel(json: unknown, file = 'model'): XentModel {
  const fail = (field: string, why: string): never => {
    throw new Error(`${file}: "${field}" ${why}`);
  };
  if (typeof json !== 'object' || json === null) fail('(root)', 'is not an object');
  const m = json as Record<string, unknown>;
  if (m.format !== 'xent-model') fail('format', 'must be "xent-model"');
  if (m.version !== 1) fail('version', 'must be 1');
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
  const s = m.standardize as { mean?: unknown; std?: unknown } | null;
  if (s !== null && (!Array.isArray(s?.mean) || !Array.isArray(s?.std) || s.mean.length !== D || s.std.length !== D)) {
    fail('standardize', `must be null or {mean, std} with ${D} values each`);
  }
  return json as XentModel;
}
