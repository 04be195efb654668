import { defineConfig } from 'vite';

/**
 * `vite build -c bench/vite.node.config.ts`: bench/run.ts as Node ES modules in dist-bench/, with the WGSL and every
 * dependency inside except Dawn's `webgpu` (a native module) and the Chromium-only ones, which --node-only never
 * loads. bench/device.sh carries this, dawn.node and a Node binary to a GPU machine that has none of node_modules.
 */
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist-bench',
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: {
      // The CSV reader's worker threads load tokenize-worker.js from beside the module that starts them.
      input: { run: 'bench/run.ts', 'tokenize-worker': 'src/node/tokenize-worker.ts', 'cpu-pass-worker': 'src/node/cpu-pass-worker.ts' },
      external: ['webgpu', 'puppeteer-core', 'vite'],
      output: { entryFileNames: '[name].js' },
    },
  },
  ssr: { noExternal: true },
});
