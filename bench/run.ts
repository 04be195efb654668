/**
 * `npm run bench` — `tsx bench/run.ts [--node | --node-only] [--gpu-only] [--large] [--check] [--json] [--quick] [--results FILE]`,
 * or `--ingest [--quick]`: bytes to trained model against pandas + scikit-learn (bench/ingest.ts),
 * or `--batched [--quick]`: 50 models per pass against the same 50 one after another, in Node (bench/batched-run.ts).
 * Serves the repository with Vite, runs bench/index.html in headless Chromium (WebGPU), optionally runs the xent part
 * through Dawn in Node too (or only that), prints the table and writes bench/RESULTS.md or FILE (not for --quick, a
 * smoke run). In Node: --gpu-only leaves out the float64 CPU path, --large adds workloads sized for a real GPU,
 * --check first runs every kernel against the CPU path on the adapter (src/check/kernel-checks.ts) and stops if one is off.
 * bench/device.sh runs the Node part on a machine without this repository's node_modules, bundled by
 * bench/vite.node.config.ts: there the WGSL is already inlined and Chromium is not used.
 */
import { writeFile } from 'node:fs/promises';
import { register } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { type Machine, markdownReport, textReport, verdicts } from './report.js';
import type { RunResults } from './results.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The whole page run; Chromium's protocol would otherwise give up on the long evaluate after 3 minutes. */
const PAGE_TIMEOUT_MS = 15 * 60_000;
const USAGE =
  'usage: tsx bench/run.ts [--node | --node-only] [--gpu-only] [--large] [--check] [--json] [--quick] [--results FILE] | --ingest [--quick] | --batched [--quick]';

const argv = process.argv.slice(2);
const resultsAt = argv.indexOf('--results');
const resultsFile = resultsAt >= 0 ? argv.splice(resultsAt, 2)[1] : fileURLToPath(new URL('RESULTS.md', import.meta.url));
const args = new Set(argv);
for (const a of args) {
  if (!['--node', '--node-only', '--gpu-only', '--large', '--check', '--json', '--quick', '--ingest', '--batched'].includes(a)) {
    console.error(`unknown option ${a}; ${USAGE}`);
    process.exit(2);
  }
}
if (!resultsFile) {
  console.error(`--results needs a file name; ${USAGE}`);
  process.exit(2);
}
const quick = args.has('--quick');
const log = (message: string) => console.error(message);

function fail(e: unknown): never {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}

async function runInChromium(): Promise<RunResults> {
  const [{ default: puppeteer }, { createServer }, { chromiumArgs, chromiumPath }] = await Promise.all([
    import('puppeteer-core'),
    import('vite'),
    import('../test/e2e/browser.js'),
  ]);
  const server = await createServer({
    root,
    logLevel: 'error',
    clearScreen: false,
    server: {
      // No HMR and no watcher: an edit elsewhere in the repository must not reload the page mid-run.
      hmr: false,
      watch: null,
      host: '127.0.0.1',
      port: 0,
      // Cross-origin isolation lets TF.js's wasm backend load its threaded build: its best case.
      headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
    },
    // Pre-bundled up front, so a dependency discovered late cannot reload the page mid-run.
    optimizeDeps: {
      entries: ['bench/index.html'],
      include: [
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-layers',
        '@tensorflow/tfjs-backend-webgl',
        '@tensorflow/tfjs-backend-webgpu',
        '@tensorflow/tfjs-backend-wasm',
      ],
    },
  });
  await server.listen();
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    // WebGL on SwiftShader must now be opted into; without it TF.js's webgl backend may not get a context.
    args: [...chromiumArgs, '--enable-unsafe-swiftshader'],
    protocolTimeout: PAGE_TIMEOUT_MS,
  });
  try {
    const base = server.resolvedUrls?.local[0];
    if (!base) throw new Error('the Vite dev server did not report a URL');
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (!m.text().startsWith('[vite]')) log(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) log(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('pageerror', (e) => log(`page error: ${e instanceof Error ? e.message : String(e)}`));
    await page.goto(`${base}bench/index.html${quick ? '?quick' : ''}`);
    await page.waitForFunction(() => window.xentBench !== undefined, { timeout: 120_000 });
    return await page.evaluate(() => window.xentBench as Promise<RunResults>);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function runInNode(): Promise<RunResults> {
  // The ceiling kernel and the GPU backend import WGSL with ?raw, as Vite serves it: the Node run needs that loader,
  // except in the bundle (import.meta.env.SSR), which has the WGSL inlined.
  if (!import.meta.env?.SSR) register('../src/node/raw-loader.ts', import.meta.url);
  const { runNodeBench } = await import('./node.js');
  return runNodeBench({ quick, large: args.has('--large'), gpuOnly: args.has('--gpu-only'), check: args.has('--check') }, log);
}

if (args.has('--ingest')) {
  const { runIngestBench } = await import('./ingest.js');
  console.log(await runIngestBench(quick, `npm run bench -- ${argv.join(' ')}`, log).catch(fail));
  process.exit(0);
}

if (args.has('--batched')) {
  if (!import.meta.env?.SSR) register('../src/node/raw-loader.ts', import.meta.url);
  const { runBatchedCommand } = await import('./batched-run.js');
  const file = resultsAt >= 0 ? resultsFile : fileURLToPath(new URL('RESULTS-batched.md', import.meta.url));
  console.log(await runBatchedCommand(quick, `npm run bench -- ${argv.join(' ')}`, file, log).catch(fail));
  process.exit(0);
}

const cpus = os.cpus();
const machine: Machine = {
  date: new Date().toISOString(),
  cpu: `${cpus[0]?.model.trim() ?? 'unknown CPU'} × ${cpus.length}`,
  platform: `${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  loadAverage: { start: os.loadavg()[0] ?? 0, end: Number.NaN },
};
const runs: RunResults[] = [];
// Each table is printed as soon as its run ends, so a later failure does not lose it.
const plan = args.has('--node-only') ? [runInNode] : args.has('--node') ? [runInChromium, runInNode] : [runInChromium];
for (const run of plan) {
  const results = await run().catch(fail);
  runs.push(results);
  if (!args.has('--json')) console.log(`${textReport(results)}\n`);
}
machine.loadAverage.end = os.loadavg()[0] ?? 0;
if (args.has('--json')) console.log(JSON.stringify({ machine, quick, runs, targets: runs.flatMap(verdicts) }, null, 2));
if (!quick) {
  const command = `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  await writeFile(resultsFile, markdownReport(machine, command, runs));
  log(`wrote ${resultsFile}`);
}
