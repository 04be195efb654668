/**
 * Reads a CSV with both cores (or all): worker threads tokenize chunks of whole records and parse their numbers
 * (csv-chunks.ts), the most of the work, while this thread reads the file and feeds the records, in file order, to
 * the data set builder, so typing, encodings, row numbers and errors are exactly those of one thread. The file is
 * cut only where no quote has been seen: from the first quote on, the rest is read on this thread.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TokenizedChunk } from '../data/csv-chunks.js';
import { wholeRecordsEnd } from '../data/csv-chunks.js';
import type { CsvByteStream } from '../data/csv-stream.js';
import type { TokenizeRequest } from './tokenize-worker.js';

/** Worker threads to tokenize with: one per core but this thread's, which has the records to type meanwhile. */
export function defaultWorkers(): number {
  return Math.max(0, availableParallelism() - 0);
}

/** Bytes without a line feed after which the rest of the file is read on this thread (CR line ends, say). */
const MAX_CARRY_BYTES = 64 * 1024 * 1024;

/** Tokenizes chunks of whole records somewhere else than this thread. */
export interface ChunkTokenizer {
  tokenize(bytes: Uint8Array, delimiter: number, decimalComma: boolean): Promise<TokenizedChunk>;
}

/** Tokenizes chunks on worker threads, in the order asked (each request's promise resolves to its chunk). */
export class TokenizerPool implements ChunkTokenizer {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (c: TokenizedChunk) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(threads: number) {
    this.workers = Array.from({ length: threads }, () => {
      const worker = new Worker(...workerScript());
      worker.on('message', ({ id, chunk }: { id: number; chunk: TokenizedChunk }) => {
        this.waiting.get(id)?.resolve(chunk);
        this.waiting.delete(id);
      });
      worker.on('error', (e) => this.fail(e));
      return worker;
    });
  }

  tokenize(bytes: Uint8Array, delimiter: number, decimalComma: boolean): Promise<TokenizedChunk> {
    const id = this.next++;
    const request: TokenizeRequest = { id, bytes, delimiter, decimalComma };
    const worker = this.workers[id % this.workers.length] as Worker;
    const chunk = new Promise<TokenizedChunk>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(request, [bytes.buffer as ArrayBuffer]);
    });
    // A worker's failure is seen where its chunk is awaited; chunks never awaited (a data error came first) stay quiet.
    chunk.catch(() => {});
    return chunk;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private fail(e: Error): void {
    for (const { reject } of this.waiting.values()) reject(e);
    this.waiting.clear();
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
    private readonly pool: ChunkTokenizer,
    private readonly ahead: number,
  ) {}

  async push(piece: Uint8Array): Promise<void> {
    if (this.sequential) return this.stream.push(piece, false);
    if (!this.handed) {
      this.stream.push(piece, false);
      const handOff = this.stream.handOff();
      if (handOff) ({ rows: this.rows, ...this.handed } = handOff);
      return;
    }
    const bytes = concat(this.handed.carry, piece);
    const cut = wholeRecordsEnd(bytes);
    // A quote, or a record longer than any sane one (lone-CR line ends look like one long record).
    if (cut < 0 || (cut === 0 && bytes.length > MAX_CARRY_BYTES)) {
      await this.takeBack();
      this.stream.push(bytes, false);
      return;
    }
    if (cut === 0) {
      this.handed.carry = bytes;
      return;
    }
    // Its own buffer, to transfer to the worker.
    this.out.push(this.pool.tokenize(bytes.slice(0, cut), this.handed.delimiter, this.handed.decimalComma));
    this.handed.carry = bytes.slice(cut);
    while (this.out.length >= this.ahead) await this.replayFirst();
  }

  /** After the last piece: the chunks still out, then the final unfinished record, on this thread. */
  async finish(): Promise<void> {
    if (!this.sequential && this.handed) {
      const carry = this.handed.carry;
      await this.takeBack();
      this.stream.push(carry, true);
    } else this.stream.push(new Uint8Array(0), true);
  }

  private async takeBack(): Promise<void> {
    while (this.out.length) await this.replayFirst();
    this.stream.resume(this.rows);
    this.sequential = true;
  }

  private async replayFirst(): Promise<void> {
    const chunk = await (this.out.shift() as Promise<TokenizedChunk>);
    this.rows = this.stream.replay(chunk, this.rows + 1);
  }
}

/**
 * The worker's module: built JavaScript beside this one (dist-cli/), or the TypeScript source run through tsx (tests,
 * `node --import ./bin/register.js`). The names are variables so the bundler leaves them as they are.
 */
function workerScript(): [URL, { execArgv?: string[] }] {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = fromSource ? './tokenize-worker.ts' : './tokenize-worker.js';
  const register = '../../bin/register.js';
  return [new URL(script, import.meta.url), fromSource ? { execArgv: ['--import', new URL(register, import.meta.url).href] } : {}];
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
