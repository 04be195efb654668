/**
 * The adapter's bandwidth ceilings, measured in the same run as the trainers: a barrier-free read of a buffer as
 * large as X (shaders/bench-read.wgsl) and a large copyBufferToBuffer. Wall-clock timing (submit → onSubmittedWorkDone),
 * as the epochs are timed, with enough repeats per submit that the ~0.4 ms round trip does not count. A ceiling is the
 * best of several trials: other load on the machine can only slow a trial down, never speed it up.
 */
import readSource from '../shaders/bench-read.wgsl?raw';
import { pacesReadback, ReadbackPacer } from '../src/gpu/readback.js';
import { median } from './stats.js';

/** Bytes moved by the copy ceiling. */
export const COPY_BYTES = 256 * 1024 * 1024;
/** Matches @workgroup_size in shaders/bench-read.wgsl. */
const WORKGROUP_SIZE = 64;
/** Workgroup counts and per-thread runs (RUN in the shader) tried for the read kernel; the fastest is the ceiling. */
const READ_GRIDS = [8, 32, 128, 512, 2048];
const READ_RUNS = [1, 16];
/** Each timed submit is made long enough that the submit round trip is noise. */
const TARGET_SUBMIT_MS = 100;
const MAX_REPEATS = 64;
const TRIALS = 5;

export interface ReadCeiling {
  bytes: number;
  gbps: number;
  /** Workgroups and vec4s per run of the fastest configuration. */
  workgroups: number;
  run: number;
}

export interface CopyCeiling {
  bytes: number;
  gbps: number;
}

/** Best GB/s of `encode` (which moves `bytes` per repeat) over TRIALS submits of calibrated length. */
async function timeBandwidth(device: GPUDevice, bytes: number, encode: (encoder: GPUCommandEncoder) => void): Promise<number> {
  // The timed trials are paced as the trainer's read-backs are (src/gpu/readback.ts: in Node, Dawn's polling would
  // take a core from SwiftShader); the calibration is not, so that a slow first submit cannot inflate `once`.
  const pacer = new ReadbackPacer(pacesReadback(device));
  const submit = async (repeats: number, paced: boolean): Promise<number> => {
    const encoder = device.createCommandEncoder();
    for (let i = 0; i < repeats; i++) encode(encoder);
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    const done = () => device.queue.onSubmittedWorkDone();
    await (paced ? pacer.wait(String(repeats), done) : done());
    return performance.now() - start;
  };
  await submit(1, false); // compiles the pipeline, touches the memory
  const once = await submit(1, false);
  const repeats = Math.min(MAX_REPEATS, Math.max(1, Math.ceil(TARGET_SUBMIT_MS / once)));
  let best = 0;
  for (let t = 0; t < TRIALS; t++) best = Math.max(best, (bytes * repeats) / ((await submit(repeats, true)) * 1e6));
  return best;
}

/**
 * GB/s of reading a `bytes`-long storage buffer once, best over a few grid sizes and access patterns. `entryPoint`
 * 'logisticArithmetic' adds a logistic step's arithmetic to each row of 16 vec4s (its runs are rows: RUN = 16).
 */
export async function measureReadCeiling(
  device: GPUDevice,
  bytes: number,
  entryPoint: 'main' | 'logisticArithmetic' = 'main',
): Promise<ReadCeiling> {
  if (bytes % 16 !== 0) throw new Error(`read ceiling: ${bytes} bytes is not a whole number of vec4s`);
  if (bytes > device.limits.maxStorageBufferBindingSize) {
    throw new Error(`read ceiling: ${bytes} bytes exceed maxStorageBufferBindingSize ${device.limits.maxStorageBufferBindingSize}`);
  }
  const count = bytes / 16;
  const module = device.createShaderModule({ code: readSource });
  const data = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  // Non-zero contents so no layer can take a shortcut on cleared memory.
  device.queue.writeBuffer(data, 0, new Float32Array(bytes / 4).fill(1));
  let best: ReadCeiling = { bytes, gbps: 0, workgroups: 0, run: 0 };
  const runs = entryPoint === 'main' ? READ_RUNS : [16];
  for (const [run, workgroups] of runs.flatMap((r) => READ_GRIDS.map((g) => [r, g] as const))) {
    const threads = workgroups * WORKGROUP_SIZE;
    if (count % run !== 0 || threads * run > count) continue;
    const constants: Record<string, number> = entryPoint === 'main' ? { RUN: run } : {};
    const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module, entryPoint, constants } });
    const partials = device.createBuffer({ size: threads * 16, usage: GPUBufferUsage.STORAGE });
    const params = device.createBuffer({ size: 8, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(params, 0, new Uint32Array([count, threads]));
    const bindGroup = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: data } },
        { binding: 1, resource: { buffer: partials } },
        { binding: 2, resource: { buffer: params } },
      ],
    });
    const gbps = await timeBandwidth(device, bytes, (encoder) => {
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(workgroups);
      pass.end();
    });
    if (gbps > best.gbps) best = { bytes, gbps, workgroups, run };
    partials.destroy();
    params.destroy();
  }
  data.destroy();
  return best;
}

/** Round trips timed by measureRoundTrip; the median is reported. */
const ROUND_TRIPS = 21;

/**
 * Median ms of what every epoch pays at least once besides its kernels: a submit that copies a few bytes into a
 * mappable buffer, then mapAsync until they can be read (the Trainer reads an epoch's numbers this way).
 */
export async function measureRoundTrip(device: GPUDevice): Promise<number> {
  const source = device.createBuffer({ size: 256, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
  const target = device.createBuffer({ size: 256, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = performance.now();
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, target, 0, 256);
    device.queue.submit([encoder.finish()]);
    await target.mapAsync(GPUMapMode.READ);
    target.unmap();
    times.push(performance.now() - start);
  }
  source.destroy();
  target.destroy();
  return median(times);
}

/** GB/s of one copyBufferToBuffer of COPY_BYTES (bytes copied per second; each byte is read once and written once). */
export async function measureCopyCeiling(device: GPUDevice): Promise<CopyCeiling> {
  if (COPY_BYTES > device.limits.maxBufferSize) {
    throw new Error(`copy ceiling: ${COPY_BYTES} bytes exceed maxBufferSize ${device.limits.maxBufferSize}`);
  }
  const source = device.createBuffer({ size: COPY_BYTES, usage: GPUBufferUsage.COPY_SRC });
  const target = device.createBuffer({ size: COPY_BYTES, usage: GPUBufferUsage.COPY_DST });
  const gbps = await timeBandwidth(device, COPY_BYTES, (encoder) => encoder.copyBufferToBuffer(source, 0, target, 0, COPY_BYTES));
  source.destroy();
  target.destroy();
  return { bytes: COPY_BYTES, gbps };
}
