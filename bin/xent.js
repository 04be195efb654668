#!/usr/bin/env node
// The `xent` command: runs the TypeScript sources through tsx (see src/node/register.ts).
import { register } from 'tsx/esm/api';

register();
await import('../src/node/register.ts');
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2));
