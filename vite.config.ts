import { defineConfig } from 'vite';

/**
 * `vite` serves the demo (index.html) from the sources. `vite build` is the library build: src/index.ts as ONE ES
 * module, dist/xent.js, with lit, uPlot, PapaParse, the WGSL and both workers inlined, so a plain page can load it
 * with a single <script type="module"> and no bundler.
 */
export default defineConfig({
  build: {
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: () => 'xent.js' },
    outDir: 'dist',
    target: 'es2022',
    sourcemap: true,
  },
  worker: { format: 'es' },
});
