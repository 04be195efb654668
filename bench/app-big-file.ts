/**
 * The app on a big CSV, end to end in headless Chromium (WebGPU; SwiftShader without a GPU):
 * `node --import ./bin/register.js bench/app-big-file.ts [FILE]` (default: the ingest bench's 1,048,576-row table,
 * written if missing) picks FILE in <xent-trainer>'s file input, samples the loader's progress bar and a 50 ms
 * heartbeat on the page's main thread while the worker reads and types the file, then trains three L-BFGS epochs on
 * the GPU. Prints what it saw: read time, progress values over time, the longest gap between heartbeats (how long
 * the page was unresponsive), training time and loss. Needs `npm run build` (it serves dist/xent.js).
 */
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '../test/e2e/browser.js';
import { staticServer } from '../test/e2e/static-server.js';
import { writeTable } from './ingest-table.js';

const file = process.argv[2] ?? join(tmpdir(), 'xent-bench-ingest', 'table-1048576.csv');
if (!existsSync(file)) await writeTable(file, 1_048_576);
const mb = statSync(file).size / 1e6;

const server = await staticServer();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.evaluateOnNewDocument(() => {
    const w = window as unknown as Record<string, unknown>;
    const beats: number[] = [];
    w.__beats = beats;
    setInterval(() => beats.push(performance.now()), 50);
    const events: { type: string; at: number; detail: unknown }[] = [];
    w.__events = events;
    for (const type of ['xent-data-loaded', 'xent-epoch', 'xent-trained', 'xent-error']) {
      document.addEventListener(type, (e) => {
        const detail = (e as CustomEvent).detail;
        events.push({ type, at: performance.now(), detail: type === 'xent-trained' ? null : detail });
      });
    }
  });
  await page.goto(`${server.url}/bench/pages/big-file.html`);
  const input = await page.waitForSelector('xent-trainer >>> input[type="file"]');
  const pickedAt = await page.evaluate(() => performance.now());
  await input?.uploadFile(file);
  // The progress bar of the loader inside the trainer, every half second, until the data set is loaded.
  const progress: [number, number][] = [];
  for (;;) {
    const state = await page.evaluate(() => {
      const w = window as unknown as { __events: { type: string }[] };
      const loader = document.querySelector('xent-trainer')?.shadowRoot?.querySelector('xent-data-loader');
      const bar = loader?.shadowRoot?.querySelector('progress');
      return { now: performance.now(), value: bar ? bar.value : null, done: w.__events.some((e) => e.type !== 'xent-epoch') };
    });
    if (state.value !== null) progress.push([(state.now - pickedAt) / 1000, state.value]);
    if (state.done) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const loaded = await page.evaluate(
    () => (window as unknown as { __events: { type: string; at: number; detail: unknown }[] }).__events[0],
  );
  if (loaded?.type !== 'xent-data-loaded') throw new Error(`the file did not load: ${JSON.stringify(loaded)}`);
  const start = await page.waitForSelector('xent-trainer >>> button[part="start"]:not([disabled])');
  const startedAt = await page.evaluate(() => performance.now());
  await start?.click();
  await page.waitForFunction(
    () =>
      (window as unknown as { __events: { type: string }[] }).__events.some((e) => e.type === 'xent-trained' || e.type === 'xent-error'),
    { timeout: 1_800_000, polling: 1000 },
  );
  const seen = await page.evaluate(() => {
    const w = window as unknown as { __beats: number[]; __events: { type: string; at: number; detail: unknown }[] };
    return { beats: w.__beats, events: w.__events };
  });
  const longestGap = (from: number, to: number) => {
    const beats = seen.beats.filter((t) => t >= from && t <= to);
    return Math.max(0, ...beats.slice(1).map((t, i) => t - (beats[i] as number)));
  };
  const loadedAt = loaded.at;
  const trained = seen.events.find((e) => e.type === 'xent-trained' || e.type === 'xent-error');
  const epochs = seen.events.filter((e) => e.type === 'xent-epoch').map((e) => e.detail as { epoch: number; loss: number });
  const report = {
    file,
    mb: Math.round(mb),
    loaded: loaded.detail,
    readSeconds: (loadedAt - pickedAt) / 1000,
    readMBps: mb / ((loadedAt - pickedAt) / 1000),
    progress: progress.map(([t, v]) => `${t.toFixed(1)} s: ${(100 * v).toFixed(0)}%`),
    longestMainThreadGapWhileReadingMs: Math.round(longestGap(pickedAt, loadedAt)),
    outcome: trained?.type,
    trainSeconds: trained ? (trained.at - startedAt) / 1000 : null,
    longestMainThreadGapWhileTrainingMs: trained ? Math.round(longestGap(startedAt, trained.at)) : null,
    epochs,
  };
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await server.close();
}
