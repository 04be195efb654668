import { build } from 'vite';

/**
 * Tests that run `bin/xent.js` run dist-cli/, which `npm install` and `npm run build` make from src/: build it once
 * more before any test, so a test never checks a CLI older than the sources it reads beside it.
 */
export async function setup(): Promise<void> {
  await build({ configFile: 'vite.cli.config.ts', logLevel: 'error' });
}
