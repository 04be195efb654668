import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/ and what each may import besides its own folder. `gpu` is the GPU backend's public face
 * (`backend.ts`, `browser-device.ts`); every other file of src/gpu/ counts as `gpu-internals`. `index` is src/index.ts.
 * A package named `node:` stands for every Node built-in.
 */
const RULES: Record<string, { folders: string[]; packages: string[] }> = {
  core: { folders: [], packages: [] },
  cpu: { folders: ['core'], packages: [] },
  gpu: { folders: ['core', 'shaders'], packages: [] },
  check: { folders: ['core', 'cpu', 'gpu', 'gpu-internals'], packages: [] },
  data: { folders: ['core'], packages: ['hyparquet', 'apache-arrow'] },
  model: { folders: ['core', 'data'], packages: [] },
  train: { folders: ['core', 'data', 'model'], packages: [] },
  report: { folders: ['core', 'data', 'model'], packages: [] },
  // The explorable pieces' math, drawing helpers, and a stepper that trains on the CPU backend beside the page.
  explain: { folders: ['core', 'cpu', 'data', 'train'], packages: [] },
  session: { folders: ['core', 'cpu', 'gpu', 'data', 'model', 'train', 'report'], packages: ['lit'] },
  components: { folders: ['core', 'data', 'model', 'train', 'report', 'session', 'explain'], packages: ['lit', 'uplot'] },
  node: { folders: ['core', 'cpu', 'gpu', 'data', 'model', 'train'], packages: ['node:', 'webgpu'] },
  index: { folders: ['core', 'cpu', 'gpu', 'data', 'model', 'train', 'report', 'session', 'components', 'explain'], packages: [] },
};

const GPU_PUBLIC = new Set(['gpu/backend.ts', 'gpu/browser-device.ts']);
const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every module a source names: static and dynamic imports, re-exports, and worker scripts (`new URL(…, import.meta.url)`). */
function specifiers(source: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1] as string));
}

/** The layer of a path relative to src/ (`../shaders/…` is `shaders`). */
function layerOf(path: string): string {
  if (path.startsWith('../')) return path.split('/')[1] as string;
  if (!path.includes('/')) return 'index';
  const folder = path.split('/')[0] as string;
  return folder === 'gpu' && !GPU_PUBLIC.has(path.replace(/\.js$/, '.ts')) ? 'gpu-internals' : folder;
}

function packageOf(specifier: string): string {
  if (specifier.startsWith('node:')) return 'node:';
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Breaches of RULES in `files` (path relative to src/ → source text), one line each. */
function violations(files: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [path, source] of files) {
    const layer = layerOf(path) === 'gpu-internals' ? 'gpu' : layerOf(path);
    const rule = RULES[layer];
    if (!rule) {
      found.push(`${path}: the folder "${layer}" has no rule`);
      continue;
    }
    for (const specifier of specifiers(source)) {
      if (!specifier.startsWith('.')) {
        const name = packageOf(specifier);
        if (!rule.packages.includes(name)) found.push(`${path} imports the package ${specifier} (${layer} may not)`);
        continue;
      }
      const target = join(dirname(path), specifier.replace(/\?.*$/, ''));
      const targetLayer = layerOf(target);
      const own = targetLayer === layer || (layer === 'gpu' && targetLayer === 'gpu-internals');
      if (!own && !rule.folders.includes(targetLayer)) found.push(`${path} imports ${target} (${layer} may not import ${targetLayer})`);
    }
  }
  return found;
}

function sourceFiles(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(dir, full), readFileSync(full, 'utf8'));
  }
  return files;
}

describe('layering of src/', () => {
  it('every import of every source file follows the rules', () => {
    const files = sourceFiles(SRC);
    expect(files.size).toBeGreaterThan(40);
    expect(violations(files)).toEqual([]);
  });

  it('catches each kind of breach, however the import is written', () => {
    const breaches = new Map([
      ['core/a.ts', "import type { TrainOptions } from '../train/settings.js';"],
      ['train/b.ts', "import {\n  createGpuBackend,\n} from '../gpu/backend.js';"],
      ['model/c.ts', "import { readFile } from 'node:fs/promises';"],
      ['data/d.ts', "const { createCpuBackend } = await import('../cpu/backend.js');"],
      ['components/e.ts', "import { ProblemLayout } from '../gpu/layout.js';"],
      ['components/f.ts', "new Worker(new URL('../gpu/worker.ts', import.meta.url));"],
      ['report/g.ts', "export { Trainer } from '../train/trainer.js';"],
      ['tools/h.ts', "import '../core/types.js';"],
    ]);
    const found = violations(breaches);
    expect(found).toHaveLength(breaches.size);
    for (const path of breaches.keys()) expect(found.some((line) => line.startsWith(path))).toBe(true);
  });

  it('lets the GPU backend use its own internals and the session its public face', () => {
    const allowed = new Map([
      ['gpu/backend.ts', "import { GpuProblem } from './problem.js';\nimport step from '../../shaders/tiled.wgsl?raw';"],
      ['session/w.ts', "import { createGpuBackend } from '../gpu/backend.js';\nimport type { ReactiveController } from 'lit';"],
      ['check/s.ts', "import { ProblemLayout } from '../gpu/layout.js';"],
    ]);
    expect(violations(allowed)).toEqual([]);
  });
});
