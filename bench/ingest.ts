/**
 * `npm run bench -- --ingest [--quick]`: bytes to trained model, side by side in one run. Writes the seeded tables
 * (262,144 and 1,048,576 rows × 64; --quick: 65,536), then per table: xent's CSV ingest (MB/s, rows/s, peak RSS, in
 * a process of its own), end-to-end `xent train … --optimizer lbfgs --l2 1e-3` wall time on the cpu and gpu backends
 * with the J reached, and, where a python3 with pandas and scikit-learn is installed, pandas' C-engine read and the
 * pandas + scikit-learn fit to the same J. The same table as Parquet and Arrow IPC is read too (xent's ingest MB/s
 * and rows/s per format; pandas' read_parquet where pyarrow or fastparquet is installed). Prints markdown tables and
 * writes them to bench/RESULTS-ingest.md.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { writeColumnarCopies, writeTable } from './ingest-table.js';
import { targetsTable } from './ingest-targets.js';
import { pythonWithSklearn } from './python.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const L2 = 1e-3;

export interface IngestRow {
  rows: number;
  mb: number;
  xent: { seconds: number; maxRssMB: number };
  train: Record<'cpu' | 'gpu', { seconds: number; objective: number } | string>;
  pandas: { readSeconds: number; fitSeconds: number; objective: number } | null;
  /** xent's ingest of the Parquet and Arrow copies; pandas' read_parquet (null: no pyarrow or fastparquet). */
  columnar: { format: string; mb: number; seconds: number; maxRssMB: number }[];
  pandasParquet: number | null;
}

const PANDAS_PARQUET =
  'import sys, time, pandas; t = time.perf_counter(); pandas.read_parquet(sys.argv[1]); print(time.perf_counter() - t)';

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

async function measure(file: string, rows: number, py: string | null, log: (m: string) => void): Promise<IngestRow> {
  const mb = (await stat(file)).size / 1e6;
  const big = { maxBuffer: 1 << 28, cwd: root };
  log(`ingest ${rows} rows (${mb.toFixed(0)} MB)`);
  const ingest = async (path: string) => JSON.parse((await run(process.execPath, ['bench/ingest-read.mjs', path], big)).stdout);
  const read = await ingest(file);
  const columnar: IngestRow['columnar'] = [];
  for (const format of ['parquet', 'arrow']) {
    const copy = file.replace(/\.csv$/, `.${format}`);
    log(`ingest ${rows} rows as ${format}`);
    columnar.push({ format, mb: (await stat(copy)).size / 1e6, ...(await ingest(copy)) });
  }
  const parquetFile = file.replace(/\.csv$/, '.parquet');
  const pandasParquet = py
    ? await run(py, ['-c', PANDAS_PARQUET, parquetFile], big).then(
        (r) => Number(r.stdout),
        () => null,
      )
    : null;
  const train: IngestRow['train'] = { cpu: 'not run', gpu: 'not run' };
  for (const backend of ['cpu', 'gpu'] as const) {
    log(`xent train ${rows} rows --backend ${backend}`);
    const args = [
      'bin/xent.js',
      'train',
      file,
      '--label',
      'label',
      '--optimizer',
      'lbfgs',
      '--l2',
      String(L2),
      '--backend',
      backend,
      '--json',
    ];
    const outcome = await timed(() => run(process.execPath, args, big)).catch((e: Error) => e);
    train[backend] =
      outcome instanceof Error
        ? `failed: ${outcome.message.split('\n').find((l) => l.startsWith('xent:')) ?? outcome.message.slice(0, 80)}`
        : { seconds: outcome[1], objective: JSON.parse(outcome[0].stdout).final.objective };
  }
  let pandas: IngestRow['pandas'] = null;
  if (py) {
    log(`pandas + scikit-learn ${rows} rows`);
    pandas = JSON.parse((await run(py, [join(root, 'bench/ingest-pandas.py'), file, String(L2)], big)).stdout);
  }
  return { rows, mb, xent: read, train, pandas, columnar, pandasParquet };
}

