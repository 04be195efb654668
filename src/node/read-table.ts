/**
 * Reads a table file for the CLI and the library: a CSV (streamed, read-csv.ts), or a Parquet or Arrow IPC / Feather
 * file (by its extension, checked against its first bytes; a name without one is told by the bytes). Progress goes
 * to stderr as for a CSV: a line a second while a read takes longer than a second.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { type ByteSource, readColumnarTable } from '../data/columnar.js';
import type { CsvOptions } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { encodeTable } from '../data/encode-table.js';
import { MAGIC_BYTES, tableFormat } from '../data/table-format.js';
import { type ProgressSink, progressLine, readCsvFile } from './read-csv.js';

const PROGRESS_EVERY_MS = 1000;

export async function readTableFile(options: CsvOptions, progress: ProgressSink = process.stderr): Promise<Dataset> {
  const { file } = options;
  const cannotRead = (e: NodeJS.ErrnoException) => new Error(`${file}: cannot read (${e.code ?? e.message})`);
  const handle = await open(file).catch((e) => {
    throw cannotRead(e);
  });
  let source: ByteSource;
  let head: Uint8Array;
  try {
    const { size } = await handle.stat();
    head = new Uint8Array(MAGIC_BYTES);
    await handle.read(head, 0, MAGIC_BYTES, 0);
    source = fileSource(file, size);
  } finally {
    await handle.close();
  }
  const format = tableFormat(file, head);
  if (format === 'csv') return readCsvFile(options, progress);
  const started = performance.now();
  let shown = started;
  const table = await readColumnarTable(format, source, options, (fraction, rows) => {
    const now = performance.now();
    const last = fraction >= 1 && shown !== started;
    if (now - shown < PROGRESS_EVERY_MS && !last) return;
    shown = now;
    const line = progressLine(fraction * source.size, source.size, rows, (now - started) / 1000, progress.isTTY);
    progress.write(last && progress.isTTY ? `${line}\n` : line);
  });
  return encodeTable(table);
}

/** A file read by ranges (a Parquet footer, then its columns) or in order (an Arrow stream). */
function fileSource(file: string, size: number): ByteSource {
  return {
    size,
    async slice(start, end) {
      const handle = await open(file);
      try {
        const bytes = new Uint8Array(end - start);
        await handle.read(bytes, 0, bytes.length, start);
        return bytes.buffer;
      } finally {
        await handle.close();
      }
    },
    pieces: () => createReadStream(file, { highWaterMark: 4 << 20 }),
  };
}
