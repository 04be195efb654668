/**
 * The page a test file works on: opened before the file's tests in a fresh incognito context of the run's Chromium
 * (test/e2e/global-setup.ts), so no storage leaks between files, and closed after them. It records page errors and
 * requests that leave its origin; `expectCleanPage()` asserts there were none.
 */
import puppeteer, { type Browser, type BrowserContext, type Page, type Viewport } from 'puppeteer-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { launchChromium } from './browser.js';
import { type StaticServer, staticServer } from './static-server.js';

export interface PageOptions {
  /** Serve the repository's files as they are, with these response headers, instead of through the Vite dev server. */
  staticFiles?: { headers?: Record<string, string> };
  /** false: a Chromium of its own without WebGPU, instead of the run's. */
  webgpu?: boolean;
  viewport?: Viewport;
  /** Run on the page before it loads, in order: they install listeners before any page script runs. */
  install?: ((page: Page) => Promise<void>)[];
  /** Waits, after the page loads, until it is ready for the tests. */
  ready?: (page: Page) => Promise<unknown>;
}

export class PageFixture {
  /** Page errors, console errors (unhandled rejections too, where `reportPageFaults` forwards them). */
  readonly errors: string[] = [];
  /** URLs requested outside the page's origin (data: and blob: URLs are local). */
  readonly foreignRequests: string[] = [];
  #page: Page | undefined;
  #origin: string | undefined;
  #context: BrowserContext | undefined;
  #browser: Browser | undefined;
  #ownsBrowser = false;
  #server: StaticServer | undefined;

  get page(): Page {
    if (!this.#page) throw new Error('the page is opened in beforeAll: use it in a test or a later hook');
    return this.#page;
  }

  /** Where the page is served from: the Vite dev server or the file's static server. */
  get origin(): string {
    if (!this.#origin) throw new Error('the page is opened in beforeAll: use it in a test or a later hook');
    return this.#origin;
  }

  async open(path: string, options: PageOptions): Promise<void> {
    if (options.staticFiles) this.#server = await staticServer(options.staticFiles.headers);
    const origin = this.#server?.url ?? inject('baseUrl');
    this.#origin = origin;
    this.#ownsBrowser = options.webgpu === false;
    this.#browser = this.#ownsBrowser
      ? await launchChromium({ webgpu: false })
      : await puppeteer.connect({ browserWSEndpoint: inject('browserWSEndpoint') });
    this.#context = await this.#browser.createBrowserContext();
    const page = await this.#context.newPage();
    page.on('pageerror', (e) => this.errors.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
    page.on('console', (m) => {
      if (m.type() === 'error') this.errors.push(`console: ${m.text()}`);
    });
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) this.foreignRequests.push(url);
    });
    if (options.viewport) await page.setViewport(options.viewport);
    for (const install of options.install ?? []) await install(page);
    await page.goto(`${origin}${path}`);
    await options.ready?.(page);
    this.#page = page;
  }

  /** Closes this file's context and its pages, and whatever the file started; the run's Chromium stays up. */
  async close(): Promise<void> {
    await this.#context?.close();
    if (this.#ownsBrowser) await this.#browser?.close();
    else await this.#browser?.disconnect();
    await this.#server?.close();
  }

  /** No page error and no request outside the origin so far. */
  expectCleanPage(): void {
    expect(this.errors, 'page errors').toEqual([]);
    expect(this.foreignRequests, 'requests outside the origin').toEqual([]);
  }
}

/** The page at `path` for the tests of the enclosing describe: opened in its beforeAll, closed in its afterAll. */
export function usePage(path: string, options: PageOptions = {}): PageFixture {
  const fixture = new PageFixture();
  beforeAll(() => fixture.open(path, options));
  afterAll(() => fixture.close());
  return fixture;
}
