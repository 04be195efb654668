/**
 * The benchmark page (bench/index.html): everything runs here, in one page, and the results come back to bench/run.ts
 * through `window.xentBench`. `?quick` selects the smoke-sized run.
 */
import { createGpuBackend } from '../src/gpu/backend.js';
import { browserGpuDevice } from '../src/gpu/browser-device.js';
import type { RunResults } from './results.js';
import { runSuite } from './suite.js';
import { TFJS_BACKENDS, tfjsContender } from './tfjs.js';
import { xentCpuContender, xentGpuContender } from './xent.js';

declare global {
  interface Window {
    xentBench?: Promise<RunResults>;
  }
}

async function main(): Promise<RunResults> {
  const gpu = await browserGpuDevice();
  if (!gpu) throw new Error('no WebGPU device in this browser (is --enable-unsafe-webgpu set?)');
  return runSuite({
    environment: 'chromium',
    adapter: gpu.adapter,
    runtime: navigator.userAgent,
    quick: new URLSearchParams(location.search).has('quick'),
    device: gpu.device,
    contenders: [xentGpuContender(createGpuBackend(gpu.device, gpu.adapter)), xentCpuContender(), ...TFJS_BACKENDS.map(tfjsContender)],
    log: (message) => console.log(message),
  });
}

window.xentBench = main();
