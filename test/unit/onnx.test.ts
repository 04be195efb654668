/**
 * ONNX export: the exported graph, run by ONNX Runtime, gives the probabilities of the float64 `predict`
 * on the same rows, for both model kinds, with and without standardisation.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import type { ModelKind } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { parseCsv } from '../../src/data/csv.js';
import type { Dataset } from '../../src/data/dataset.js';
import { dateParts, parseIsoDate } from '../../src/data/dates.js';
import { withCrosses } from '../../src/data/derived.js';
import type { RawRecord } from '../../src/data/encode-record.js';
import { isMissingText } from '../../src/data/missing.js';
import { withPolynomial } from '../../src/data/polynomial.js';
import type { XentModel, XentModelV1 } from '../../src/model/format.js';
import { toOnnx } from '../../src/model/onnx.js';
import { predict } from '../../src/model/predict.js';
import { parseModel } from '../../src/model/validate.js';
import { Trainer } from '../../src/train/trainer.js';

const D = 5;

/**
 * A model with moderate random parameters: weights ~ N(0, 0.5²), std in [0.5, 2]. ORT computes in float32, so
 * its logits carry an error of about D·|w|·|x|·2⁻²³ ≈ 1e-7; σ′ ≤ 1/4 (softmax's Jacobian is as small) keeps the
 * probabilities well within 1e-6 of float64. Large weights or tiny stds would amplify it past that.
 */
function randomModel(kind: ModelKind, standardized: boolean, seed: number): XentModelV1 {
  const random = new Random(seed);
  const k = kind === 'logistic' ? 2 : 4;
  const vector = (n: number, draw: () => number) => Array.from({ length: n }, draw);
  const weightRows = vector(kind === 'logistic' ? 1 : k, () => 0).map(() => vector(D, () => 0.5 * random.normal()));
  const biases = vector(weightRows.length, () => random.normal());
  return {
    format: 'xent-model',
    version: 1,
    kind,
    features: vector(D, () => 0).map((_, j) => `f${j}`),
    label: 'class',
    classes: vector(k, () => 0).map((_, c) => `class ${c}`),
    weights: kind === 'logistic' ? (weightRows[0] as number[]) : weightRows,
    bias: kind === 'logistic' ? (biases[0] as number) : biases,
    standardize: standardized ? { mean: vector(D, () => 6 * random.next() - 3), std: vector(D, () => 0.5 + 1.5 * random.next()) } : null,
    training: { optimizer: 'adam', lr: 0.1, l2: 0, epochs: 1, batchSize: 'full', seed, backend: 'cpu' },
  };
}

/**
 * Rows around the model's mean (or N(0, 1) when it does not standardise), rounded to float32 so ORT and the
 * float64 reference see the same input values: only the export's own error is measured.
 */
function randomRows(model: XentModelV1, n: number, seed: number): number[][] {
  const random = new Random(seed);
  const mean = model.standardize?.mean ?? Array<number>(D).fill(0);
  const std = model.standardize?.std ?? Array<number>(D).fill(1);
  return Array.from({ length: n }, () => mean.map((m, j) => Math.fround(m + (std[j] as number) * 2 * random.normal())));
}

async function runOnnx(model: XentModel, rows: number[][]): Promise<{ output: string; dims: readonly number[]; values: number[] }> {
  const session = await ort.InferenceSession.create(toOnnx(model));
  try {
    expect(session.inputNames).toEqual(['features']);
    const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, D]);
    const results = await session.run({ features: input });
    const [output] = session.outputNames;
    const tensor = results[output as string] as ort.Tensor;
    return { output: output as string, dims: tensor.dims, values: Array.from(tensor.data as Float32Array) };
  } finally {
    await session.release();
  }
}

const cases = (['logistic', 'softmax'] as const).flatMap((kind) => [true, false].map((standardized) => ({ kind, standardized })));

