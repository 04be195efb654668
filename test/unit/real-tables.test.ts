/**
 * Real public tables (test/fixtures/real/, sources and licences in the README) train with nothing but the label:
 * text, NA cells and dates are typed and encoded, L-BFGS on the CPU reaches scikit-learn's training accuracy for
 * the same pipeline and λ (bench/sklearn-tables.py: the numbers below), and the model predicts the raw CSV.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { parseCsv } from '../../src/data/csv.js';
import { predict } from '../../src/model/predict.js';
import { Trainer } from '../../src/train/trainer.js';

const tables = [
  {
    file: 'penguins.csv',
    label: 'Species',
    sklearnAccuracy: 1.0,
    roles: { Island: 'categorical', Sex: 'categorical', 'Body Mass (g)': 'numeric' },
  },
  { file: 'cars.csv', label: 'Origin', sklearnAccuracy: 0.798, roles: { Name: 'ignored', Horsepower: 'numeric', Year: 'date' } },
  { file: 'seattle-weather.csv', label: 'weather', sklearnAccuracy: 0.8015, roles: { date: 'date', wind: 'numeric' } },
];

describe.each(tables)('real table $file', ({ file, label, sklearnAccuracy, roles }) => {
  const text = readFileSync(new URL(`../fixtures/real/${file}`, import.meta.url), 'utf8');

  it('types its columns', () => {
    const data = parseCsv(text, { file, label });
    for (const [name, role] of Object.entries(roles)) expect(data.columns?.find((c) => c.name === name)?.role, name).toBe(role);
  });

  it('trains with L-BFGS (λ 1e-3) to within 0.03 of scikit-learn, and predicts the raw CSV as at training', async () => {
    const data = parseCsv(text, { file, label });
    const trainer = new Trainer(createCpuBackend(), data, { optimizer: 'lbfgs', l2: 1e-3, epochs: 500 });
    await trainer.run();
    const { accuracy } = await trainer.evaluate();
    expect(Math.abs(accuracy - sklearnAccuracy)).toBeLessThanOrEqual(0.03);
    const model = trainer.model();
    trainer.dispose();
    const fromRaw = predict(model, text, file).probabilities;
    const fromEncoded = predict(model, data).probabilities;
    expect(fromRaw).toEqual(fromEncoded);
    const hits = fromRaw.filter((p, r) => p.indexOf(Math.max(...p)) === data.y[r]).length;
    expect(hits / data.rows).toBeCloseTo(accuracy, 10);
  });
});
