/**
 * Parses a CSV off the main thread, so a 100 MB file never freezes the page: the text (or the Blob itself, read
 * here) goes in, the Dataset comes back with its feature and label buffers transferred, not copied.
 */
import { parseCsv } from './csv.js';
import type { Dataset } from './dataset.js';

export interface CsvParseRequest {
  /** The CSV text, or a File/Blob to read in the worker. */
  source: string | Blob;
  /** Named in errors: the file name or URL. */
  file: string;
  label: string;
}

export type CsvParseReply = { ok: true; dataset: Dataset } | { ok: false; message: string };

function reply(message: CsvParseReply, transfer: Transferable[] = []): void {
  globalThis.postMessage(message, { transfer });
}

globalThis.addEventListener('message', async (event: MessageEvent<CsvParseRequest>) => {
  try {
    const { source, file, label } = event.data;
    const text = typeof source === 'string' ? source : await source.text();
    const dataset = parseCsv(text, { file, label });
    reply({ ok: true, dataset }, [dataset.x.buffer, dataset.y.buffer]);
  } catch (error) {
    reply({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
});
