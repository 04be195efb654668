/** The GPU layout's size math without a GPU (src/gpu/layout.ts, kernels.ts), at awkward N, D, K and binding limits. */
import { describe, expect, it } from 'vitest';
import type { LossKind, ObjectiveSpec } from '../../src/core/types.js';
import { STEP_SUMS_LENGTH, TOTALS_LENGTH } from '../../src/gpu/abi.js';
import { stepKernelSpecs } from '../../src/gpu/kernels.js';
import { type KernelTuning, ProblemLayout } from '../../src/gpu/layout.js';

/** WebGPU's default limits: maxComputeWorkgroupStorageSize, maxStorageBufferBindingSize, maxComputeWorkgroupsPerDimension. */
const WORKGROUP_BYTES = 16384;
const BINDING_BYTES = 128 * 1024 * 1024;
const MAX_WORKGROUPS = 65535;

function spec(features: number, classes = 2, loss: LossKind = 'cross-entropy'): ObjectiveSpec {
  return { shape: { kind: classes === 2 ? 'logistic' : 'softmax', features, classes }, loss, l2: 0 };
}

const layout = (s: ObjectiveSpec, rows: number, o: { binding?: number; chunk?: number; workgroup?: number; tuning?: KernelTuning } = {}) =>
  new ProblemLayout(s, rows, o.binding ?? BINDING_BYTES, o.chunk ?? o.binding ?? BINDING_BYTES, o.workgroup ?? WORKGROUP_BYTES, o.tuning);

/** Awkward shapes: N = 1 and off every multiple, D = 1, 63, 64, 65, 1000, K = 2, 3, 10, 12, 13, 17, 25. */
const SHAPES: [rows: number, features: number, classes: number][] = [
  [1, 1, 2],
  [67, 63, 2],
  [1000, 64, 2],
  [1025, 65, 2],
  [100_003, 5, 2],
  [300, 1000, 2],
  [257, 20, 10],
  [40, 3, 17],
  [4097, 7, 3],
  [999, 13, 12],
  [77, 9, 13],
  [50_001, 2, 25],
];

