/**
 * Arrow IPC through apache-arrow: the file format (Feather v2) and the stream format, read record batch by record
 * batch as the bytes arrive. Floats and integers (64-bit ones included) arrive as numbers, Date and Timestamp
 * columns as ms since 1970, strings, dictionaries of strings and booleans as text.
 */
import { DataType, Precision, RecordBatchReader, type Vector } from 'apache-arrow';
import type { ByteSource, ReadProgress, TableHead } from './columnar.js';
import type { ColumnarDatasetBuilder, ColumnKind, ColumnValues } from './columnar-builder.js';
import { DataError } from './dataset.js';

export async function readArrow(source: ByteSource, builder: ColumnarDatasetBuilder, onProgress: ReadProgress): Promise<void> {
  await checkFileEnd(source);
  let read = 0;
  const counted = (async function* () {
    for await (const piece of source.pieces()) {
      read += piece.length;
      yield piece;
    }
  })();
  const reader = await RecordBatchReader.from(counted);
  await reader.open();
  builder.header(reader.schema.fields.map((f) => f.name));
  for await (const batch of reader) {
    await builder.rows(batch.numRows, (name) => columnValues(batch.getChild(name) as Vector, builder.file, name));
    onProgress(read / Math.max(source.size, 1), builder.rowsRead);
  }
}

export async function arrowHead(source: ByteSource, rows: number): Promise<TableHead> {
  const reader = await RecordBatchReader.from(source.pieces());
  await reader.open();
  const columns = reader.schema.fields.map((f) => f.name);
  const head: string[][] = [];
  for await (const batch of reader) {
    for (let r = 0; r < batch.numRows && head.length < rows; r++) {
      head.push(columns.map((c) => previewText(batch.getChild(c)?.get(r), batch.getChild(c)?.type)));
    }
    if (head.length >= rows) break;
  }
  return { columns, rows: head };
}

/** The file format (not a stream) starts and ends with ARROW1: a truncated copy does not end with it. */
async function checkFileEnd(source: ByteSource): Promise<void> {
  const ascii = async (start: number) => String.fromCharCode(...new Uint8Array(await source.slice(start, start + 6)));
  if ((await ascii(0)) === 'ARROW1' && (source.size < 12 || (await ascii(source.size - 6)) !== 'ARROW1')) {
    throw new Error('it does not end with ARROW1: the file is truncated');
  }
}

/** A column of a record batch as the stores take it; a type without a meaning for a classifier is refused by name. */
function columnValues(vector: Vector, file: string, name: string): ColumnValues {
  const kind = kindOf(vector.type);
  if (!kind) throw new DataError(file, null, name, `${vector.type} (Arrow) columns are not read (leave the column out with --ignore)`);
  // Nulls, 64-bit integers and half floats need each value decoded; a plain float or small integer is its buffer.
  const t = vector.type;
  const plain =
    vector.nullCount === 0 && ((DataType.isFloat(t) && t.precision !== Precision.HALF) || (DataType.isInt(t) && t.bitWidth < 64));
  const values = plain ? (vector.toArray() as ArrayLike<number>) : Array.from({ length: vector.length }, (_, i) => vector.get(i));
  return { ...kind, values } as ColumnValues;
}

function kindOf(type: DataType): ColumnKind | null {
  if (DataType.isDictionary(type)) return kindOf(type.dictionary);
  if (DataType.isFloat(type) || DataType.isInt(type)) return { kind: 'number' };
  if (DataType.isDate(type)) return { kind: 'date', timed: false };
  if (DataType.isTimestamp(type)) return { kind: 'date', timed: true };
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isBool(type) || DataType.isNull(type)) return { kind: 'text' };
  return null;
}

function previewText(value: unknown, type: DataType | undefined): string {
  if (value === null || value === undefined) return '';
  const kind = type && kindOf(type);
  if (kind?.kind === 'date' && typeof value === 'number') return new Date(value).toISOString().replace('T00:00:00.000Z', '');
  return String(value);
}
