/**
 * Parquet through hyparquet (pure JS; snappy and uncompressed pages): the footer is read first, then one column at a
 * time over all row groups (the label, then each kept column; a left-out column is never decoded). Numbers, decimals
 * and 64-bit integers arrive as numbers; DATE and TIMESTAMP columns as ms since 1970; strings (dictionary encoded or
 * not) and booleans as text.
 */
import {
  type AsyncBuffer,
  type ColumnData,
  type DecodedArray,
  type FileMetaData,
  parquetMetadataAsync,
  parquetRead,
  parquetReadObjects,
  parquetSchema,
  type SchemaTree,
} from 'hyparquet';
import type { ByteSource, ReadProgress, TableHead } from './columnar.js';
import type { ColumnarDatasetBuilder, ColumnKind, ColumnValues } from './columnar-builder.js';
import { DataError } from './dataset.js';

const DAY_MS = 86_400_000;

/** Dates and timestamps as ms since 1970, not Date objects. */
const parsers = {
  dateFromDays: (days: number) => days * DAY_MS,
  timestampFromMilliseconds: (ms: bigint) => Number(ms),
  timestampFromMicroseconds: (us: bigint) => Number(us) / 1e3,
  timestampFromNanoseconds: (ns: bigint) => Number(ns) / 1e6,
};

export async function readParquet(source: ByteSource, builder: ColumnarDatasetBuilder, onProgress: ReadProgress): Promise<void> {
  const file = await openParquet(source);
  const metadata = await parquetMetadataAsync(file);
  const top = parquetSchema(metadata).children;
  builder.header(top.map((c) => c.element.name));
  const rows = Number(metadata.num_rows);
  let done = 0;
  await builder.rows(rows, async (name) => {
    const kind = columnKind(top.find((c) => c.element.name === name) as SchemaTree, builder.file);
    const values = await readColumn(file, metadata, name, rows);
    onProgress(++done / builder.decodedColumns, rows);
    return { ...kind, values } as ColumnValues;
  });
}

/** One column over every row group, in row order (one row group's chunk is passed on as decoded). */
async function readColumn(file: AsyncBuffer, metadata: FileMetaData, name: string, rows: number): Promise<DecodedArray> {
  const chunks: ColumnData[] = [];
  await parquetRead({ file, metadata, columns: [name], parsers, onChunk: (chunk) => chunks.push(chunk) });
  if (chunks.length === 1 && chunks[0]?.rowStart === 0 && chunks[0].columnData.length === rows) return chunks[0].columnData;
  const values: unknown[] = new Array(rows);
  for (const { columnData, rowStart, rowEnd } of chunks) {
    for (let r = rowStart; r < Math.min(rowEnd, rows); r++) values[r] = columnData[r - rowStart];
  }
  return values;
}

export async function parquetHead(source: ByteSource, rows: number): Promise<TableHead> {
  const file = await openParquet(source);
  const metadata = await parquetMetadataAsync(file);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const head = (await parquetReadObjects({ file, metadata, rowEnd: Math.min(rows, Number(metadata.num_rows)) })) as Record<
    string,
    unknown
  >[];
  return { columns, rows: head.map((row) => columns.map((c) => previewText(row[c]))) };
}

/** The file as hyparquet reads it, checked to end with PAR1 (a truncated copy does not). */
async function openParquet(source: ByteSource): Promise<AsyncBuffer> {
  const tail = new Uint8Array(await source.slice(Math.max(0, source.size - 4), source.size));
  if (source.size < 12 || String.fromCharCode(...tail) !== 'PAR1') {
    throw new Error('it does not end with PAR1: the file is truncated or not Parquet');
  }
  return { byteLength: source.size, slice: (start, end) => source.slice(start, end ?? source.size) };
}

/** How a top-level column's cells reach the stores; a nested or unusual column is refused by name. */
function columnKind({ element, children }: SchemaTree, file: string): ColumnKind {
  const { name, type, converted_type: converted, logical_type: logical } = element;
  const refuse = (what: string) => {
    throw new DataError(file, null, name, `${what} columns are not read (leave the column out with --ignore)`);
  };
  if (children.length > 0) refuse('nested (list, map or struct)');
  if (converted === 'DATE' || logical?.type === 'DATE') return { kind: 'date', timed: false };
  if (converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || logical?.type === 'TIMESTAMP' || type === 'INT96') {
    return { kind: 'date', timed: true };
  }
  if (converted?.startsWith('TIME_') || logical?.type === 'TIME') refuse('time-of-day');
  if (converted === 'DECIMAL' || logical?.type === 'FLOAT16') return { kind: 'number' };
  if (type === 'INT32' || type === 'INT64' || type === 'FLOAT' || type === 'DOUBLE') return { kind: 'number' };
  if (type === 'BOOLEAN' || (type === 'BYTE_ARRAY' && converted !== 'JSON' && converted !== 'BSON')) return { kind: 'text' };
  if (logical?.type === 'UUID') return { kind: 'text' };
  return refuse(`${logical?.type ?? converted ?? type} (Parquet)`);
}

function previewText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().replace('T00:00:00.000Z', '');
  return String(value);
}
