/**
 * Parses a CSV, Parquet or Arrow IPC / Feather file off the main thread (the columnar readers load on first use), so a 100 MB file never freezes the page. A File/Blob is parsed here as a stream of
 * slices (never held whole) and the page hears how far parsing got; the Dataset comes back with its
 * feature and label buffers transferred, not copied. The cells read are kept, column by column, so the page can
 * change a column's role and have the table encoded again without the file being read again.
 */
import { type ForcedRole, withRoles } from './column-typing.js';
import { blobSource, columnarHead, readColumnarTable, type TableHead } from './columnar.js';
import { CsvDatasetBuilder, type CsvOptions } from './csv.js';
import { CsvTextStream } from './csv-stream.js';
import type { Dataset } from './dataset.js';
import { encodeTable, type RawTable } from './encode-table.js';
import { MAGIC_BYTES, type TableFormat, tableFormat } from './table-format.js';

/** Reads a CSV: the cells it keeps replace any read before. */
export interface CsvParseRequest {
  type: 'parse';
  /** Echoed in the replies. */
  id: number;
  /** The CSV text, or a File/Blob to read in the worker. */
  source: string | Blob;
  /** Named in errors: the file name or URL. */
  file: string;
  label: string;
  /** Column choices: features, ignored and forced columns, missing-cell policy, category limit. */
  columns?: Omit<CsvOptions, 'file' | 'label'>;
}

/** Encodes the cells of the last CSV read again, with these roles (columns not named get their inferred role). */
export interface CsvRetypeRequest {
  type: 'retype';
  id: number;
  roles: Record<string, ForcedRole>;
}

/** The column names and first rows of a Parquet or Arrow file (a CSV's head is read on the page). */
export interface TableHeadRequest {
  type: 'head';
  id: number;
  source: Blob;
  file: string;
  rows: number;
}

export type CsvWorkerRequest = CsvParseRequest | CsvRetypeRequest | TableHeadRequest;

export type CsvParseReply = { id: number } & (
  | /** Fraction of the file's bytes read so far (sent at most once per percent). */
  { type: 'progress'; fraction: number }
  | { type: 'done'; dataset: Dataset }
  | { type: 'head'; head: TableHead }
  | { type: 'failed'; message: string }
);

/** The cells of the last CSV read (null until one was read whole). */
let kept: RawTable | null = null;

function reply(message: CsvParseReply, transfer: Transferable[] = []): void {
  globalThis.postMessage(message, { transfer });
}

/** Bytes parsed at a time: small enough for a smooth progress bar, large enough that a 100 MB file takes 400 steps. */
const CHUNK_BYTES = 256 * 1024;

/** Streams a File/Blob's bytes one slice at a time into the builder (decoded per text cell, never as a whole). */
async function parseStream(blob: Blob, builder: CsvDatasetBuilder, progress: (fraction: number) => void): Promise<void> {
  const stream = builder.stream();
  for (let offset = 0; offset < blob.size; offset += CHUNK_BYTES) {
    const last = offset + CHUNK_BYTES >= blob.size;
    stream.push(new Uint8Array(await blob.slice(offset, offset + CHUNK_BYTES).arrayBuffer()), last);
    progress(Math.min(offset + CHUNK_BYTES, blob.size) / blob.size);
  }
}

async function read({ id, source, file, label, columns }: CsvParseRequest): Promise<RawTable> {
  kept = null;
  let reported = 0;
  const progress = (fraction: number) => {
    if (fraction - reported < 0.01 && fraction < 1) return;
    reported = fraction;
    reply({ id, type: 'progress', fraction });
  };
  const format = typeof source === 'string' ? 'csv' : await formatOf(source, file);
  let table: RawTable;
  if (format !== 'csv') table = await readColumnarTable(format, blobSource(source as Blob), { ...columns, file, label }, progress);
  else {
    const builder = new CsvDatasetBuilder({ ...columns, file, label });
    if (typeof source === 'string') new CsvTextStream(builder.stream()).push(source, true);
    else await parseStream(source, builder, progress);
    table = builder.table();
  }
  // Dropping incomplete rows compacts the cells in place: such a table cannot be encoded again.
  if (table.missing !== 'drop') kept = table;
  return table;
}

async function formatOf(blob: Blob, file: string): Promise<TableFormat> {
  return tableFormat(file, new Uint8Array(await blob.slice(0, MAGIC_BYTES).arrayBuffer()));
}

async function head({ id, source, file, rows }: TableHeadRequest): Promise<void> {
  const format = await formatOf(source, file);
  if (format === 'csv') throw new Error(`${file}: a CSV's head is read on the page`);
  reply({ id, type: 'head', head: await columnarHead(format, blobSource(source), file, rows) });
}

globalThis.addEventListener('message', async (event: MessageEvent<CsvWorkerRequest>) => {
  const request = event.data;
  try {
    if (request.type === 'head') return await head(request);
    let table: RawTable;
    if (request.type === 'parse') table = await read(request);
    else if (kept) table = withRoles(kept, request.roles);
    else throw new Error('no CSV has been read in this worker to change the roles of');
    const dataset = encodeTable(table);
    reply({ id: request.id, type: 'done', dataset }, [dataset.x.buffer, dataset.y.buffer]);
  } catch (error) {
    reply({ id: request.id, type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
});
