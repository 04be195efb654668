/**
 * Reads a Parquet or Arrow IPC (Feather v2) table into the cells a CSV read keeps (a RawTable), in the CLI, the
 * library and the app's worker alike. The readers (hyparquet, apache-arrow) are loaded on first use, so neither is
 * in a bundle that never reads such a file.
 */
import { ColumnarDatasetBuilder, type TableOptions } from './columnar-builder.js';
import { DataError } from './dataset.js';
import type { RawTable } from './encode-table.js';

/** A file's bytes, by range (Parquet reads its footer first) or in order (an Arrow stream). */
export interface ByteSource {
  readonly size: number;
  slice(start: number, end: number): Promise<ArrayBuffer>;
  pieces(): AsyncIterable<Uint8Array>;
}

/** Hears how far a read got: the fraction done and the rows read so far. */
export type ReadProgress = (fraction: number, rows: number) => void;

/** The first rows of a table, as text (the loader's preview). */
export interface TableHead {
  columns: string[];
  rows: string[][];
}

export type ColumnarFormat = 'parquet' | 'arrow';

const FORMAT_NAMES: Record<ColumnarFormat, string> = { parquet: 'Parquet', arrow: 'Arrow IPC' };

export async function readColumnarTable(
  format: ColumnarFormat,
  source: ByteSource,
  options: TableOptions,
  onProgress: ReadProgress = () => {},
): Promise<RawTable> {
  const builder = new ColumnarDatasetBuilder(options);
  await explained(format, options.file, async () => {
    if (format === 'parquet') await (await import('./parquet.js')).readParquet(source, builder, onProgress);
    else await (await import('./arrow.js')).readArrow(source, builder, onProgress);
  });
  return builder.table();
}

/** The column names and first `rows` rows. */
export function columnarHead(format: ColumnarFormat, source: ByteSource, file: string, rows: number): Promise<TableHead> {
  return explained(format, file, async () => {
    if (format === 'parquet') return (await import('./parquet.js')).parquetHead(source, rows);
    return (await import('./arrow.js')).arrowHead(source, rows);
  });
}

/** A Blob's bytes (a File the user chose, a fetched URL). */
export function blobSource(blob: Blob, pieceBytes = 1 << 20): ByteSource {
  return {
    size: blob.size,
    slice: (start, end) => blob.slice(start, end).arrayBuffer(),
    async *pieces() {
      for (let offset = 0; offset < blob.size; offset += pieceBytes) {
        yield new Uint8Array(await blob.slice(offset, offset + pieceBytes).arrayBuffer());
      }
    },
  };
}

/** A reader's own failure (a truncated or corrupt file) becomes one line naming the file. */
async function explained<T>(format: ColumnarFormat, file: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof DataError) throw e;
    const why = e instanceof Error ? e.message : String(e);
    throw new DataError(file, null, null, `cannot read the ${FORMAT_NAMES[format]} file (${why.split('\n')[0]})`);
  }
}
