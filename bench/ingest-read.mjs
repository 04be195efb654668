// One timed read (CSV, Parquet or Arrow) for the ingest benchmark, through the built CLI (dist-cli, what `xent`
// runs, its worker threads included), in a plain Node process of its own (no tsx), so its peak RSS is the reader's:
// `node bench/ingest-read.mjs FILE` prints {seconds, rows, cols, maxRssMB} as JSON, the seconds being those
// `xent inspect FILE --label label --json` reports for its read.
import { main } from '../dist-cli/cli.js';

const file = process.argv[2];
let out = '';
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk) => {
  out += chunk;
  return true;
};
const code = await main(['inspect', file, '--label', 'label', '--json']);
process.stdout.write = write;
if (code !== 0) process.exit(code);
const { seconds, rows, cols } = JSON.parse(out);
console.log(JSON.stringify({ seconds, rows, cols, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
