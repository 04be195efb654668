/** predict() takes raw rows: records and CSV text for version 2 models; version 1 files still predict. */
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { parseCsv } from '../../src/data/csv.js';
import type { XentModelV1 } from '../../src/model/format.js';
import { predict } from '../../src/model/predict.js';
import { parseModel } from '../../src/model/validate.js';
import { Trainer } from '../../src/train/trainer.js';

const text = [
  'w,kind,when,label',
  '1.5,a,2020-01-05,p',
  'NA,b,2020-06-01,q',
  '3,a,NA,p',
  '4.5,c,2021-03-03,q',
  '2,b,2020-02-02,q',
  '5,,2021-09-09,p',
].join('\n');

describe('predict on raw rows', () => {
  it('gives the training-time probabilities from CSV text, records and the encoded rows alike', async () => {
    const data = parseCsv(text, { file: 't.csv', label: 'label' });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', epochs: 20, l2: 0.1 });
    await trainer.run();
    const model = parseModel(JSON.parse(JSON.stringify(trainer.model())));
    trainer.dispose();
    expect(model.version).toBe(2);
    const encoded = predict(model, data).probabilities;
    const fromText = predict(model, text, 't.csv');
    expect(fromText.probabilities).toEqual(encoded);
    const reordered = 'label,when,extra,kind,w\n,2020-01-05,zzz,a,1.5\n';
    expect(predict(model, reordered).probabilities[0]).toEqual(encoded[0]);
    const records = predict(model, [
      { w: 1.5, kind: 'a', when: '2020-01-05' },
      { w: null, kind: 'new', when: undefined },
    ]);
    expect(records.probabilities[0]).toEqual(encoded[0]);
    expect(records.unseen).toBe(1);
  });

  it('names file, row and column of a bad raw cell, and a missing input column', () => {
    const data = parseCsv(text, { file: 't.csv', label: 'label' });
    const model = { ...parseModelFromData(data) };
    expect(() => predict(model, 'w,kind,when\n1,a,2020-01-01\nlots,a,2020-01-01\n', 'new.csv')).toThrow(
      /new\.csv, row 3, column "w": "lots" is not a finite number/,
    );
    expect(() => predict(model, 'w,kind\n1,a\n', 'new.csv')).toThrow(/new\.csv, row 1, column "when": missing input column/);
  });

  it('a version 1 model predicts encoded rows, records and CSV text', () => {
    const v1: XentModelV1 = {
      format: 'xent-model',
      version: 1,
      kind: 'logistic',
      features: ['a', 'b'],
      label: 'y',
      classes: ['n', 'p'],
      weights: [1, -2],
      bias: 0.5,
      standardize: { mean: [1, 2], std: [2, 4] },
      training: { optimizer: 'lbfgs', lr: 0.1, l2: 0, epochs: 1, batchSize: 'full', seed: 1, backend: 'cpu' },
    };
    const z = (3 - 1) / 2 - (2 * (6 - 2)) / 4 + 0.5;
    const p = 1 / (1 + Math.exp(-z));
    for (const rows of [[[3, 6]], [{ a: 3, b: '6' }], 'b,a,y\n6,3,n\n']) {
      expect(predict(parseModel(v1), rows).probabilities[0]?.[1]).toBeCloseTo(p, 14);
    }
    expect(() => predict(v1, [{ a: 3, b: null }])).toThrow(/column "b": missing value/);
  });
});

/** A model file for `data` with zero weights (enough to check the raw-row checks). */
function parseModelFromData(data: ReturnType<typeof parseCsv>) {
  return parseModel({
    format: 'xent-model',
    version: 2,
    kind: 'logistic',
    inputs: data.inputs?.map((i) => ({ ...i, standardize: null })),
    features: data.features,
    label: data.label,
    classes: data.classes,
    weights: data.features.map(() => 0),
    bias: 0,
    training: { optimizer: 'lbfgs', lr: 0.1, l2: 0, epochs: 1, batchSize: 'full', seed: 1, backend: 'cpu' },
  });
}
