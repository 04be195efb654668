/** "vendor / architecture / description", the same words as the Node entry reports. */
export function describeAdapter(info: GPUAdapterInfo): string {
  return [info.vendor, info.architecture, info.description].filter((s) => s).join(' / ') || 'unknown adapter';
}

/**
 * A WebGPU device from the browser (page or worker) with the adapter's subgroups and timestamp queries when it has
 * them, and its largest buffer limits, so big data sets bind in few chunks. Null when WebGPU is unavailable.
 */
export async function browserGpuDevice(): Promise<{ device: GPUDevice; adapter: string } | null> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return null;
  const wanted = ['subgroups', 'timestamp-query'] as GPUFeatureName[];
  const { limits } = adapter;
  try {
    const device = await adapter.requestDevice({
      requiredFeatures: wanted.filter((f) => adapter.features.has(f)),
      requiredLimits: {
        maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
        maxBufferSize: limits.maxBufferSize,
      },
    });
    return { device, adapter: describeAdapter(adapter.info) };
  } catch {
    return null;
  }
}
