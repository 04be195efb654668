/**
 * A minimal protocol-buffers encoder: just the wire types the ONNX export writes
 * (varint, length-delimited, packed float32). Fields are written in call order.
 */

const VARINT = 0;
const LENGTH_DELIMITED = 2;

export class ProtoWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  /** An int32/int64/enum field. Negative values take ten bytes (two's complement), as protobuf requires. */
  varint(field: number, value: number): this {
    this.tag(field, VARINT);
    this.rawVarint(value);
    return this;
  }

  /** A string field, UTF-8 encoded. */
  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  /** A bytes field, or an embedded message already encoded. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.rawVarint(value.length);
    this.append(value);
    return this;
  }

  /** An embedded message, written by `build` into its own writer. */
  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A repeated float field, packed: little-endian float32 values after one length prefix. */
  packedFloats(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(4 * values.length);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i] as number, true);
    return this.bytes(field, bytes);
  }

  /** A repeated int64 field, packed. */
  packedVarints(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const value of values) inner.rawVarint(value);
    return this.bytes(field, inner.finish());
  }

  /** The encoded bytes so far. */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private tag(field: number, wireType: number): void {
    this.rawVarint(field * 8 + wireType);
  }

  private rawVarint(value: number): void {
    if (!Number.isSafeInteger(value)) throw new RangeError(`protobuf varint must be a safe integer, got ${value}`);
    let rest = BigInt.asUintN(64, BigInt(value));
    do {
      const low = Number(rest & 0x7fn);
      rest >>= 7n;
      this.appendByte(rest === 0n ? low : low | 0x80);
    } while (rest !== 0n);
  }

  private appendByte(byte: number): void {
    this.reserve(1);
    this.buffer[this.length++] = byte;
  }

  private append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private reserve(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + extra));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}
