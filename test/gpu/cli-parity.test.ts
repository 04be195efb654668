import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/** `xent train … --json` on one backend; returns the final objective. */
async function objective(file: string, backend: 'cpu' | 'gpu'): Promise<{ objective: number; adapter: string | null }> {
  const args = ['bin/xent.js', 'train', file, '--label', 'label', '--backend', backend, '--optimizer', 'lbfgs', '--l2', '0.01'];
  const { stdout } = await run('node', [...args, '--no-standardize', '--json'], { maxBuffer: 1 << 26 });
  const result = JSON.parse(stdout) as { final: { objective: number }; adapter: string | null; backend: string };
  expect(result.backend).toBe(backend);
  return { objective: result.final.objective, adapter: result.adapter };
}

describe('CLI: L-BFGS on the GPU reaches the CPU optimum', () => {
  it.each(['test/fixtures/binary.csv', 'test/fixtures/digits10.csv'])('%s: same objective J within 1e-5 relative', async (file) => {
    const [cpu, gpu] = [await objective(file, 'cpu'), await objective(file, 'gpu')];
    expect(gpu.adapter).toMatch(/\w/);
    expect(Math.abs(gpu.objective - cpu.objective) / cpu.objective).toBeLessThan(1e-5);
  });
});