describe('toOnnx', () => {
  it.each(cases)('$kind, standardize $standardized: ONNX Runtime matches predict within 1e-6', async ({ kind, standardized }) => {
    for (const [seed, n] of [
      [1, 1],
      [2, 37],
    ] as const) {
      const model = randomModel(kind, standardized, seed);
      const rows = randomRows(model, n, seed + 100);
      const expected = predict(model, rows).probabilities;
      const { output, dims, values } = await runOnnx(model, rows);
      // Logistic: one column, P(classes[1]), where predict gives [1 − p, p]. Softmax: all K columns.
      const logistic = kind === 'logistic';
      expect(output).toBe(logistic ? 'probability' : 'probabilities');
      expect(dims).toEqual([n, logistic ? 1 : model.classes.length]);
      const want = logistic ? expected.map((p) => p[1] as number) : expected.flat();
      expect(values).toHaveLength(want.length);
      expect(Math.max(...want.map((p, i) => Math.abs((values[i] as number) - p)))).toBeLessThan(1e-6);
    }
  });

  it('records classes, features, label and the positive class in metadata_props', () => {
    const model = randomModel('logistic', true, 3);
    expect(metadataProps(toOnnx(model))).toEqual({
      kind: 'logistic',
      classes: JSON.stringify(model.classes),
      features: JSON.stringify(model.features),
      label: 'class',
      positive_class: 'class 1',
    });
  });

  it('refuses a malformed model, naming the field', () => {
    const model = randomModel('softmax', false, 4);
    expect(() => toOnnx({ ...model, bias: [0, 1] })).toThrow(/bias/);
  });
});

/** ModelProto.metadata_props (field 14): a reader just deep enough to find them, independent of the writer. */
function metadataProps(bytes: Uint8Array): Record<string, string> {
  const props: Record<string, string> = {};
  for (const { field, value } of fields(bytes)) {
    if (field !== 14 || value === undefined) continue;
    const entry = Object.fromEntries(fields(value).map((f) => [f.field, new TextDecoder().decode(f.value)]));
    props[entry[1] as string] = entry[2] as string;
  }
  return props;
}

/** Top-level fields of one message; length-delimited ones carry their bytes, varints none. */
function fields(bytes: Uint8Array): { field: number; value?: Uint8Array }[] {
  const out: { field: number; value?: Uint8Array }[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 1; ; shift *= 128) {
      const byte = bytes[at++] as number;
      value += (byte & 0x7f) * shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < bytes.length) {
    const tag = varint();
    const wireType = tag & 7;
    if (wireType === 0) {
      varint();
      out.push({ field: tag >>> 3 });
    } else if (wireType === 2) {
      const length = varint();
      out.push({ field: tag >>> 3, value: bytes.subarray(at, at + length) });
      at += length;
    } else {
      throw new Error(`unexpected wire type ${wireType}`);
    }
  }
  return out;
}

describe('xent train --onnx', () => {
  it('writes an ONNX file that ONNX Runtime loads and that predicts what the model file predicts (iris, trained)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xent-onnx-'));
    const [onnxFile, jsonFile] = [join(dir, 'iris.onnx'), join(dir, 'iris.json')];
    await promisify(execFile)('node', [
      'bin/xent.js',
      'train',
      'builtin:iris',
      '--backend',
      'cpu',
      '--epochs',
      '20',
      '--onnx',
      onnxFile,
      '--out',
      jsonFile,
    ]);
    const model = parseModel(JSON.parse(readFileSync(jsonFile, 'utf8')));
    const data = loadBuiltin('iris');
    const rows = Array.from({ length: data.rows }, (_, r) => Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols)));
    const session = await ort.InferenceSession.create(readFileSync(onnxFile));
    expect(session.inputNames).toEqual(data.features);
    const feeds = Object.fromEntries(
      data.features.map((f, j) => [
        f,
        new ort.Tensor(
          'float32',
          Float32Array.from(rows, (r) => r[j] as number),
          [rows.length, 1],
        ),
      ]),
    );
    const got = Array.from((await session.run(feeds)).probabilities?.data as Float32Array);
    await session.release();
    const want = predict(model, rows).probabilities.flat();
    // The iris values have 2 significant digits, so float32 inputs differ from float64 by ~1e-7 relative.
    expect(Math.max(...want.map((p, i) => Math.abs((got[i] as number) - p)))).toBeLessThan(1e-6);
  });
});

