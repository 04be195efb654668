/**
 * The CLI's helper thread for the CPU backend (cpu/parallel.ts): one worker that sums the far half of each
 * full-batch pass over a matrix in shared memory while this thread sums the near half. Started on the first bind;
 * it keeps the process alive only while a request is out (worker-calls.ts).
 */
import { Worker } from 'node:worker_threads';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import type { HelperRows, PassHelper, RowSums } from '../cpu/parallel.js';
import type { PassRequest } from './cpu-pass-worker.js';
import { WorkerCalls } from './worker-calls.js';
import { haveWorkerScript, workerScript } from './worker-script.js';

export class CpuPassPool implements PassHelper {
  private worker: Worker | null = null;
  private readonly calls = new WorkerCalls<RowSums>('CPU pass worker');
  private problems = 0;

  /** A pool when this build has the worker module and the runtime shares memory; else null (one thread). */
  static open(): CpuPassPool | null {
    return typeof SharedArrayBuffer !== 'undefined' && haveWorkerScript('cpu-pass-worker') ? new CpuPassPool() : null;
  }

  bind(data: LabeledMatrix, spec: ObjectiveSpec): HelperRows | null {
    if (!((data.x.buffer as ArrayBufferLike) instanceof SharedArrayBuffer)) return null;
    this.worker ??= this.calls.attach(new Worker(...workerScript('cpu-pass-worker')));
    const worker = this.worker;
    const id = this.problems++;
    const { x, y, rows, cols, weights } = data;
    const post = (request: PassRequest) => worker.postMessage(request);
    post({ type: 'bind', id, data: { x, y, rows, cols, ...(weights && { weights }) }, spec });
    return {
      sums: (params, start, end) => this.calls.call(worker, (call): PassRequest => ({ type: 'sums', id, call, params, start, end })),
      dispose: () => post({ type: 'dispose', id }),
    };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }
}
