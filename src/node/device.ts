/**
 * A WebGPU device in Node through Dawn (npm `webgpu`). Debian's Mesa Vulkan drivers are too old for Dawn, so when no
 * adapter is found with the system's Vulkan ICDs, Dawn is created again with Chromium's SwiftShader ICD (a CPU
 * implementation of Vulkan). The Vulkan loader reads VK_ICD_FILENAMES when an instance is created, so setting it
 * before the second `create()` is enough.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { create, globals } from 'webgpu';
import { describeAdapter } from '../gpu/browser-device.js';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpuOptions {
  /** Features to request when the adapter has them (default: subgroups, timestamp-query). */
  features?: GPUFeatureName[];
  /** Skip the system ICDs and use SwiftShader directly (tests use this to avoid the probe). */
  preferSwiftShader?: boolean;
  /** Request the adapter's maximum storage binding size instead of the 128 MiB default. */
  maxLimits?: boolean;
}

export interface NodeGpu {
  device: GPUDevice;
  /** "vendor / architecture / description", e.g. "google / swiftshader / SwiftShader driver 5.0.0". */
  adapter: string;
}

let globalsInstalled = false;
/**
 * Dawn's instance must outlive its devices: the GPU object returned by create() owns it, and if it is garbage
 * collected while a device is in use, Dawn's event processing touches freed memory and the process crashes.
 */
const instances = new Set<GPU>();

async function requestAdapter(): Promise<GPUAdapter | null> {
  const gpu = create([]);
  const adapter = await gpu.requestAdapter();
  if (adapter) instances.add(gpu);
  return adapter;
}

export async function nodeGpuDevice(options: NodeGpuOptions = {}): Promise<NodeGpu> {
  if (!globalsInstalled) {
    // GPUBufferUsage, GPUMapMode, … are globals in a browser; the backend uses them by name.
    Object.assign(globalThis, globals);
    globalsInstalled = true;
  }
  // Vulkan's window-system code complains on stderr when this is unset (as in CI or a container); compute needs none.
  process.env.XDG_RUNTIME_DIR ??= mkdtempSync(join(tmpdir(), 'xent-xdg-'));
  let adapter: GPUAdapter | null = null;
  if (!options.preferSwiftShader || process.env.VK_ICD_FILENAMES) adapter = await requestAdapter();
  if (!adapter && process.env.VK_ICD_FILENAMES !== SWIFTSHADER_ICD && existsSync(SWIFTSHADER_ICD)) {
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    adapter = await requestAdapter();
  }
  if (!adapter) {
    throw new Error(
      `no WebGPU adapter: Dawn found no usable Vulkan driver` +
        (existsSync(SWIFTSHADER_ICD) ? ' (SwiftShader included)' : ` and ${SWIFTSHADER_ICD} does not exist (install chromium)`),
    );
  }
  const wanted = options.features ?? ['subgroups', 'timestamp-query'];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  if (options.maxLimits) {
    requiredLimits.maxStorageBufferBindingSize = adapter.limits.maxStorageBufferBindingSize;
    requiredLimits.maxBufferSize = adapter.limits.maxBufferSize;
  }
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  return { device, adapter: describeAdapter(adapter.info) };
}
