import { defineConfig } from 'vite';

/**
 * `vite build -c vite.cli.config.ts`: the `xent` command as one Node ES module, dist-cli/cli.js (the WGSL inlined, as
 * in the browser build), so a start compiles nothing: `npm install` builds it (the `prepare` script), and so does
 * `npm run build`; src/ stays the one source. Pure-JS dependencies are bundled in (no CommonJS loading at start);
 * the GPU code is a chunk loaded only when a GPU backend is asked for, and Dawn (`webgpu`, native) stays external.
 */
export default defineConfig({
  build: {
    // The worker threads (the CSV reader's, the CPU passes') load their modules from beside cli.js.
    ssr: true,
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: { cli: 'src/node/cli.ts', 'tokenize-worker': 'src/node/tokenize-worker.ts', 'cpu-pass-worker': 'src/node/cpu-pass-worker.ts' },
      external: ['webgpu'],
      output: { entryFileNames: '[name].js' },
    },
  },
  ssr: { noExternal: true },
});
