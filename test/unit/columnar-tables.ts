/**
 * One table as JS columns, written as CSV, Parquet (hyparquet-writer) and Arrow IPC (apache-arrow), for the tests
 * that check the three read into the same Dataset.
 */
import { Bool, DateDay, Float64, Int32, Table, TimestampMillisecond, tableToIPC, Utf8, vectorFromArray } from 'apache-arrow';
import { parquetWriteBuffer, schemaFromColumnData } from 'hyparquet-writer';
import { csvRecords } from '../../src/data/csv.js';
import { parseIsoDate } from '../../src/data/dates.js';
import { isMissingText } from '../../src/data/missing.js';

export type Cell = number | string | boolean | Date | null;
export type ColumnType = 'double' | 'int' | 'string' | 'bool' | 'date' | 'timestamp';
export interface Column {
  name: string;
  type: ColumnType;
  cells: Cell[];
}

export function csvOf(columns: Column[]): string {
  const text = (c: Cell, type: ColumnType) =>
    c === null ? '' : c instanceof Date ? (type === 'date' ? c.toISOString().slice(0, 10) : c.toISOString()) : String(c);
  const rows = (columns[0] as Column).cells.map((_, i) => columns.map((col) => text(col.cells[i] as Cell, col.type)).join(','));
  return `${columns.map((c) => c.name).join(',')}\n${rows.join('\n')}\n`;
}

export function parquetOf(columns: Column[], rowGroupSize: number): ArrayBuffer {
  const types = { double: 'DOUBLE', int: 'INT32', string: 'STRING', bool: 'BOOLEAN', date: 'TIMESTAMP', timestamp: 'TIMESTAMP' } as const;
  const columnData = columns.map((c) => ({ name: c.name, data: c.cells, type: types[c.type], nullable: true }));
  // hyparquet-writer has no DATE basic type: the schema element says it (INT32 days, written from Dates).
  const schema = schemaFromColumnData({ columnData }).map((e, i) =>
    columns[i - 1]?.type === 'date' ? { ...e, type: 'INT32' as const, converted_type: 'DATE' as const } : e,
  );
  return parquetWriteBuffer({ columnData: columnData.map(({ type: _, ...c }) => c), schema, rowGroupSize });
}

export function arrowOf(columns: Column[], format: 'file' | 'stream', batchRows: number): Uint8Array {
  const types = { double: Float64, int: Int32, string: Utf8, bool: Bool, date: DateDay, timestamp: TimestampMillisecond };
  const rows = (columns[0] as Column).cells.length;
  const batches: Table[] = [];
  for (let start = 0; start < rows; start += batchRows) {
    const vectors = columns.map((c) => {
      const cells = c.cells.slice(start, start + batchRows);
      const values = c.type === 'timestamp' ? cells.map((d) => (d === null ? null : (d as Date).getTime())) : cells;
      return [c.name, vectorFromArray(values, new types[c.type]())] as const;
    });
    batches.push(new Table(Object.fromEntries(vectors)));
  }
  const [first, ...rest] = batches as [Table, ...Table[]];
  return tableToIPC(first.concat(...rest), format);
}

/** A CSV table's columns, typed as a Parquet export would type them: numbers, ISO dates, else text; missing tokens as null. */
export function columnsOfCsv(text: string, file: string): Column[] {
  const names = text.slice(0, text.indexOf('\n')).split(',');
  const [records] = csvRecords(text, file, names);
  return names.map((name) => {
    const raw = records.map((r) => (r[name] as string).trim());
    const present = raw.filter((c) => !isMissingText(c));
    const type: ColumnType = present.every((c) => Number.isFinite(Number(c)))
      ? 'double'
      : present.every((c) => parseIsoDate(c)?.timed === false)
        ? 'date'
        : 'string';
    const cell = (c: string): Cell =>
      isMissingText(c) ? null : type === 'double' ? Number(c) : type === 'date' ? new Date((parseIsoDate(c) as { ms: number }).ms) : c;
    return { name, type, cells: raw.map(cell) };
  });
}