describe('ProblemLayout', () => {
  it.each(SHAPES)('N=%i D=%i K=%i: chunks cover every row once, each within the chunk limit', (rows, features, classes) => {
    for (const chunkBytes of [BINDING_BYTES, 4096, 16 * Math.ceil(features / 4) * 65, 16 * Math.ceil(features / 4)]) {
      const L = layout(spec(features, classes), rows, { chunk: chunkBytes });
      // Plain checks, not one expect per chunk: the smallest limit makes one chunk per row.
      let next = 0;
      const wrong = L.chunks.filter((chunk) => {
        const ok = chunk.start === next && chunk.rows > 0 && chunk.rows * L.paddedFeatures * 4 <= chunkBytes;
        next += chunk.rows;
        return !ok;
      });
      expect(wrong).toEqual([]);
      expect(next).toBe(rows);
      // Whole chunks of a multiple of 64 rows where 64 rows fit.
      const perChunk = L.chunks[0]?.rows as number;
      if (L.chunks.length > 1 && perChunk >= 64) expect(perChunk % 64).toBe(0);
    }
  });

  it.each(SHAPES)('N=%i D=%i K=%i: the state regions are disjoint and in order', (rows, features, classes) => {
    const L = layout(spec(features, classes), rows);
    const P = L.params;
    expect(P).toBe(L.outputs * (features + 1));
    const r = L.regions;
    const sizes: [number, number][] = [
      [r.params, P],
      [r.moment1, P],
      [r.moment2, P],
      [r.gradient, P],
      [r.norms, 3 * P],
      [r.stepSums, STEP_SUMS_LENGTH],
      [r.totals, TOTALS_LENGTH],
    ];
    let end = 0;
    for (const [start, size] of sizes) {
      expect(start).toBe(end);
      end = start + size;
    }
    expect(r.length).toBe(end);
    expect(L.slot).toBe(P + STEP_SUMS_LENGTH);
  });

  it.each(SHAPES)('N=%i D=%i K=%i: slots and workgroups within limits for every tuning and batch', (rows, features, classes) => {
    for (const tuning of ['cpu', 'gpu'] as const) {
      for (const binding of [BINDING_BYTES, 1 << 16]) {
        let L: ProblemLayout;
        try {
          L = layout(spec(features, classes), rows, { binding, tuning });
        } catch (e) {
          // Only a binding too small for the whole state, order or a slot may refuse a problem.
          expect(binding).toBeLessThan(BINDING_BYTES);
          expect(String(e)).toMatch(/over the storage binding limit/);
          continue;
        }
        expect(L.maxGroups * L.slot * 4).toBeLessThanOrEqual(binding);
        const kernels = stepKernelSpecs(L, 'cross-entropy', { subgroups: false, workgroupSize: 64 });
        for (const batch of new Set([1, 2, 63, 64, 65, 1023, 1024, 4500, rows])) {
          if (batch > rows) continue;
          const groups = L.groups(batch);
          expect(groups).toBeGreaterThanOrEqual(1);
          expect(groups).toBeLessThanOrEqual(Math.min(L.maxGroups, batch));
          for (const d of [...kernels.step, ...kernels.end]) {
            const n = d.workgroups(batch);
            expect(n, d.pipeline.label).toBeGreaterThanOrEqual(1);
            expect(n, d.pipeline.label).toBeLessThanOrEqual(MAX_WORKGROUPS);
          }
        }
        for (const chunk of L.chunks) expect(kernels.samples.workgroups(chunk.rows)).toBeLessThanOrEqual(MAX_WORKGROUPS);
      }
    }
  });

  it('takes the logistic-rows plans up to D = 64 and the tiled one from D = 65', () => {
    for (const D of [1, 4, 61, 64]) {
      expect(layout(spec(D), 100, { tuning: 'cpu' }).plan).toBe('logistic-rows');
      expect(layout(spec(D), 100, { tuning: 'gpu' }).plan).toBe('logistic-rows-reduced');
    }
    for (const D of [65, 68, 1000])
      for (const tuning of ['cpu', 'gpu'] as const) expect(layout(spec(D), 100, { tuning }).plan).toBe('tiled');
  });

  it('takes softmax-split exactly while its dz buffer fits one binding', () => {
    const s = spec(5, 10);
    const dzBytes = layout(s, 1000).dzBytes;
    expect(dzBytes).toBe((10 + 3) * Math.ceil(1000 / 4) * 16);
    expect(layout(s, 1000, { binding: dzBytes }).plan).toBe('softmax-split');
    expect(layout(s, 1000, { binding: dzBytes - 1 }).plan).toBe('tiled');
  });

  it('blocks classes as evenly as possible, at most 12 per block', () => {
    const blocks = (K: number) => layout(spec(3, K), 10).classBlock;
    expect([3, 10, 12, 13, 17, 24, 25].map(blocks)).toEqual([3, 10, 12, 7, 9, 12, 9]);
  });

  it('sizes the tile by the workgroup memory, and refuses what does not fit', () => {
    expect(layout(spec(3), 10).tile).toBe(256);
    expect(layout(spec(3, 100), 10).tile).toBe(Math.floor((WORKGROUP_BYTES - 48) / 4 / (100 + 4)));
    expect(() => layout(spec(3, 100), 10, { workgroup: 256 })).toThrow(/do not fit the adapter's workgroup memory/);
  });

  it('refuses what exceeds one storage binding, naming it', () => {
    expect(() => layout(spec(1000, 10), 10, { binding: 4 * 7 * 10_010 })).toThrow(
      /the parameter state needs .* over the storage binding limit/,
    );
    expect(() => layout(spec(3), 10_000, { binding: 39_996 })).toThrow(/the shuffled order needs 40000 bytes/);
    expect(() => layout(spec(2), 10, { chunk: 4 })).toThrow(/one row of 4 features exceeds the storage binding limit of 4 bytes/);
  });
});
