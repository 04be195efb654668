/**
 * Runs src/check/kernel-checks.ts in the browser: the same kernel-vs-CPU checks as test/gpu, on Chromium's WebGPU, with the
 * subgroup kernels (when the adapter has the feature) and with the fallback kernels (a device without it).
 * Publishes `window.xentKernelChecks` = { adapter, results } or { error }.
 */

import { type KernelCheck, runKernelChecks } from '../../../src/check/kernel-checks.js';
import { browserGpuDevice } from '../../../src/gpu/browser-device.js';

/** What the page publishes; kernels.test.ts reads it. */
export interface KernelOutcome {
  adapter?: string;
  results?: (KernelCheck & { variant: string })[];
  error?: string;
}

async function run(): Promise<KernelOutcome> {
  const gpu = await browserGpuDevice();
  if (!gpu) return { error: 'no WebGPU device in this browser' };
  const results: (KernelCheck & { variant: string })[] = [];
  const variant = gpu.device.features.has('subgroups') ? 'subgroups' : 'no subgroups';
  for (const r of await runKernelChecks(gpu.device)) results.push({ ...r, variant });
  gpu.device.destroy();
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return { error: 'no second adapter for the fallback kernels' };
  const plain = await adapter.requestDevice();
  for (const r of await runKernelChecks(plain)) results.push({ ...r, variant: 'no subgroups' });
  plain.destroy();
  return { adapter: gpu.adapter, results };
}

const out = document.getElementById('out') as HTMLElement;
run()
  .catch((e: unknown) => ({ error: e instanceof Error ? e.message : String(e) }))
  .then((outcome: KernelOutcome) => {
    window.xentKernelChecks = outcome;
    out.textContent = JSON.stringify(outcome, null, 2);
  });
