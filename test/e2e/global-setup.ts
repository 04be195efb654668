import 'vitest';
import type { Browser } from 'puppeteer-core';
import { createServer, type ViteDevServer } from 'vite';
import type { TestProject } from 'vitest/node';
import { launchChromium } from './browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The run's Chromium, for `puppeteer.connect` (test/e2e/fixture.ts). */
    browserWSEndpoint: string;
  }
}

let server: ViteDevServer | undefined;
let browser: Browser | undefined;

/**
 * One Vite dev server (the repo root, as `npm start` serves it) and one Chromium for every e2e file; the files run one
 * after another (fileParallelism false), each in its own browser context.
 */
export async function setup(project: TestProject): Promise<void> {
  browser = await launchChromium();
  project.provide('browserWSEndpoint', browser.wsEndpoint());
  server = await createServer({
    server: { port: 0, host: '127.0.0.1', strictPort: false, hmr: false, watch: null },
    logLevel: 'error',
    clearScreen: false,
  });
  await server.listen();
  const address = server.resolvedUrls?.local[0];
  if (!address) throw new Error('the Vite dev server did not report a URL');
  project.provide('baseUrl', address.replace(/\/$/, ''));
}

export async function teardown(): Promise<void> {
  await browser?.close();
  await server?.close();
}
