import { describe, expect, it } from 'vitest';
import type { Backend, BoundProblem, EvaluationAndGradient } from '../../src/core/backend.js';
import type { EpochResult, TrainOptions } from '../../src/core/options.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { loadBuiltin } from '../../src/data/builtin.js';
import { Trainer } from '../../src/train/trainer.js';

/** Every BoundProblem call that reads all of its rows once. */
const PASSES = ['evaluate', 'objectiveAndGradient', 'epoch', 'samples'] as const;
type PassName = (typeof PASSES)[number];

/** A bound problem's full passes, by operation, and the parameters each objectiveAndGradient ran at. */
interface PassLog {
  rows: number;
  calls: Record<PassName, number>;
  evaluatedAt: string[];
  last: EvaluationAndGradient | null;
}

const noCalls = (): PassLog['calls'] => ({ evaluate: 0, objectiveAndGradient: 0, epoch: 0, samples: 0 });
const total = (log: PassLog) => PASSES.reduce((sum, name) => sum + log.calls[name], 0);

/** The CPU backend with each bound problem wrapped in a proxy that counts its full passes. */
function countingBackend(): { backend: Backend; logs: PassLog[] } {
  const cpu = createCpuBackend();
  const logs: PassLog[] = [];
  const backend: Backend = {
    name: cpu.name,
    adapter: cpu.adapter,
    dispose: () => cpu.dispose(),
    bindBatch: (rows, spec) => cpu.bindBatch(rows, spec),
    async bind(data, spec) {
      const inner = await cpu.bind(data, spec);
      const log: PassLog = { rows: inner.rows, calls: noCalls(), evaluatedAt: [], last: null };
      logs.push(log);
      return new Proxy(inner, {
        get(target, key, receiver) {
          const value = Reflect.get(target, key, receiver);
          if (typeof value !== 'function') return value;
          if (!(PASSES as readonly unknown[]).includes(key)) return value.bind(target);
          return async (...args: unknown[]) => {
            log.calls[key as PassName]++;
            if (key !== 'objectiveAndGradient') return value.apply(target, args);
            log.evaluatedAt.push((await target.getParams()).join());
            log.last = await target.objectiveAndGradient();
            return log.last;
          };
        },
      }) as BoundProblem;
    },
  };
  return { backend, logs };
}

/** Trains epoch by epoch, recording how many passes over the training rows each epoch made. */
async function trainCounting(options: Partial<TrainOptions>) {
  const { backend, logs } = countingBackend();
  const trainer = new Trainer(backend, loadBuiltin('iris'), options);
  const epochs: { entry: EpochResult; counted: PassLog['calls']; last: EvaluationAndGradient | null }[] = [];
  let before = noCalls();
  for await (const entry of trainer.epochs()) {
    const calls = (logs[0] as PassLog).calls;
    const counted = Object.fromEntries(PASSES.map((name) => [name, calls[name] - before[name]])) as PassLog['calls'];
    epochs.push({ entry, counted, last: (logs[0] as PassLog).last });
    before = { ...calls };
  }
  return { trainer, logs, epochs, train: logs[0] as PassLog };
}

describe('full passes over the data', () => {
  it('Trainer.evaluate costs exactly one pass', async () => {
    const { trainer, train } = await trainCounting({ optimizer: 'adam', epochs: 3 });
    const before = total(train);
    const final = await trainer.evaluate();
    expect(total(train) - before).toBe(1);
    expect(final).toEqual({
      loss: train.last?.loss,
      objective: train.last?.objective,
      accuracy: train.last?.accuracy,
      gradNorm: expect.any(Number),
    });
    const gradient = train.last?.gradient as Float64Array;
    expect(final.gradNorm).toBeCloseTo(Math.sqrt(gradient.reduce((s, g) => s + g * g, 0)), 15);
  });

  it('an L-BFGS epoch costs exactly its line-search evaluations, and history reports that count', async () => {
    const { epochs, train, trainer } = await trainCounting({ optimizer: 'lbfgs', l2: 0.01 });
    expect(epochs.length).toBeGreaterThan(10);
    for (const { entry, counted, last } of epochs) {
      // Only objective-and-gradient evaluations, no separate evaluate() of the accepted point.
      expect(counted).toEqual({ ...noCalls(), objectiveAndGradient: entry.passes });
      expect(entry.passes).toBeGreaterThanOrEqual(1);
      // The epoch's numbers are those of the line search's last (accepted) evaluation.
      expect([entry.loss, entry.objective, entry.accuracy]).toEqual([last?.loss, last?.objective, last?.accuracy]);
    }
    // The first epoch also evaluates its starting point.
    expect(epochs[0]?.entry.passes).toBeGreaterThanOrEqual(2);
    // No point was evaluated twice during training.
    expect(new Set(train.evaluatedAt).size).toBe(train.evaluatedAt.length);
    expect(epochs.reduce((sum, e) => sum + e.entry.passes, 0)).toBe(train.evaluatedAt.length);
    expect(trainer.history.map((r) => r.passes)).toEqual(epochs.map((e) => e.entry.passes));
  });

  it('a first-order epoch is one pass over the training rows, whatever the batch size', async () => {
    for (const batchSize of [16, 'full'] as const) {
      const { epochs } = await trainCounting({ optimizer: 'sgd', lr: 0.1, batchSize, epochs: 3 });
      for (const { entry, counted } of epochs) {
        expect(entry.passes).toBe(1);
        expect(counted).toEqual({ ...noCalls(), epoch: 1 });
      }
    }
  });

  it('validation costs one pass over the held-out rows per epoch, not counted in passes', async () => {
    const { epochs, logs } = await trainCounting({ optimizer: 'lbfgs', l2: 0.01, valSplit: 0.3, epochs: 5 });
    const validation = logs[1] as PassLog;
    expect(validation.rows).toBeLessThan((logs[0] as PassLog).rows);
    expect(validation.calls).toEqual({ ...noCalls(), evaluate: epochs.length });
    expect(epochs.map((e) => e.entry.passes)).toEqual(epochs.map((e) => e.counted.objectiveAndGradient));
  });
});
