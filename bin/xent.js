#!/usr/bin/env node
// The `xent` command: runs the TypeScript sources (see register.js).
import './register.js';

// `xent … | head` closes stdout early: that is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1));

const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
