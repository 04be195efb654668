/**
 * The arrays a column store keeps its values in. Where the CLI turns it on (Node), they lie on resizable
 * ArrayBuffers reserved large: growing is in place (no copy, no dead array left for the collector), and shrinking
 * hands the memory back at once, which lets the CLI's encoding release each store as the matrix is written
 * (encode-table.ts), so a large table is not held twice. Elsewhere (browsers, whose V8 sandbox bounds the address
 * space) they are ordinary arrays that grow by copying.
 */

export type ValueArray = Float64Array | Float32Array;

/** Address space reserved per array when resizable (1 GiB: 134M float64 rows; past it, growing copies), committed only as written. */
const MAX_BYTES = 2 ** 30;

let resizable = false;

/** From now on, new value arrays are resizable (where ArrayBuffer.prototype.resize exists). */
export function useResizableValues(on: boolean): void {
  resizable = on && typeof ArrayBuffer.prototype.resize === 'function';
}

/** A zeroed array of `length` float32 or float64 values. */
export function valueArray(float32: boolean, length: number): ValueArray {
  const bytes = length * (float32 ? 4 : 8);
  const buffer = (resizable && bytes <= MAX_BYTES && reserve(bytes)) || new ArrayBuffer(bytes);
  return float32 ? new Float32Array(buffer) : new Float64Array(buffer);
}

/** A resizable buffer, or null where the address space cannot be reserved (a `ulimit -v`, say): then a plain one. */
function reserve(bytes: number): ArrayBuffer | null {
  try {
    return new ArrayBuffer(bytes, { maxByteLength: MAX_BYTES });
  } catch {
    return null;
  }
}

/** `values` with room for `length` values, the first ones kept: the same array, grown in place, where it can be. */
export function grown(values: ValueArray, length: number): ValueArray {
  const buffer = values.buffer as ArrayBuffer;
  const bytes = length * values.BYTES_PER_ELEMENT;
  if (buffer.resizable && bytes <= buffer.maxByteLength) {
    buffer.resize(bytes);
    return values;
  }
  const copy = valueArray(values instanceof Float32Array, length);
  copy.set(values);
  return copy;
}

/** Keeps only the first `length` values; a resizable array gives the rest of its memory back now. */
export function truncate(values: ValueArray, length: number): void {
  const buffer = values.buffer as ArrayBuffer;
  if (buffer.resizable) buffer.resize(Math.min(buffer.byteLength, length * values.BYTES_PER_ELEMENT));
}
