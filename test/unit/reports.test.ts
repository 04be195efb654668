import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { applyStandardization } from '../../src/data/standardize.js';
import { classificationReport, classificationReportFromSamples } from '../../src/report/classification.js';
import { likelihoodReport, samplesOn } from '../../src/report/likelihood.js';
import { withParams } from '../../src/session/training-controller.js';
import { Trainer } from '../../src/train/trainer.js';

/** A trained model and the end-of-run inputs the training worker builds its reports from. */
async function trained(name: string, standardize: boolean) {
  const data = loadBuiltin(name);
  const trainer = new Trainer(createCpuBackend(), data, { epochs: 5, valSplit: 0.2, standardize });
  const start = trainer.model();
  await trainer.run();
  const units = trainer.standardization ? applyStandardization(data, trainer.standardization) : data;
  const samples = await samplesOn(createCpuBackend(), units, trainer.shape, trainer.params());
  return { data, trainer, start, units, samples };
}

describe('end-of-run reports from one forward pass', () => {
  it.each([
    ['blobs2', true],
    ['iris', true],
    ['blobs3', false],
  ] as const)("%s (standardised: %s): the classification report from the samples is the model's own", async (name, standardize) => {
    const { data, trainer, units, samples } = await trained(name, standardize);
    expect(classificationReportFromSamples(units, samples)).toEqual(classificationReport(trainer.model(), data));
  });

  it('ties go to the first class, as predict() breaks them (a logistic model at w = 0)', async () => {
    const data = loadBuiltin('blobs2');
    const trainer = new Trainer(createCpuBackend(), data, {});
    const samples = await samplesOn(createCpuBackend(), data, trainer.shape, trainer.params());
    const report = classificationReportFromSamples(data, samples);
    expect(report).toEqual(classificationReport(trainer.model(), data));
    expect(report.confusion.map((row) => row[1])).toEqual([0, 0]);
  });

  it('the likelihood identity −ln L = Σ CE holds on the shared samples', async () => {
    const { units, samples } = await trained('iris', true);
    const report = likelihoodReport(units, samples, samples);
    expect(report.cpu.sumCrossEntropy).toBeCloseTo(-report.cpu.logLikelihood, 9);
    expect(report.largestSampleDifference).toBe(0);
    expect(report.samples.map((s) => s.label)).toEqual(['setosa', 'setosa', 'versicolor', 'versicolor', 'virginica', 'virginica']);
  });

  it("an epoch's weights on the run's starting model file give the model file the Trainer would have sent", async () => {
    const { trainer, start } = await trained('iris', true);
    expect(withParams(start, trainer.params(), trainer.history.length)).toEqual(trainer.model());
  });
});

describe("the training rows' samples", () => {
  it.each([0, 0.25])(
    'Trainer.samples() (val split %s) are the training rows’ outputs in their order, from the bound problem',
    async (valSplit) => {
      const trainer = new Trainer(createCpuBackend(), loadBuiltin('iris'), { epochs: 4, valSplit });
      await trainer.run();
      const rows = trainer.trainingRows;
      expect(rows.rows).toBe(Math.round(150 * (1 - valSplit)));
      const own = await trainer.samples();
      expect(own).toEqual(await samplesOn(createCpuBackend(), rows, trainer.shape, trainer.params()));
      const report = likelihoodReport(rows, own, null);
      expect(report.rows).toBe(rows.rows);
      expect(report.cpu.logLikelihood).toBeCloseTo(-report.cpu.sumCrossEntropy, 9);
    },
  );
});
