#!/usr/bin/env node
// The `xent` command: runs the CLI as built from src/ into dist-cli/ by `npm install` (the prepare script) and
// `npm run build`, so a start compiles nothing.

// `xent … | head` closes stdout early: that is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));

let cli;
try {
  cli = await import('../dist-cli/cli.js');
} catch (e) {
  if (e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
  process.stderr.write('xent: the CLI is not built: run `npm run build` (or `npm install`) in the xent folder\n');
  process.exit(1);
}
process.exitCode = await cli.main(process.argv.slice(2));
