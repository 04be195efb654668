/**
 * Reads a CSV file for the CLI as a stream of bytes into the data set builder, so no file is ever held as one string
 * (a 617 MB file used to fail with "Invalid string length"); a file over 16 MiB is tokenized on worker threads
 * (csv-threads.ts). While a read takes longer than a second, one progress line a second goes to stderr: bytes read,
 * rows per second and the time left.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { CsvOptions } from '../data/csv.js';
import { ChunkedCsvBuilder } from '../data/csv-chunk-builder.js';
import type { Dataset } from '../data/dataset.js';
import { defaultWorkers, ThreadedCsvFeeder, TokenizerPool } from './csv-threads.js';
import { haveWorkerScript } from './worker-script.js';

/**
 * Bytes read at a time, and so the size of a worker's chunk: large enough that per-piece costs vanish, small enough
 * to keep memory flat (a chunk in flight carries about three times its bytes; 4 MiB pieces put the 1M-row table's
 * peak RSS 150–200 MB higher than 1 MiB ones, at the same speed).
 */
const PIECE_BYTES = 1024 * 1024;
const PROGRESS_EVERY_MS = 1000;

/** Where progress lines go: stderr, or a sink that drops them (the benchmark). */
export type ProgressSink = Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;

/** Files smaller than this are read on one thread: starting the workers would cost more than it saves. */
const THREADED_ABOVE_BYTES = 16 * 1024 * 1024;

export interface ReadThreads {
  /** Worker threads tokenizing (default: one per core); 0 reads on this thread only. */
  workers?: number;
  /** Files from this size on use the threads (default 16 MiB; tests lower it). */
  threadedAboveBytes?: number;
  /** Bytes read at a time (default 1 MiB; tests lower it). */
  pieceBytes?: number;
}

export async function readCsvFile(
  options: CsvOptions,
  progress: ProgressSink = process.stderr,
  { workers = defaultWorkers(), threadedAboveBytes = THREADED_ABOVE_BYTES, pieceBytes = PIECE_BYTES }: ReadThreads = {},
): Promise<Dataset> {
  const file = options.file;
  const cannotRead = (e: NodeJS.ErrnoException) => new Error(`${file}: cannot read (${e.code ?? e.message})`);
  const { size } = await stat(file).catch((e) => {
    throw cannotRead(e);
  });
  const builder = new ChunkedCsvBuilder(options);
  const stream = builder.stream();
  const pool = workers > 0 && size >= threadedAboveBytes && haveWorkerScript('tokenize-worker') ? new TokenizerPool(workers) : null;
  const feeder = pool ? new ThreadedCsvFeeder(stream, builder, pool, workers + 1) : null;
  const started = performance.now();
  let read = 0;
  let shown = started;
  try {
    for await (const piece of createReadStream(file, { highWaterMark: pieceBytes })) {
      if (feeder) await feeder.push(piece as Buffer);
      else stream.push(piece as Buffer, false);
      read += (piece as Buffer).length;
      const now = performance.now();
      if (now - shown >= PROGRESS_EVERY_MS) {
        shown = now;
        progress.write(progressLine(read, size, builder.rowsRead, (now - started) / 1000, progress.isTTY));
      }
    }
    if (feeder) await feeder.finish();
    else stream.push(new Uint8Array(0), true);
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code ? cannotRead(e as NodeJS.ErrnoException) : e;
  } finally {
    await pool?.close();
  }
  if (shown !== started) {
    const line = progressLine(size, size, builder.rowsRead, (performance.now() - started) / 1000, progress.isTTY);
    progress.write(progress.isTTY ? `${line}\n` : line);
  }
  // Read once to be encoded once: the stores go as the matrix fills.
  return builder.finish(true);
}

/** One progress line: bytes read of the size, rows/s, MB/s and the time left. */
export function progressLine(read: number, size: number, rows: number, seconds: number, tty: boolean | undefined): string {
  const mb = (n: number) => (n / 1e6).toFixed(n < 1e7 ? 1 : 0);
  const left = read > 0 ? (seconds * (size - read)) / read : Number.NaN;
  const line =
    `xent: read ${mb(read)} of ${mb(size)} MB (${Math.round((100 * read) / Math.max(size, 1))}%), ` +
    `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s, ${(read / 1e6 / seconds).toFixed(0)} MB/s, ` +
    `${read >= size ? 'done' : `about ${left.toFixed(0)} s left`}`;
  return tty ? `\r${line}\x1b[K` : `${line}\n`;
}
