import type { CsvParseReply, CsvParseRequest } from './csv.worker.js';
import type { Dataset } from './dataset.js';

export interface CsvWorkerOptions {
  signal?: AbortSignal;
  /** Hears the fraction of a File/Blob read so far (0 to 1); parsing follows the last call. */
  onProgress?: (fraction: number) => void;
}

/** Parses a CSV (text or File/Blob) in a Web Worker; rejects with the parser's message (file, row, column). */
export function parseCsvInWorker(
  source: string | Blob,
  file: string,
  label: string,
  { signal, onProgress }: CsvWorkerOptions = {},
): Promise<Dataset> {
  // A same-origin script file (never a blob: or data: URL), so a strict Content-Security-Policy allows it.
  const worker = new Worker(new URL('./csv.worker.ts', import.meta.url), { type: 'module', name: 'xent-csv' });
  return new Promise<Dataset>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    worker.addEventListener('message', (event: MessageEvent<CsvParseReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') onProgress?.(reply.fraction);
      else if (reply.type === 'done') resolve(reply.dataset);
      else reject(new Error(reply.message));
    });
    worker.addEventListener('error', (event) => reject(new Error(`the CSV worker failed: ${event.message}`)));
    const request: CsvParseRequest = { source, file, label };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}
