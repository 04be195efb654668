import { existsSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';

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

/**
 * Starts headless Chromium with `chromiumArgs`, or with all of them but WebGPU's when `webgpu` is false (Chromium then
 * finds no adapter). Fails with what to do when Chromium is not installed.
 */
export function launchChromium({ webgpu = true } = {}): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: install it (apt-get install -y chromium) or set XENT_CHROMIUM`);
  }
  const args = webgpu ? chromiumArgs : chromiumArgs.filter((a) => a !== '--enable-unsafe-webgpu');
  return puppeteer.launch({ executablePath: chromiumPath, headless: true, args });
}
