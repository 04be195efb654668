import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { builtinDataset } from '../../src/data/builtin.js';
import { gatedBackend } from '../../src/session/gated-backend.js';
import { type CvProgress, crossValidate } from '../../src/train/cross-validate.js';

const data = builtinDataset('blobs2').load();
const settings = { optimizer: 'lbfgs', epochs: 8, folds: 3, l2Grid: 3 } as const;

describe('gatedBackend', () => {
  it('waits at the gate before every pass and changes no number', async () => {
    let gates = 0;
    const stages: CvProgress['stage'][] = [];
    const gated = gatedBackend(createCpuBackend(), async () => {
      gates++;
    });
    const cv = await crossValidate(gated, data, { ...settings, onProgress: (p) => stages.push(p.stage) });
    const plain = await crossValidate(createCpuBackend(), data, settings);
    expect(cv.grid).toEqual(plain.grid);
    expect(cv.model.weights).toEqual(plain.model.weights);
    // One gate per batch pass (each reported as a fold round) and per refit pass (at least one per refit epoch).
    const rounds = stages.filter((s) => s === 'folds').length;
    const refit = stages.filter((s) => s === 'refit').length;
    expect(rounds).toBeGreaterThan(0);
    expect(gates).toBeGreaterThanOrEqual(rounds + refit);
  });

  it("a gate that throws ends cross-validation with its error, in the folds' passes and in the refit", async () => {
    for (const stage of ['folds', 'refit'] as const) {
      let stop = false;
      let after = 0;
      const gated = gatedBackend(createCpuBackend(), async () => {
        if (stop) {
          after++;
          throw new Error('stopped');
        }
      });
      const run = crossValidate(gated, data, {
        ...settings,
        onProgress: (p) => {
          if (p.stage === stage) stop = true;
        },
      });
      await expect(run).rejects.toThrow('stopped');
      // Nothing goes on after the first refusal.
      expect(after).toBe(1);
    }
  });
});
