/**
 * Parses a CSV off the main thread, so a 100 MB file never freezes the page. A File/Blob is read here in slices
 * (never in one piece on the page) and the page hears how far the reading got; the Dataset comes back with its
 * feature and label buffers transferred, not copied.
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

export type CsvParseReply =
  /** Fraction of the file's bytes read so far (sent at most once per percent). */
  { type: 'progress'; fraction: number } | { type: 'done'; dataset: Dataset } | { type: 'failed'; message: string };

function reply(message: CsvParseReply, transfer: Transferable[] = []): void {
  globalThis.postMessage(message, { transfer });
}

/** Bytes read at a time: small enough for a smooth progress bar, large enough that a 100 MB file takes 400 reads. */
const CHUNK_BYTES = 256 * 1024;

/** The Blob's text, read and decoded one slice at a time (a character split across slices is kept whole). */
async function readInChunks(blob: Blob, progress: (fraction: number) => void): Promise<string> {
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    const bytes = new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer());
    parts.push(decoder.decode(bytes, { stream: true }));
    progress(Math.min(offset + CHUNK_BYTES, blob.size) / blob.size);
  }
  parts.push(decoder.decode());
  return parts.join('');
}

globalThis.addEventListener('message', async (event: MessageEvent<CsvParseRequest>) => {
  try {
    const { source, file, label } = event.data;
    let reported = 0;
    const text =
      typeof source === 'string'
        ? source
        : await readInChunks(source, (fraction) => {
            if (fraction - reported < 0.01 && fraction < 1) return;
            reported = fraction;
            reply({ type: 'progress', fraction });
          });
    const dataset = parseCsv(text, { file, label });
    reply({ type: 'done', dataset }, [dataset.x.buffer, dataset.y.buffer]);
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
