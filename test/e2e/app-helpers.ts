/** Helpers for the app tests: an event recorder in the page and a plain static file server for the built module. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import type { Page } from 'puppeteer-core';
import type { EpochDetail } from '../../src/components/events.js';
import type { XentModel } from '../../src/model/format.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface RecordedEvent {
  type: 'xent-data-loaded' | 'xent-epoch' | 'xent-trained' | 'xent-error';
  detail: Record<string, unknown>;
}

export type EpochEvent = EpochDetail;

/**
 * Installs, before any page script runs, a document listener that keeps every xent event (they bubble and are
 * composed, so they reach the document from inside any shadow root).
 */
export async function recordXentEvents(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const events: { type: string; detail: unknown }[] = [];
    Object.assign(window, { __xentEvents: events });
    for (const type of ['xent-data-loaded', 'xent-epoch', 'xent-trained', 'xent-error']) {
      document.addEventListener(type, (e) => events.push({ type, detail: JSON.parse(JSON.stringify((e as CustomEvent).detail)) }));
    }
  });
}

/**
 * Forwards, before any page script runs, the page's unhandled promise rejections and Content-Security-Policy violations
 * to console.error, which `launchBrowser()` records with the other errors (the training worker forwards its own).
 */
export async function reportPageFaults(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    window.addEventListener('unhandledrejection', (e) => console.error(`unhandled rejection: ${String(e.reason)}`));
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline code'}`),
    );
  });
}

/** Keeps, before any page script runs, `exportModel()` of the trainer that fired each `xent-epoch`, by epoch number. */
export async function recordEpochModels(page: Page): Promise<void> {
  await page.evaluateOnNewDocument(() => {
    const models: Record<number, unknown> = {};
    Object.assign(window, { __xentEpochModels: models });
    document.addEventListener('xent-epoch', (e) => {
      const trainer = e.target as HTMLElementTagNameMap['xent-trainer'];
      models[(e as CustomEvent<{ epoch: number }>).detail.epoch] = trainer.exportModel();
    });
  });
}

export function epochModels(page: Page): Promise<Record<number, XentModel>> {
  return page.evaluate(() => (window as unknown as { __xentEpochModels: Record<number, XentModel> }).__xentEpochModels);
}

/** Forgets the events and models recorded so far (before the next run of the same page). */
export async function clearRecorded(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __xentEvents: unknown[]; __xentEpochModels?: Record<number, unknown> };
    w.__xentEvents.length = 0;
    for (const key of Object.keys(w.__xentEpochModels ?? {})) delete w.__xentEpochModels?.[Number(key)];
  });
}

export function recordedEvents(page: Page): Promise<RecordedEvent[]> {
  return page.evaluate(() => (window as unknown as { __xentEvents: RecordedEvent[] }).__xentEvents);
}

/** Waits until `xent-trained` or `xent-error` was recorded `count` times in total; fails with the errors seen. */
export async function waitForTrained(page: Page, count = 1, timeout = 120_000): Promise<{ epochs: EpochEvent[]; model: XentModel }> {
  await page.waitForFunction(
    (n: number) =>
      (window as unknown as { __xentEvents: RecordedEvent[] }).__xentEvents.filter(
        (e) => e.type === 'xent-trained' || e.type === 'xent-error',
      ).length >= n,
    { timeout },
    count,
  );
  const events = await recordedEvents(page);
  const errors = events.filter((e) => e.type === 'xent-error');
  if (errors.length > 0) throw new Error(`xent-error: ${errors.map((e) => e.detail.message).join('; ')}`);
  const trained = events.filter((e) => e.type === 'xent-trained').at(-1);
  return {
    epochs: events.filter((e) => e.type === 'xent-epoch').map((e) => e.detail as unknown as EpochEvent),
    model: trained?.detail.model as XentModel,
  };
}

/** Fraction of non-transparent pixels of the canvas matched by `selector` (`>>>` pierces shadow roots). */
export function canvasInk(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas) => {
    const c = canvas as HTMLCanvasElement;
    const pixels = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
    if (!pixels) return 0;
    let ink = 0;
    for (let i = 3; i < pixels.length; i += 4) if ((pixels[i] as number) > 0) ink++;
    return ink / (pixels.length / 4);
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.map': 'application/json',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/**
 * Serves files under `root` as they are: no bundler, no transforms (what a user's plain web server does), with
 * `headers` added to every response (a Content-Security-Policy, say).
 */
export async function staticServer(root: string, headers: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the static server has no port');
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((done) => server.close(() => done())) };
}
