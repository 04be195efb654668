import type { CsvParseReply, CsvParseRequest } from '../data/csv.worker.js';
import CsvWorker from '../data/csv.worker.ts?worker&inline';
import type { Dataset } from '../data/dataset.js';

/** Parses a CSV (text or File/Blob) in a Web Worker; rejects with the parser's message (file, row, column). */
export function parseCsvInWorker(source: string | Blob, file: string, label: string, signal?: AbortSignal): Promise<Dataset> {
  const worker = new CsvWorker();
  return new Promise<Dataset>((resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    worker.addEventListener('message', (event: MessageEvent<CsvParseReply>) => {
      const reply = event.data;
      if (reply.ok) resolve(reply.dataset);
      else reject(new Error(reply.message));
    });
    worker.addEventListener('error', (event) => reject(new Error(`the CSV worker failed: ${event.message}`)));
    const request: CsvParseRequest = { source, file, label };
    worker.postMessage(request);
  }).finally(() => worker.terminate());
}
