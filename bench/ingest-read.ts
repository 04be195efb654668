/**
 * One timed read for the ingest benchmark, in a process of its own so its peak RSS is its own:
 * `node --import ./bin/register.js bench/ingest-read.ts FILE` prints {seconds, rows, cols, maxRssMB} as JSON.
 */
import { readCsvFile } from '../src/node/read-csv.js';

const file = process.argv[2] as string;
const started = performance.now();
const data = await readCsvFile({ file, label: 'label' }, { write: () => true, isTTY: false });
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ seconds, rows: data.rows, cols: data.cols, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
