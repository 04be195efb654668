/**
 * Which reader a table file needs: chosen by the file's extension, checked against its first bytes (a Parquet file
 * starts with `PAR1`, an Arrow IPC file with `ARROW1`, an Arrow IPC stream with the continuation marker
 * 0xFFFFFFFF); a name without a known extension (a URL) is told by the bytes alone, and is a CSV otherwise.
 */
import { DataError } from './dataset.js';

export type TableFormat = 'csv' | 'parquet' | 'arrow';

/** Bytes of the head that tell the formats apart. */
export const MAGIC_BYTES = 8;

const EXTENSIONS: Record<string, Exclude<TableFormat, 'csv'>> = {
  parquet: 'parquet',
  parq: 'parquet',
  pq: 'parquet',
  arrow: 'arrow',
  arrows: 'arrow',
  feather: 'arrow',
  ipc: 'arrow',
};

/** The format of `file` (a path, name or URL) whose first bytes are `head`; throws when they disagree. */
export function tableFormat(file: string, head: Uint8Array): TableFormat {
  const extension = /\.([a-z]+)$/i.exec(file.replace(/[?#].*$/, ''))?.[1]?.toLowerCase() ?? '';
  const named = EXTENSIONS[extension];
  const sniffed = sniff(head);
  if (!named) return sniffed;
  if (sniffed === named) return named;
  if (startsWith(head, 'FEA1')) {
    throw new DataError(file, null, null, 'is a Feather v1 file, which is not read: save it again as Feather v2 (Arrow IPC)');
  }
  const magic = named === 'parquet' ? 'PAR1' : 'ARROW1 (or an Arrow IPC stream)';
  throw new DataError(file, null, null, `is not a ${named === 'parquet' ? 'Parquet' : 'Arrow IPC'} file: it does not start with ${magic}`);
}

function sniff(head: Uint8Array): TableFormat {
  if (startsWith(head, 'PAR1')) return 'parquet';
  if (startsWith(head, 'ARROW1') || (head.length >= 4 && head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff)) {
    return 'arrow';
  }
  return 'csv';
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  return bytes.length >= ascii.length && [...ascii].every((c, i) => bytes[i] === c.charCodeAt(0));
}
