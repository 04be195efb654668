import { describe, expect, it } from 'vitest';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { predict } from '../../src/model/predict.js';
import { Trainer, TrainingError } from '../../src/train/trainer.js';
import { randomDataset } from './helpers.js';

describe('Trainer on the CPU backend', () => {
  it('L-BFGS reaches a gradient norm below 1e-8 on a strongly convex problem (logistic, l2 > 0)', async () => {
    const trainer = new Trainer(createCpuBackend(), loadBuiltin('blobs2'), { optimizer: 'lbfgs', l2: 0.01 });
    await trainer.run();
    const final = await trainer.evaluate();
    expect(final.gradNorm).toBeLessThan(1e-8);
    expect(trainer.history.length).toBeLessThan(trainer.options.epochs);
  });

  it('L-BFGS reaches a gradient norm below 1e-8 on softmax (iris, K = 3)', async () => {
    const trainer = new Trainer(createCpuBackend(), loadBuiltin('iris'), { optimizer: 'lbfgs', l2: 0.01 });
    await trainer.run();
    expect((await trainer.evaluate()).gradNorm).toBeLessThan(1e-8);
  });

  it.each(['sgd', 'momentum', 'adam'] as const)('%s mini-batch training lowers the loss from ln K', async (optimizer) => {
    const trainer = new Trainer(createCpuBackend(), loadBuiltin('blobs3'), { optimizer, lr: 0.05, batchSize: 32, epochs: 5 });
    const history = await trainer.run();
    expect(history).toHaveLength(5);
    expect(history[4]?.loss).toBeLessThan(Math.log(3) * 0.6);
  });

  it('the same seed gives the same history; another seed shuffles differently', async () => {
    const run = async (seed: number) =>
      (
        await new Trainer(createCpuBackend(), loadBuiltin('blobs2'), { optimizer: 'sgd', lr: 0.1, batchSize: 16, epochs: 3, seed }).run()
      ).map((r) => r.loss);
    expect(await run(4)).toEqual(await run(4));
    expect(await run(4)).not.toEqual(await run(5));
  });

  it('a validation split reports validation loss and accuracy', async () => {
    const history = await new Trainer(createCpuBackend(), loadBuiltin('blobs2'), { valSplit: 0.25, epochs: 3 }).run();
    for (const r of history) {
      expect(r.valLoss).toBeGreaterThan(0);
      expect(r.valAccuracy).toBeGreaterThan(0.5);
    }
  });

  it('early stopping restores the best weights', async () => {
    // Pure noise labels: validation loss soon rises, so patience ends the run and the best epoch's weights return.
    const data = randomDataset(21, 120, 8, 2);
    const trainer = new Trainer(createCpuBackend(), data, { valSplit: 0.5, epochs: 200, patience: 3, optimizer: 'adam', lr: 0.2 });
    const history = await trainer.run();
    expect(history.length).toBeLessThan(200);
    const best = Math.min(...history.map((r) => r.valLoss as number));
    const bestEpoch = history.find((r) => r.valLoss === best)?.epoch as number;
    expect(history.length).toBe(bestEpoch + 3);
    expect(trainer.model().training.epochs).toBe(history.length);
  });

  it('divergence stops with an error naming the epoch and keeps the last finite weights', async () => {
    const data = loadBuiltin('blobs2');
    const scaled = { ...data, x: data.x.map((v) => v * 1e150) };
    const trainer = new Trainer(createCpuBackend(), scaled, {
      optimizer: 'sgd',
      lr: 1e200,
      standardize: false,
      epochs: 10,
      batchSize: 'full',
    });
    const seen: number[] = [];
    const error = await trainer.run((r) => seen.push(r.epoch)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).message).toMatch(/^epoch \d+: .*NaN\/Inf/);
    expect((error as TrainingError).epoch).toBe(seen.length + 1);
    const model = trainer.model();
    expect((model.weights as number[]).every(Number.isFinite)).toBe(true);
  });

  it('stop() ends the run after the current epoch, and training resumes where it stopped', async () => {
    const trainer = new Trainer(createCpuBackend(), loadBuiltin('blobs2'), { epochs: 10 });
    for await (const r of trainer.epochs()) if (r.epoch === 3) trainer.stop();
    expect(trainer.history).toHaveLength(3);
    await trainer.run();
    expect(trainer.history.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('useBackend() continues on another backend from the last good weights', async () => {
    const trainer = new Trainer(createCpuBackend(), loadBuiltin('blobs2'), { epochs: 4, optimizer: 'sgd', lr: 0.1 });
    for await (const r of trainer.epochs()) if (r.epoch === 2) trainer.stop();
    const before = trainer.params();
    trainer.useBackend(createCpuBackend());
    const after = await trainer.evaluate();
    const replay = new Trainer(createCpuBackend(), loadBuiltin('blobs2'), { epochs: 2, optimizer: 'sgd', lr: 0.1 });
    await replay.run();
    expect(Array.from(before)).toEqual(Array.from(replay.params()));
    expect(after.loss).toBeCloseTo((await replay.evaluate()).loss, 14);
  });

  it("the model file's predict() reproduces the backend's probabilities on raw rows (standardisation inside)", async () => {
    const data = loadBuiltin('iris');
    const trainer = new Trainer(createCpuBackend(), data, { epochs: 20 });
    await trainer.run();
    const model = JSON.parse(JSON.stringify(trainer.model()));
    const rows = Array.from({ length: data.rows }, (_, r) => Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols)));
    const { probabilities } = predict(model, rows);
    let correct = 0;
    probabilities.forEach((p, r) => {
      if (p.indexOf(Math.max(...p)) === data.y[r]) correct++;
    });
    expect(correct / data.rows).toBeCloseTo((await trainer.evaluate()).accuracy, 12);
  });

  it('rejects a logistic model on more than 2 classes and bad hyper-parameters', () => {
    expect(() => new Trainer(createCpuBackend(), loadBuiltin('iris'), { model: 'logistic' })).toThrow(/needs 2 classes/);
    expect(() => new Trainer(createCpuBackend(), loadBuiltin('iris'), { lr: -1 })).toThrow(/lr must be/);
    expect(() => new Trainer(createCpuBackend(), loadBuiltin('iris'), { batchSize: 0 })).toThrow(/batch size/);
  });
});
