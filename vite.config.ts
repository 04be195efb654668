import { defineConfig } from 'vite';
import { wgslMinify } from './scripts/wgsl-minify.js';

/**
 * `vite` serves the demo (index.html) from the sources. `vite build` is the library build: src/index.ts as one ES
 * module, dist/xent.js, with lit, uPlot, PapaParse and the WGSL inside. The two workers are emitted beside it as
 * plain same-origin files (dist/xent-training.worker.js, dist/xent-csv.worker.js), found at run time through
 * `new URL('./…', import.meta.url)`: a strict Content-Security-Policy (`script-src 'self'`) allows them, where it
 * blocks workers made from blob: or data: URLs. A plain page still needs only <script type="module" src="…/xent.js">.
 */
export default defineConfig(({ command }) => ({
  // Relative URLs in the build, so the workers resolve beside xent.js wherever it is served from.
  base: command === 'build' ? './' : '/',
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'xent.js' },
    outDir: 'dist',
    target: 'es2022',
    sourcemap: true,
    // Whitespace too: Vite leaves it in an ES library build (for consumers' tree-shaking), but dist/xent.js is the
    // finished embed a page loads as is, and its gzipped size is what a page pays (npm run size).
    rolldownOptions: { output: { minify: true } },
  },
  // The CSV worker imports the Parquet and Arrow readers only on first use: prebundled at start, so the dev server
  // does not discover them mid-session and reload the page.
  optimizeDeps: { include: ['hyparquet', 'apache-arrow'] },
  plugins: [wgslMinify()],
  worker: {
    format: 'es',
    plugins: () => [wgslMinify()],
    rollupOptions: { output: { entryFileNames: 'xent-[name].js' } },
  },
}));
