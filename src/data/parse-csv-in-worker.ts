import type { ForcedRole } from './column-typing.js';
import type { TableHead } from './columnar.js';
import type { CsvOptions } from './csv.js';
import type { CsvParseReply, CsvWorkerRequest } from './csv.worker.js';
import type { Dataset } from './dataset.js';

export interface CsvWorkerOptions {
  signal?: AbortSignal;
  /** Hears the fraction of a File/Blob read so far (0 to 1); parsing follows the last call. */
  onProgress?: (fraction: number) => void;
}

interface Pending {
  resolve(value: Dataset | TableHead): void;
  reject(error: Error): void;
  onProgress?: ((fraction: number) => void) | undefined;
}

/**
 * A CSV worker that keeps the cells of the last file it read: `read()` parses a CSV (text or File/Blob), `retype()`
 * encodes those cells again with other column roles, without reading the file again. Both reject with the parser's
 * message (file, row, column). `close()` ends the worker.
 */
export class CsvWorkerSession {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor() {
    // A same-origin script file (never a blob: or data: URL), so a strict Content-Security-Policy allows it.
    this.worker = new Worker(new URL('./csv.worker.ts', import.meta.url), { type: 'module', name: 'xent-csv' });
    this.worker.addEventListener('message', (event: MessageEvent<CsvParseReply>) => this.receive(event.data));
    this.worker.addEventListener('error', (event) => this.rejectAll(new Error(`the CSV worker failed: ${event.message}`)));
  }

  /** Reads a CSV, Parquet or Arrow IPC file (told by `file`'s extension and the first bytes) with `label` as the label column; `columns` are the column choices of parseCsv. */
  read(
    source: string | Blob,
    file: string,
    label: string,
    { onProgress, columns }: { onProgress?: (fraction: number) => void; columns?: Omit<CsvOptions, 'file' | 'label'> } = {},
  ): Promise<Dataset> {
    return this.request({ type: 'parse', id: 0, source, file, label, ...(columns && { columns }) }, onProgress);
  }

  /** The column names and first rows of a Parquet or Arrow IPC file (the reader loads in the worker, on first use). */
  head(source: Blob, file: string, rows: number): Promise<TableHead> {
    return this.request<TableHead>({ type: 'head', id: 0, source, file, rows });
  }

  /** The last CSV read, encoded with these roles (columns not named get their inferred role back). */
  retype(roles: Record<string, ForcedRole>): Promise<Dataset> {
    return this.request({ type: 'retype', id: 0, roles });
  }

  /** Ends the worker; requests still waiting reject. */
  close(): void {
    this.worker.terminate();
    this.rejectAll(new Error('the CSV worker was closed'));
  }

  private request<T extends Dataset | TableHead = Dataset>(message: CsvWorkerRequest, onProgress?: (fraction: number) => void): Promise<T> {
    const id = ++this.nextId;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as Pending['resolve'], reject, onProgress });
      this.worker.postMessage({ ...message, id });
    });
  }

  private receive(reply: CsvParseReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    if (reply.type === 'progress') pending.onProgress?.(reply.fraction);
    else {
      this.pending.delete(reply.id);
      if (reply.type === 'done') pending.resolve(reply.dataset);
      else if (reply.type === 'head') pending.resolve(reply.head);
      else pending.reject(new Error(reply.message));
    }
  }

  private rejectAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/** Parses a CSV (text or File/Blob) in a Web Worker of its own; rejects with the parser's message (file, row, column). */
export function parseCsvInWorker(
  source: string | Blob,
  file: string,
  label: string,
  { signal, onProgress }: CsvWorkerOptions = {},
): Promise<Dataset> {
  const session = new CsvWorkerSession();
  return new Promise<Dataset>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    session.read(source, file, label, { ...(onProgress && { onProgress }) }).then(resolve, reject);
  }).finally(() => session.close());
}
