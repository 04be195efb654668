/**
 * A worker thread of the CLI's CSV reader (csv-threads.ts): tokenizes the chunks of whole records it is sent and
 * sends them back, their buffers transferred both ways.
 */
import { parentPort } from 'node:worker_threads';
import { chunkBuffers, tokenizeChunk } from '../data/csv-chunks.js';
import { answer } from './worker-calls.js';

export interface TokenizeRequest {
  call: number;
  bytes: Uint8Array;
  delimiter: number;
  decimalComma: boolean;
}

const port = parentPort;
if (!port) throw new Error('tokenize-worker.ts runs as a worker thread');
port.on(
  'message',
  answer(port, ({ bytes, delimiter, decimalComma }: TokenizeRequest) => {
    const chunk = tokenizeChunk(bytes, delimiter, decimalComma);
    return [chunk, chunkBuffers(chunk)];
  }),
);
