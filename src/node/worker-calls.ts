/**
 * Calls to the CLI's worker threads (the CSV tokenizers, the CPU passes), answered by number: each call's promise
 * settles with its reply, or with the worker's failure. A worker keeps the process alive only while a call to it is
 * out, so a finished command exits even if nothing closed its workers.
 */
import type { MessagePort, TransferListItem, Worker } from 'node:worker_threads';

/** What a worker sends back for call `call` (WorkerCalls.call, answer()). */
export type Reply<T> = { call: number; value: T } | { call: number; error: string };

export class WorkerCalls<T> {
  private readonly waiting = new Map<number, { worker: Worker; resolve: (value: T) => void; reject: (e: Error) => void }>();
  private readonly out = new Map<Worker, number>();
  private next = 0;

  /** @param name how a worker's error reads: `name: message`. */
  constructor(private readonly name: string) {}

  /** Takes `worker`'s replies and failures; returns it. */
  attach(worker: Worker): Worker {
    worker.on('message', (reply: Reply<T>) => this.settle(reply));
    worker.on('error', (e) => this.failAll(e));
    worker.unref();
    return worker;
  }

  /** Posts `request(call)` to `worker` (its buffers in `transfer` moved, not copied) and waits for the reply. */
  call(worker: Worker, request: (call: number) => unknown, transfer: TransferListItem[] = []): Promise<T> {
    const call = this.next++;
    const reply = new Promise<T>((resolve, reject) => this.waiting.set(call, { worker, resolve, reject }));
    this.count(worker, 1);
    worker.postMessage(request(call), transfer);
    // A failure is seen where the reply is awaited; replies never awaited (a data error came first) stay quiet.
    reply.catch(() => {});
    return reply;
  }

  private settle(reply: Reply<T>): void {
    const waiter = this.waiting.get(reply.call);
    if (!waiter) return;
    this.waiting.delete(reply.call);
    this.count(waiter.worker, -1);
    if ('error' in reply) waiter.reject(new Error(`${this.name}: ${reply.error}`));
    else waiter.resolve(reply.value);
  }

  private failAll(e: Error): void {
    for (const { worker, reject } of this.waiting.values()) {
      reject(e);
      this.count(worker, -1);
    }
    this.waiting.clear();
  }

  private count(worker: Worker, change: number): void {
    const out = (this.out.get(worker) ?? 0) + change;
    this.out.set(worker, out);
    if (change > 0 && out === 1) worker.ref();
    if (out === 0) worker.unref();
  }
}

/** The worker's side: answers each call message with `work`'s value (its transfer list too) or the error it threw. */
export function answer<M extends { call: number }, T>(
  port: MessagePort,
  work: (message: M) => [T, TransferListItem[]],
): (message: M) => void {
  return (message) => {
    try {
      const [value, transfer] = work(message);
      port.postMessage({ call: message.call, value } satisfies Reply<T>, transfer);
    } catch (e) {
      port.postMessage({ call: message.call, error: e instanceof Error ? e.message : String(e) } satisfies Reply<T>);
    }
  };
}
