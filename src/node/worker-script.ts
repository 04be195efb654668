/**
 * Where the CLI's worker threads load their module from: built JavaScript beside this module (dist-cli/), or the
 * TypeScript source run through tsx (tests, `node --import ./bin/register.js`). The names are variables so the
 * bundler leaves the URLs as they are.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The Worker arguments for the worker module `name` (tokenize-worker, cpu-pass-worker). */
export function workerScript(name: string): [URL, { execArgv: string[] }] {
  const fromSource = import.meta.url.endsWith('.ts');
  const script = `./${name}.${fromSource ? 'ts' : 'js'}`;
  const register = '../../bin/register.js';
  // Built, the worker needs no loader of its parent's (tsx, when a bench script runs the built CLI).
  const execArgv = fromSource ? ['--import', new URL(register, import.meta.url).href] : [];
  return [new URL(script, import.meta.url), { execArgv }];
}

/** Whether this build has the worker module beside it (a bundle without it, as the device bench is, does without). */
export function haveWorkerScript(name: string): boolean {
  return existsSync(fileURLToPath(workerScript(name)[0]));
}