function markdown(rows: IngestRow[], command: string): string {
  const f = (x: number, d = 2) => x.toFixed(d);
  const end = (t: IngestRow['train']['cpu']) => (typeof t === 'string' ? t : `${f(t.seconds)} s (J ${t.objective.toPrecision(10)})`);
  const lines = [
    `# Ingest benchmark`,
    '',
    `\`${command}\`, ${new Date().toISOString()}. Tables: N × 64 features (five decimals) + a 0/1 label, from seed 13.`,
    "xent ingest = the built CLI's read into a typed data set (`xent inspect FILE --label label --json`, worker threads",
    'included), in a plain Node process of its own (peak RSS its own). End to end = the',
    `whole \`xent train FILE --label label --optimizer lbfgs --l2 ${L2}\` process. pandas = \`read_csv(engine="c")\`;`,
    'fit = StandardScaler + LogisticRegression(lbfgs, C = 1/(λN), tol 1e-10). Ratios > 1 favour xent.',
    '',
    '| rows | MB | xent ingest | MB/s | peak RSS | pandas read | ingest ratio | xent cpu end to end | xent gpu end to end | pandas + sklearn | cpu ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const p = r.pandas;
    const cpu = typeof r.train.cpu === 'string' ? null : r.train.cpu.seconds;
    lines.push(
      `| ${r.rows} | ${f(r.mb, 0)} | ${f(r.xent.seconds)} s | ${f(r.mb / r.xent.seconds, 0)} | ${f(r.xent.maxRssMB, 0)} MB | ` +
        `${p ? `${f(p.readSeconds)} s (${f(r.mb / p.readSeconds, 0)} MB/s)` : 'no pandas'} | ${p ? f(p.readSeconds / r.xent.seconds) : '–'} | ` +
        `${end(r.train.cpu)} | ${end(r.train.gpu)} | ${p ? `${f(p.readSeconds + p.fitSeconds)} s (J ${p.objective.toPrecision(10)})` : '–'} | ` +
        `${p && cpu ? f((p.readSeconds + p.fitSeconds) / cpu) : '–'} |`,
    );
  }
  lines.push(
    '',
    'Ingest per format (the same table; Parquet written by hyparquet-writer, snappy, 131,072-row groups; Arrow IPC file',
    'by apache-arrow, one record batch). MB/s is of the file read; "vs pandas CSV" = pandas\' C-engine CSV read time over',
    "xent's read time of this file (> 1 favours xent).",
    '',
    '| rows | format | MB | xent ingest | MB/s | rows/s | peak RSS | vs pandas CSV | pandas read_parquet |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows) {
    const formats = [{ format: 'csv', mb: r.mb, ...r.xent }, ...r.columnar];
    for (const c of formats) {
      const pandasParquet =
        c.format !== 'parquet' ? '' : r.pandasParquet === null ? 'no pyarrow or fastparquet' : `${f(r.pandasParquet)} s`;
      lines.push(
        `| ${r.rows} | ${c.format} | ${f(c.mb, 0)} | ${f(c.seconds)} s | ${f(c.mb / c.seconds, 0)} | ${Math.round(r.rows / c.seconds).toLocaleString('en-US')} | ` +
          `${f(c.maxRssMB, 0)} MB | ${r.pandas ? f(r.pandas.readSeconds / c.seconds) : 'no pandas'} | ${pandasParquet} |`,
      );
    }
  }
  lines.push('', 'Targets (issue 13), judged from this run; why the missed ones are missed is written below.', '', ...targetsTable(rows));
  return `${lines.join('\n')}\n`;
}

export async function runIngestBench(quick: boolean, command: string, log: (m: string) => void): Promise<string> {
  const dir = join(tmpdir(), 'xent-bench-ingest');
  await mkdir(dir, { recursive: true });
  const py = await pythonWithSklearn();
  if (!py)
    log('no python3 with pandas and scikit-learn: the reference columns stay empty (apt-get install python3-pandas python3-sklearn)');
  const results: IngestRow[] = [];
  for (const rows of quick ? [65_536] : [262_144, 1_048_576]) {
    const file = join(dir, `table-${rows}.csv`);
    if (!(await stat(file).catch(() => null))) {
      log(`writing ${file}`);
      await writeTable(file, rows);
    }
    const base = file.replace(/\.csv$/, '');
    if (!(await stat(`${base}.arrow`).catch(() => null))) {
      log(`writing ${base}.parquet and .arrow`);
      await writeColumnarCopies(base, rows);
    }
    results.push(await measure(file, rows, py, log));
  }
  const text = markdown(results, command);
  const file = join(root, 'bench/RESULTS-ingest.md');
  if (!quick) await writeFile(file, text + (await measuredByHand(file)));
  return text;
}

/** The sections after the generated table (peak RSS under /usr/bin/time, the 1 GiB run): a rerun keeps them. */
async function measuredByHand(file: string): Promise<string> {
  const old = await readFile(file, 'utf8').catch(() => '');
  const at = old.indexOf('\n## ');
  return at < 0 ? '' : old.slice(at);
}
