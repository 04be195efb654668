import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The system Chromium; XENT_CHROMIUM overrides the path. */
export const chromiumPath = process.env.XENT_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that give headless Chromium WebGPU (SwiftShader when there is no GPU) and keep it off the network. */
export const chromiumArgs = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  browser: Browser;
  /** A new page that records errors and requests leaving `origin`. */
  page(origin: string): Promise<Page>;
  /** Page errors, console errors and unhandled rejections seen on any page. */
  errors: string[];
  /** URLs requested outside the page's origin (data: and blob: URLs are local). */
  externalRequests: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or set XENT_CHROMIUM`);
  }
  const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  const errors: string[] = [];
  const externalRequests: string[] = [];
  return {
    browser,
    errors,
    externalRequests,
    async page(origin: string) {
      const page = await browser.newPage();
      page.on('pageerror', (e) => errors.push(`pageerror: ${e instanceof Error ? e.message : String(e)}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) externalRequests.push(url);
      });
      return page;
    },
    close: () => browser.close(),
  };
}
