/**
 * Reads a CSV with both cores (or all): worker threads tokenize chunks of whole records and parse their numbers
 * (csv-chunks.ts), the most of the work, while this thread reads the file and feeds the records, in file order, to
 * the data set builder, so typing, encodings, row numbers and errors are exactly those of one thread. A chunk with a
 * quote is not tokenized there (the cut may be inside a quoted cell): from it on, the rest is read on this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ChunkedCsvBuilder } from '../data/csv-chunk-builder.js';
import type { TokenizedChunk } from '../data/csv-chunks.js';
import type { CsvByteStream } from '../data/csv-stream.js';
import type { TokenizeRequest } from './tokenize-worker.js';
import { WorkerCalls } from './worker-calls.js';
import { workerScript } from './worker-script.js';

/**
 * Worker threads to tokenize with: one per core. This thread's share (the records in file order) is lighter than
 * tokenizing and shares a core with them: on 2 cores two workers read 73–87 MB/s, one 62–69 (bench/NOTES.md).
 */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Bytes without a line feed after which the rest of the file is read on this thread (CR line ends, say). */
const MAX_CARRY_BYTES = 8 * 1024 * 1024;

/** Tokenizes chunks of whole records somewhere else than this thread. */
export interface ChunkTokenizer {
  tokenize(bytes: Uint8Array, delimiter: number, decimalComma: boolean): Promise<TokenizedChunk>;
}

/** Tokenizes chunks on worker threads, in turn (each request's promise resolves to its chunk). */
export class TokenizerPool implements ChunkTokenizer {
  private readonly calls = new WorkerCalls<TokenizedChunk>('CSV tokenizer');
  private readonly workers: Worker[];
  private next = 0;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => this.calls.attach(new Worker(...workerScript('tokenize-worker'))));
  }

  tokenize(bytes: Uint8Array, delimiter: number, decimalComma: boolean): Promise<TokenizedChunk> {
    const worker = this.workers[this.next++ % this.workers.length] as Worker;
    const request = (call: number): TokenizeRequest => ({ call, bytes, delimiter, decimalComma });
    return this.calls.call(worker, request, [bytes.buffer as ArrayBuffer]);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Feeds a file's pieces to the stream, handing whole-record chunks to the pool once the stream has its dialect;
 * call finish() after the last piece. At most `ahead` chunks are out at a time, so memory stays flat.
 */
export class ThreadedCsvFeeder {
  private handed: { carry: Uint8Array; delimiter: number; decimalComma: boolean } | null = null;
  /** Rows (records) the stream has seen, hand-offs included: the next replayed record is rows + 1. */
  private rows = 0;
  private readonly out: Promise<TokenizedChunk>[] = [];
  /** A quote (or a long run without a line feed) was met: the rest goes through the stream on this thread. */
  private sequential = false;

  constructor(
    private readonly stream: CsvByteStream,
    private readonly builder: ChunkedCsvBuilder,
    private readonly pool: ChunkTokenizer,
    private readonly ahead: number,
  ) {}

  async push(piece: Uint8Array): Promise<void> {
    if (!this.handed) {
      this.stream.push(piece, false);
      const handOff = this.stream.handOff();
      if (handOff) ({ rows: this.rows, ...this.handed } = handOff);
      return;
    }
    if (this.sequential) return this.stream.push(piece, false);
    const cut = lastLineFeed(piece) + 1;
    if (cut === 0) {
      this.handed.carry = concat(this.handed.carry, piece, piece.length);
      // Lone-CR line ends look like one long record: read those on this thread.
      if (this.handed.carry.length > MAX_CARRY_BYTES) await this.takeBack();
      return;
    }
    // One copy, into a buffer of the chunk's own, to transfer to the worker.
    const chunk = concat(this.handed.carry, piece, cut);
    this.handed.carry = piece.slice(cut);
    this.out.push(this.pool.tokenize(chunk, this.handed.delimiter, this.handed.decimalComma));
    while (this.out.length >= this.ahead && !this.sequential) await this.replayFirst();
  }

  /** After the last piece: the chunks still out, then the final unfinished record, on this thread. */
  async finish(): Promise<void> {
    if (this.handed) await this.takeBack();
    this.stream.push(new Uint8Array(0), true);
  }

  /** The chunks still out, in order; then the rest of the file is tokenized on this thread. */
  private async takeBack(): Promise<void> {
    while (this.out.length && !this.sequential) await this.replayFirst();
    if (!this.sequential) this.goSequential([]);
  }

  /** The next chunk back, in file order, into the stream; from a chunk with a quote on, the rest is read here. */
  private async replayFirst(): Promise<void> {
    const chunk = await (this.out.shift() as Promise<TokenizedChunk>);
    if (!chunk.quoted) {
      this.rows = this.builder.chunk(chunk, this.rows + 1);
      return;
    }
    const later = await Promise.all(this.out.splice(0));
    this.goSequential([chunk, ...later]);
  }

  /** The stream takes the file back: these chunks' bytes, then the carried ones, are tokenized on this thread. */
  private goSequential(chunks: TokenizedChunk[]): void {
    const handed = this.handed as { carry: Uint8Array };
    this.stream.resume(this.rows);
    this.sequential = true;
    for (const c of chunks) this.stream.push(c.bytes, false);
    this.stream.push(handed.carry, false);
    handed.carry = new Uint8Array(0);
  }
}

/** Where the last line feed of `bytes` is (-1 if none): from the end, a record's length away. */
function lastLineFeed(bytes: Uint8Array): number {
  let i = bytes.length - 1;
  while (i >= 0 && bytes[i] !== 0x0a) i--;
  return i;
}

/** a followed by the first `n` bytes of b, in a new buffer. */
function concat(a: Uint8Array, b: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(a.length + n);
  out.set(a);
  out.set(b.subarray(0, n), a.length);
  return out;
}
