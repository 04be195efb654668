/** Imputation is learned on the training rows only: the validation rows leak into neither features nor model file. */
import { describe, expect, it } from 'vitest';
import type { FeatureMatrix } from '../../src/core/types.js';
import { parseCsv } from '../../src/data/csv.js';
import { imputeFromTraining } from '../../src/data/impute.js';
import { validationSplit } from '../../src/train/split.js';

describe('imputeFromTraining', () => {
  it('recomputes the means over the training rows and fills the missing cells of both parts with them', () => {
    const lines = [
      'a,d,y',
      ...Array.from(
        { length: 40 },
        (_, i) =>
          `${i % 5 === 0 ? 'NA' : i * i},${i % 7 === 0 ? '' : `2020-01-${String((i % 28) + 1).padStart(2, '0')}`},${i % 2 ? 'p' : 'q'}`,
      ),
    ];
    const data = parseCsv(lines.join('\n'), { file: 't.csv', label: 'y' });
    expect(data.features).toEqual(['a', 'a:missing', 'd:year', 'd:day_sin', 'd:day_cos', 'd:missing']);
    const split = validationSplit(data, 0.25, 3);
    const { train, validation } = imputeFromTraining(split.train, split.validation);
    const cell = (x: FeatureMatrix, r: number, j: number) => x[r * data.cols + j] as number;
    const present = Array.from({ length: train.rows }, (_, r) => r).filter((r) => cell(split.train.x, r, 1) === 0);
    const mean = present.reduce((s, r) => s + cell(split.train.x, r, 0), 0) / present.length;
    expect(mean).not.toBeCloseTo(data.inputs?.[0]?.role === 'numeric' ? data.inputs[0].impute : 0, 3);
    expect(train.inputs?.[0]).toMatchObject({ role: 'numeric', impute: mean });
    for (const part of [train, validation]) {
      if (!part) throw new Error('no validation part');
      for (let r = 0; r < part.rows; r++) if (cell(part.x, r, 1) === 1) expect(cell(part.x, r, 0)).toBe(mean);
    }
    const dateImpute = train.inputs?.[1]?.role === 'date' ? train.inputs[1].impute : [];
    expect(dateImpute).toHaveLength(3);
  });

  it('leaves a table without a validation part as parsed', () => {
    const data = parseCsv('a,y\n1,p\nNA,q\n3,p\n', { file: 't.csv', label: 'y' });
    expect(imputeFromTraining(data, null).train).toBe(data);
  });
});
