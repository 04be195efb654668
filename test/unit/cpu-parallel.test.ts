/**
 * The CPU backend's full-batch passes split with a worker thread (cpu/parallel.ts, node/cpu-pass-pool.ts) give the
 * numbers of one thread, bit for bit, on fresh random rows at awkward sizes, logistic and softmax, with row weights;
 * a matrix not in shared memory stays on one thread.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { type LabeledMatrix, type ObjectiveSpec, paramCount } from '../../src/core/types.js';
import { createCpuBackend } from '../../src/cpu/backend.js';
import { parseCsv } from '../../src/data/csv.js';
import { CpuPassPool } from '../../src/node/cpu-pass-pool.js';
import { Trainer } from '../../src/train/trainer.js';

const pool = new CpuPassPool();
afterAll(() => pool.dispose());
const seed = Math.floor(Math.random() * 2 ** 31);

function rows(random: Random, n: number, d: number, classes: number, shared: boolean): LabeledMatrix {
  const buffer = shared ? (new SharedArrayBuffer(n * d * 8) as unknown as ArrayBuffer) : new ArrayBuffer(n * d * 8);
  const x = new Float64Array(buffer);
  for (let i = 0; i < x.length; i++) x[i] = random.normal(); // in place: map() would make an unshared copy
  const y = new Uint32Array(n).map(() => random.int(classes));
  const weights = new Float64Array(n).map(() => (random.next() < 0.1 ? 0 : 2 * random.next()));
  return { x, y, rows: n, cols: d, weights };
}

describe(`CPU passes on two threads (seed ${seed})`, () => {
  it.each([
    ['logistic', 40_001, 7, 2],
    ['softmax', 33_333, 5, 4],
  ] as const)('%s, %i rows: the same J, accuracy and gradient as one thread, at random parameters', async (kind, n, d, classes) => {
    const random = new Random(seed);
    const data = rows(random, n, d, classes, true);
    const spec: ObjectiveSpec = { shape: { kind, features: d, classes }, l2: 0.01, loss: 'cross-entropy' };
    const helped = await createCpuBackend(pool).bind(data, spec);
    expect(pool.bind(data, spec), 'the matrix is shared').not.toBeNull();
    const alone = await createCpuBackend().bind(data, spec);
    for (let t = 0; t < 3; t++) {
      const params = new Float64Array(paramCount(spec.shape)).map(() => random.normal());
      helped.setParams(params);
      alone.setParams(params);
      const [a, b] = await Promise.all([helped.objectiveAndGradient(), alone.objectiveAndGradient()]);
      expect(a.objective).toBe(b.objective);
      expect(a.loss).toBe(b.loss);
      expect(a.accuracy).toBe(b.accuracy);
      expect(Array.from(a.gradient)).toEqual(Array.from(b.gradient));
      expect(await helped.evaluate()).toEqual(await alone.evaluate());
    }
    helped.dispose();
  });

  it('keeps a matrix outside shared memory on this thread', () => {
    const data = rows(new Random(seed), 100, 2, 2, false);
    expect(pool.bind(data, { shape: { kind: 'logistic', features: 2, classes: 2 }, l2: 0, loss: 'cross-entropy' })).toBeNull();
  });
});

describe('xent train --backend cpu (the matrix shared, passes on two threads)', () => {
  it('ends at the J of the library on one thread, bit for bit', async () => {
    const random = new Random(seed);
    const lines = ['a,b,c,label'];
    for (let r = 0; r < 30_000; r++) {
      const [a, b, c] = [random.normal(), random.normal(), random.normal()];
      lines.push(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${a + 0.5 * b + random.normal() > 0 ? 'yes' : 'no'}`);
    }
    const text = `${lines.join('\n')}\n`;
    const file = join(mkdtempSync(join(tmpdir(), 'xent-cpu-parallel-')), 't.csv');
    writeFileSync(file, text);
    const flags = ['--optimizer', 'lbfgs', '--l2', '0.001', '--epochs', '30'];
    const { stdout } = await promisify(execFile)('node', [
      'bin/xent.js',
      'train',
      file,
      '--label',
      'label',
      '--backend',
      'cpu',
      ...flags,
      '--json',
    ]);
    const cli = JSON.parse(stdout);
    const trainer = new Trainer(createCpuBackend(), parseCsv(text, { file, label: 'label' }), {
      optimizer: 'lbfgs',
      l2: 0.001,
      epochs: 30,
    });
    await trainer.run(() => {});
    const library = await trainer.evaluate();
    expect(cli.final.objective).toBe(library.objective);
    expect(cli.history.length).toBeGreaterThan(3);
  });
});
