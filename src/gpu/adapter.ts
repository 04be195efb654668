/** SwiftShader and other software adapters: the device's adapter info says so (absent on old browsers: taken for a GPU). */
export function isCpuAdapter(device: GPUDevice): boolean {
  const info = device.adapterInfo as (GPUAdapterInfo & { isFallbackAdapter?: boolean }) | undefined;
  return info?.isFallbackAdapter === true || info?.architecture === 'swiftshader';
}