/** A table with every kind of column: numbers with missing cells, a category with a missing level, a yes/no column, dates. */
function mixedTable(rows: number): string {
  const random = new Random(11);
  const lines = ['size,colour,big,day,id,label'];
  for (let i = 0; i < rows; i++) {
    const size = random.next() < 0.15 ? 'NA' : String(Math.round(40 * random.next()) / 2);
    const colour = random.next() < 0.1 ? '' : (['red', 'green', 'blue'][random.int(3)] as string);
    const big = random.next() < 0.5 ? 'yes' : 'no';
    const day = random.next() < 0.1 ? 'NA' : `20${10 + random.int(10)}-0${1 + random.int(9)}-1${random.int(10)}`;
    const score = (size === 'NA' ? 10 : Number(size)) - 10 + (colour === 'red' ? 3 : 0) + (big === 'yes' ? 1 : 0) + 2 * random.normal();
    lines.push(`${size},${colour},${big},${day},row${i},${score > 0 ? 'high' : 'low'}`);
  }
  return lines.join('\n');
}

/** ORT feeds of raw records: numbers as float (NaN missing), text as strings, dates as their parts. */
function rawFeeds(model: XentModel, records: RawRecord[]): Record<string, ort.Tensor> {
  if (model.version !== 2) throw new Error('a version 2 model is needed');
  const n = records.length;
  return Object.fromEntries(
    model.inputs.map((input) => {
      const cells = records.map((r) => String(r[input.name] ?? '').trim());
      if (input.role === 'categorical') return [input.name, new ort.Tensor('string', cells, [n, 1])];
      if (input.role === 'numeric') {
        return [
          input.name,
          new ort.Tensor(
            'float32',
            Float32Array.from(cells, (c) => (isMissingText(c) ? Number.NaN : Number(c))),
            [n, 1],
          ),
        ];
      }
      const parts = cells.flatMap((c) => {
        const date = isMissingText(c) ? null : parseIsoDate(c);
        return date ? dateParts(date.ms, input.parts) : input.parts.map(() => Number.NaN);
      });
      return [input.name, new ort.Tensor('float32', Float32Array.from(parts), [n, input.parts.length])];
    }),
  );
}

describe('toOnnx on raw columns (version 2)', () => {
  it.each(['logistic', 'softmax'] as const)(
    '%s: imputation, one-hot, dates and scaling inside the graph match predict on raw rows within 1e-5',
    async (kind) => {
      const text = mixedTable(120);
      const data = parseCsv(text, { file: 'mixed.csv', label: 'label' });
      expect(data.inputs?.map((i) => i.role)).toEqual(['numeric', 'categorical', 'categorical', 'date']);
      const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 30, l2: 1e-3, model: kind, valSplit: 0.2 });
      await trainer.run();
      const model = parseModel(JSON.parse(JSON.stringify(trainer.model())));
      trainer.dispose();
      const lines = text.split('\n');
      const header = (lines[0] as string).split(',');
      const records: RawRecord[] = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, j) => [header[j] as string, c])));
      records.push({ size: 7, colour: 'purple', big: 'no', day: '2015-12-31' }, { size: null, colour: null, big: 'yes', day: null });
      const want = predict(model, records);
      expect(want.unseen).toBe(1);
      const session = await ort.InferenceSession.create(toOnnx(model));
      const output = kind === 'logistic' ? 'probability' : 'probabilities';
      const got = Array.from((await session.run(rawFeeds(model, records)))[output]?.data as Float32Array);
      await session.release();
      const expected = want.probabilities.flatMap((p) => (kind === 'logistic' ? [p[1] as number] : p));
      expect(got).toHaveLength(expected.length);
      expect(Math.max(...expected.map((p, i) => Math.abs((got[i] as number) - p)))).toBeLessThan(1e-5);
    },
  );
});

