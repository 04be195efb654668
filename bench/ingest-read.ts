/**
 * One timed read (CSV, Parquet or Arrow) for the ingest benchmark, through the built CLI (dist-cli, what `xent` runs,
 * its worker threads included) in a process of its own so its peak RSS is its own:
 * `node bench/ingest-read.ts FILE` (run through tsx) prints {seconds, rows, cols, maxRssMB} as JSON, the seconds
 * those `xent inspect FILE --label label --json` reports for its read.
 */
// @ts-expect-error: the built CLI has no type declarations
import { main } from '../dist-cli/cli.js';

const file = process.argv[2] as string;
let out = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string) => {
  out += chunk;
  return true;
}) as typeof process.stdout.write;
const code = await main(['inspect', file, '--label', 'label', '--json']);
process.stdout.write = write;
if (code !== 0) process.exit(code);
const { seconds, rows, cols } = JSON.parse(out);
console.log(JSON.stringify({ seconds, rows, cols, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
