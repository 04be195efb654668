/**
 * The targets for the ingest benchmark, judged from one run's rows: each met, or missed with the measured
 * gap (the reasons are in bench/RESULTS-ingest.md's "Why the missed targets are missed", written by hand).
 */
import type { IngestRow } from './ingest.js';

const f = (x: number, d = 2) => x.toFixed(d);

/** The markdown table of targets: one line per target and table. */
export function targetsTable(rows: IngestRow[]): string[] {
  const lines = ['| target | rows | measured | status |', '|---|---|---|---|'];
  const line = (target: string, r: IngestRow, measured: string, met: boolean | null) =>
    lines.push(`| ${target} | ${r.rows} | ${measured} | ${met === null ? 'not measured' : met ? 'met' : '**missed**'} |`);
  for (const r of rows) {
    const p = r.pandas;
    const csvRatio = p ? p.readSeconds / r.xent.seconds : null;
    line(
      'CSV ingest ≥ 1.5× pandas C engine',
      r,
      csvRatio === null ? 'no pandas' : `${f(csvRatio)}× (${f(r.mb / r.xent.seconds, 0)} vs ${f(r.mb / (p?.readSeconds ?? 1), 0)} MB/s)`,
      csvRatio === null ? null : csvRatio >= 1.5,
    );
    const parquet = r.columnar.find((c) => c.format === 'parquet');
    const parquetRatio = p && parquet ? p.readSeconds / parquet.seconds : null;
    line(
      'Parquet ingest ≥ 3× pandas CSV',
      r,
      parquetRatio === null ? 'no pandas' : `${f(parquetRatio)}×`,
      parquetRatio === null ? null : parquetRatio >= 3,
    );
    const cpu = typeof r.train.cpu === 'string' ? null : r.train.cpu;
    const gpu = typeof r.train.gpu === 'string' ? null : r.train.gpu;
    if (p && cpu) {
      const ratio = (p.readSeconds + p.fitSeconds) / cpu.seconds;
      const dJ = Math.abs(cpu.objective - p.objective);
      line(
        'xent train (cpu) faster than pandas + scikit-learn, J within 1e-6',
        r,
        `${f(ratio)}× (ΔJ ${dJ.toExponential(1)})`,
        ratio > 1 && dJ <= 1e-6,
      );
    } else line('xent train (cpu) faster than pandas + scikit-learn, J within 1e-6', r, 'not run', null);
    if (cpu && gpu) line('gpu backend no slower than cpu', r, `${f(gpu.seconds)} s vs ${f(cpu.seconds)} s`, gpu.seconds <= cpu.seconds);
    const limit = (2 * r.rows * 64 * 4) / 1e6 + 300;
    line(
      'ingest peak RSS ≤ 2 × float32 matrix + 300 MB',
      r,
      `${f(r.xent.maxRssMB, 0)} MB (limit ${f(limit, 0)} MB)`,
      r.xent.maxRssMB <= limit,
    );
  }
  return lines;
}
