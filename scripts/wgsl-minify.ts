/**
 * A build plugin: `import code from '…/x.wgsl?raw'` gives the shader without its comments, indentation and blank
 * lines, so the embed carries less text (WGSL has no string literals, so `//` and `/* … *\/` are always comments).
 * Only for `vite build`: the dev server, the tests and the Node loader read the files as written.
 */
import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';

export function stripWgsl(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

export function wgslMinify(): Plugin {
  return {
    name: 'xent-wgsl-minify',
    apply: 'build',
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith('.wgsl?raw')) return null;
      return `export default ${JSON.stringify(stripWgsl(await readFile(id.slice(0, -'?raw'.length), 'utf8')))};`;
    },
  };
}
