/**
 * Reading results back from the GPU. Dawn's Node binding resolves mapAsync by polling from setImmediate, so the main
 * thread stays busy while it waits; on a CPU adapter (SwiftShader), which runs the kernels on the same few cores,
 * that takes a core from them (measured on 2 cores: the main thread used 430 ms of CPU during 569 ms of logistic
 * epochs). With pacing on, a ReadbackPacer first sleeps on a timer for most of the time the same kind of submission
 * took last time, and only then starts the wait that polls.
 */
import { isCpuAdapter } from './adapter.js';

/** Below this expected wait a timer is too coarse to help. */
const MIN_SLEEP_MS = 2;
/** Share of the expected wait spent asleep; the estimate follows a faster GPU down by this factor per submission. */
const SLEEP_SHARE = 0.8;

/** Maps a read-back buffer; a lost or destroyed device turns into a clear error. */
export async function mapped(buffer: GPUBuffer, size?: number): Promise<void> {
  try {
    await buffer.mapAsync(GPUMapMode.READ, 0, size);
  } catch (e) {
    throw new Error(`GPU computation failed (device lost or destroyed?): ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Maps a whole read-back buffer of float32 and returns its values as float64. */
export async function readAll(buffer: GPUBuffer): Promise<Float64Array> {
  await mapped(buffer);
  const values = Float64Array.from(new Float32Array(buffer.getMappedRange()));
  buffer.unmap();
  return values;
}

/**
 * Whether waits on `device` should be paced: in Node (Dawn's binding polls; a browser's GPU process waits without a
 * busy thread) on a CPU adapter (a GPU does not share the polling thread's cores, and its waits are short).
 */
export function pacesReadback(device: GPUDevice): boolean {
  return typeof process !== 'undefined' && process.versions?.node !== undefined && isCpuAdapter(device);
}

export class ReadbackPacer {
  /** Last submit-to-mapped time per kind of submission. */
  private readonly expectedMs = new Map<string, number>();

  constructor(private readonly pacing: boolean) {}

  /** Awaits `done()` (a map, or onSubmittedWorkDone) after a submission of kind `key`: one kind takes about the same time. */
  async wait<T>(key: string, done: () => Promise<T>): Promise<T> {
    if (!this.pacing) return done();
    const start = performance.now();
    const expected = this.expectedMs.get(key) ?? 0;
    if (expected >= MIN_SLEEP_MS) await new Promise((resolve) => setTimeout(resolve, SLEEP_SHARE * expected));
    const result = await done();
    this.expectedMs.set(key, performance.now() - start);
    return result;
  }
}
