/**
 * `npm run bench -- --batched [--quick]`, in Node through Dawn on the GPU backend: the batched table of
 * bench/batched.ts, the targets, and (where /usr/bin/python3 or python3 has pandas and scikit-learn)
 * LogisticRegressionCV's time on the same logistic table. Writes bench/RESULTS-batched.md (or --results FILE) unless --quick.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isCpuAdapter } from '../src/gpu/adapter.js';
import { createGpuBackend } from '../src/gpu/backend.js';
import { nodeGpuDevice } from '../src/node/device.js';
import { type BatchedRow, batchedMarkdown, FOLDS, GRID, runBatchedBench } from './batched.js';
import { pythonWithSklearn } from './python.js';
import { generateDataset, workloads } from './workloads.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
/** SwiftShader: the 50 fits batched at least this many times faster than one after another. */
const SWIFTSHADER_SPEEDUP = 3;
/** A real GPU: the 50 batched fits in at most this many times one fit. */
const GPU_FITS_PER_ONE = 3;

interface SklearnCv {
  seconds: number;
  fits: number;
  bestC: number;
  rows: number;
}

/** The logistic workload as CSV, for scikit-learn. */
async function writeLogisticCsv(quick: boolean): Promise<string> {
  const w = workloads(quick).find((x) => x.kind === 'logistic');
  if (!w) throw new Error('no logistic workload');
  const data = generateDataset(w);
  const dir = join(tmpdir(), 'xent-bench-batched');
  await mkdir(dir, { recursive: true });
  const file = join(dir, `logistic-${w.rows}.csv`);
  const lines = [[...data.features, 'label'].join(',')];
  for (let r = 0; r < data.rows; r++)
    lines.push(`${Array.from(data.x.subarray(r * data.cols, (r + 1) * data.cols)).join(',')},${data.y[r]}`);
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

function verdicts(rows: BatchedRow[], cpuAdapter: boolean): string[] {
  return rows
    .filter((r) => r.work.startsWith('L-BFGS'))
    .map((r) => {
      const speedup = r.sequentialMs / r.batchedMs;
      if (cpuAdapter) {
        const met = speedup >= SWIFTSHADER_SPEEDUP;
        return `| ${r.workload}: ${r.models} fits batched ≥ ${SWIFTSHADER_SPEEDUP}x faster than one after another | ${speedup.toFixed(2)}x | ${met ? 'met' : '**missed**'} |`;
      }
      const perOne = r.batchedMs / (r.sequentialMs / r.models);
      const met = perOne <= GPU_FITS_PER_ONE;
      return `| ${r.workload}: ${r.models} batched fits in ≤ ${GPU_FITS_PER_ONE}x the time of one fit | ${perOne.toFixed(2)}x one fit | ${met ? 'met' : '**missed**'} |`;
    });
}

export async function runBatchedCommand(quick: boolean, command: string, resultsFile: string, log: (m: string) => void): Promise<string> {
  const { device, adapter } = await nodeGpuDevice({ maxLimits: true });
  const backend = createGpuBackend(device, adapter);
  let rows: BatchedRow[];
  try {
    rows = await runBatchedBench(backend, quick, log);
  } finally {
    backend.dispose();
  }
  const cpuAdapter = isCpuAdapter(device);
  device.destroy();
  // The script is not in bench/device.sh's bundle: there the reference is left out.
  const script = join(root, 'bench/sklearn-cv-time.py');
  const py = existsSync(script) ? await pythonWithSklearn() : null;
  let sklearn = 'scikit-learn: no python3 with pandas and scikit-learn here (apt-get install python3-pandas python3-sklearn)';
  if (py) {
    log('batched: scikit-learn LogisticRegressionCV on the logistic table');
    const file = await writeLogisticCsv(quick);
    const out = JSON.parse((await run(py, [script, file], { maxBuffer: 1 << 24 })).stdout) as SklearnCv;
    sklearn = `scikit-learn LogisticRegressionCV (Cs=${GRID}, ${FOLDS} stratified folds, lbfgs, neg_log_loss, then the refit: ${out.fits} fits to convergence) on the logistic table (${out.rows} rows): ${out.seconds.toFixed(2)} s`;
  }
  const text = [
    '# Batched benchmark: many models per pass',
    '',
    `\`${command}\`, ${new Date().toISOString()}, adapter: ${adapter}. ${FOLDS} folds × ${GRID} λ = ${FOLDS * GRID} models per workload (row r in fold r mod ${FOLDS}); "batched" = one bound batch (src/core/batch.ts) on the GPU backend, "one after another" = each model bound alone to its fold's training rows on the same backend, the upload not timed; models × samples/s counts training rows.`,
    '',
    batchedMarkdown(rows),
    '',
    `- ${sklearn}`,
    '',
    '| target | measured | status |',
    '|---|---|---|',
    ...verdicts(rows, cpuAdapter),
    '',
  ].join('\n');
  if (!quick) await writeFile(resultsFile, text);
  return text;
}
