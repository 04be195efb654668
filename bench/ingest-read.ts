/**
 * One timed read (CSV, Parquet or Arrow) for the ingest benchmark, in a process of its own so its peak RSS is its
 * own: `node --import ./bin/register.js bench/ingest-read.ts FILE` prints {seconds, rows, cols, maxRssMB} as JSON.
 * The readers are imported before the clock starts: run from source, tsx compiles apache-arrow's hundreds of files
 * on first import (about a second), which the bundled CLI never does.
 */
import '../src/data/arrow.js';
import '../src/data/parquet.js';
import { readTableFile } from '../src/node/read-table.js';

const file = process.argv[2] as string;
const started = performance.now();
const data = await readTableFile({ file, label: 'label' }, { write: () => true, isTTY: false });
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, rows: data.rows, cols: data.cols, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