describe('toOnnx with derived features', () => {
  /** ORT's probabilities on raw records against predict's, as the largest absolute gap. */
  async function gap(model: XentModel, records: RawRecord[]): Promise<number> {
    const want = predict(model, records).probabilities;
    const session = await ort.InferenceSession.create(toOnnx(model));
    const output = model.kind === 'logistic' ? 'probability' : 'probabilities';
    const got = Array.from((await session.run(rawFeeds(model, records)))[output]?.data as Float32Array);
    await session.release();
    const expected = want.flatMap((p) => (model.kind === 'logistic' ? [p[1] as number] : p));
    expect(got).toHaveLength(expected.length);
    return Math.max(...expected.map((p, i) => Math.abs((got[i] as number) - p)));
  }

  async function trained(data: Dataset, kind: ModelKind): Promise<XentModel> {
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 30, l2: 1e-3, model: kind, standardize: true });
    await trainer.run();
    const model = parseModel(JSON.parse(JSON.stringify(trainer.model())));
    trainer.dispose();
    return model;
  }

  it.each(['logistic', 'softmax'] as const)(
    '%s: imputed numbers cubed by Mul nodes before scaling match predict within 1e-5',
    async (kind) => {
      const text = mixedTable(120);
      const data = parseCsv(text, { file: 'mixed.csv', label: 'label', poly: 3 });
      expect(data.features.slice(-2)).toEqual(['size^2', 'size^3']);
      const model = await trained(data, kind);
      const lines = text.split('\n');
      const header = (lines[0] as string).split(',');
      const records: RawRecord[] = lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((c, j) => [header[j] as string, c])));
      records.push({ size: null, colour: 'red', big: 'no', day: '2015-12-31' });
      expect(await gap(model, records)).toBeLessThan(1e-5);
    },
  );

  it('crosses of two columns (builtin:circle, poly 2) match predict within 1e-5', async () => {
    const data = withPolynomial(loadBuiltin('circle'), 2);
    const model = await trained(data, 'logistic');
    expect(model.features).toEqual(['x1', 'x2', 'x1^2', 'x1*x2', 'x2^2']);
    // float32 inputs, so ORT and predict multiply the same numbers.
    const records = Array.from({ length: data.rows }, (_, r) => ({
      x1: Math.fround(data.x[r * data.cols] as number),
      x2: Math.fround(data.x[r * data.cols + 1] as number),
    }));
    expect(await gap(model, records)).toBeLessThan(1e-5);
  });

  it.each(['logistic', 'softmax'] as const)('%s: crosses with sines (Sin nodes) match predict on random rows within 1e-5', async (kind) => {
    const data = withCrosses(loadBuiltin('xor'), ['sin(x2)', 'x1*x2', 'x1^2', 'sin(x1)']);
    const model = await trained(data, kind);
    expect(model.version === 2 && model.derived?.terms).toEqual([
      { kind: 'sin', of: 1 },
      { kind: 'product', of: [0, 1] },
      { kind: 'product', of: [0, 0] },
      { kind: 'sin', of: 0 },
    ]);
    const random = new Random(kind === 'logistic' ? 17 : 18);
    const cell = () => Math.fround(14 * random.next() - 7);
    const records: RawRecord[] = Array.from({ length: 157 }, () => ({ x1: cell(), x2: cell() }));
    records.push({ x1: null, x2: cell() }, { x1: cell(), x2: 'NA' });
    expect(await gap(model, records)).toBeLessThan(1e-5);
  });
});
