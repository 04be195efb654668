/**
 * `npm run size` (and `npm test`, after its build): builds the embed (dist/xent.js) and fails when its main module is over 100 KiB gzipped (zlib's
 * default level, as Vite reports it) or holds the Parquet or Arrow reader, which must stay chunks loaded on first use.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const LIMIT = 100 * 1024;
/** Strings only the readers' code holds. */
const READERS = { hyparquet: 'parquet metadata length', 'apache-arrow': 'Expected to read ' };

// `--built`: `npm test` has just run the build.
if (!process.argv.includes('--built')) execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
const main = readFileSync('dist/xent.js');
const gzipped = gzipSync(main).length;
const bundled = Object.entries(READERS).filter(([, marker]) => main.includes(marker));
console.log(`dist/xent.js: ${(main.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped (limit ${LIMIT / 1024} KiB)`);
if (bundled.length) console.error(`the main module bundles ${bundled.map(([name]) => name).join(', ')}: import it lazily`);
if (gzipped > LIMIT) console.error(`over the limit by ${((gzipped - LIMIT) / 1024).toFixed(1)} KiB`);
process.exitCode = gzipped > LIMIT || bundled.length ? 1 : 0;
