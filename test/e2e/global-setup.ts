import 'vitest';
import { createServer, type ViteDevServer } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

let server: ViteDevServer | undefined;

/** One Vite dev server (the repo root, as `npm start` serves it) for every e2e file. */
export async function setup(project: TestProject): Promise<void> {
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
  await server?.close();
}
