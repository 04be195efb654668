import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `xent train FILE --label LABEL … --json` with L-BFGS on one backend; returns the final objective. */
async function objective(file: string, label: string, flags: string[], backend: 'cpu' | 'gpu') {
  const args = ['bin/xent.js', 'train', file, '--label', label, '--backend', backend, '--optimizer', 'lbfgs', '--l2', '0.01', ...flags];
  const { stdout } = await run('node', [...args, '--json'], { maxBuffer: 1 << 26 });
  const result = JSON.parse(stdout) as { final: { objective: number }; adapter: string | null; backend: string };
  expect(result.backend).toBe(backend);
  return { objective: result.final.objective, adapter: result.adapter };
}

describe('CLI: L-BFGS on the GPU reaches the CPU optimum', () => {
  it.each([
    ['test/fixtures/binary.csv', 'label', ['--no-standardize']],
    ['test/fixtures/digits10.csv', 'label', ['--no-standardize']],
    // A real table encoded on the way in: categories one-hot, NA cells imputed with indicators, then standardised.
    ['test/fixtures/real/penguins.csv', 'Species', []],
  ])('%s: same objective J within 1e-5 relative', async (file, label, flags) => {
    const [cpu, gpu] = [await objective(file, label, flags, 'cpu'), await objective(file, label, flags, 'gpu')];
    expect(gpu.adapter).toMatch(/\w/);
    expect(Math.abs(gpu.objective - cpu.objective) / cpu.objective).toBeLessThan(1e-5);
  });
});
