/**
 * The CLI's helper thread for the CPU backend (cpu/parallel.ts): one worker that sums the far half of each
 * full-batch pass over a matrix in shared memory while this thread sums the near half. Started on the first bind;
 * it keeps the process alive only while a request is out.
 */
import { Worker } from 'node:worker_threads';
import type { LabeledMatrix, ObjectiveSpec } from '../core/types.js';
import type { HelperRows, PassHelper, RowSums } from '../cpu/parallel.js';
import type { PassRequest } from './cpu-pass-worker.js';
import { haveWorkerScript, workerScript } from './worker-script.js';

type Reply = { call: number; sums: RowSums } | { call: number; error: string };

export class CpuPassPool implements PassHelper {
  private worker: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (s: RowSums) => void; reject: (e: Error) => void }>();
  private problems = 0;
  private calls = 0;

  /** A pool when this build has the worker module and the runtime shares memory; else null (one thread). */
  static open(): CpuPassPool | null {
    return typeof SharedArrayBuffer !== 'undefined' && haveWorkerScript('cpu-pass-worker') ? new CpuPassPool() : null;
  }

  bind(data: LabeledMatrix, spec: ObjectiveSpec): HelperRows | null {
    if (!((data.x.buffer as ArrayBufferLike) instanceof SharedArrayBuffer)) return null;
    const worker = this.start();
    const id = this.problems++;
    const { x, y, rows, cols, weights } = data;
    this.post(worker, { type: 'bind', id, data: { x, y, rows, cols, ...(weights && { weights }) }, spec });
    return {
      sums: (params, start, end) =>
        new Promise<RowSums>((resolve, reject) => {
          const call = this.calls++;
          this.waiting.set(call, { resolve, reject });
          worker.ref();
          this.post(worker, { type: 'sums', id, call, params, start, end });
        }),
      dispose: () => this.post(worker, { type: 'dispose', id }),
    };
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(...workerScript('cpu-pass-worker'));
    worker.on('message', (reply: Reply) => {
      const waiter = this.waiting.get(reply.call);
      this.waiting.delete(reply.call);
      if (this.waiting.size === 0) worker.unref();
      if ('error' in reply) waiter?.reject(new Error(`CPU pass worker: ${reply.error}`));
      else waiter?.resolve(reply.sums);
    });
    worker.on('error', (e) => {
      for (const { reject } of this.waiting.values()) reject(e);
      this.waiting.clear();
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private post(worker: Worker, request: PassRequest): void {
    worker.postMessage(request);
  }
}
