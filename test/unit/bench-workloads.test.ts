import { describe, expect, it } from 'vitest';
import { generateDataset, type Workload } from '../../bench/workloads.js';

const small = (kind: Workload['kind'], seed: number): Workload => ({
  kind,
  rows: 300,
  features: 7,
  classes: kind === 'logistic' ? 2 : 4,
  batches: [300],
  lr: 0.1,
  seed,
});

describe('bench synthetic data', () => {
  for (const kind of ['logistic', 'softmax'] as const) {
    it(`${kind}: the same seed gives the same bits, another seed other data`, () => {
      const a = generateDataset(small(kind, 5));
      const b = generateDataset(small(kind, 5));
      const c = generateDataset(small(kind, 6));
      expect(a.x).toEqual(b.x);
      expect(a.y).toEqual(b.y);
      expect(a.x).not.toEqual(c.x);
    });

    it(`${kind}: shape, finite features and every class present`, () => {
      const w = small(kind, 3);
      const d = generateDataset(w);
      expect(d.x.length).toBe(w.rows * w.features);
      expect(d.x.every(Number.isFinite)).toBe(true);
      expect(d.classes).toHaveLength(w.classes);
      expect(new Set(d.y)).toEqual(new Set(Array.from({ length: w.classes }, (_, k) => k)));
    });
  }
});
