import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.(ts|js|html)$/.test(name) ? [path] : [];
  });
}

describe('security', () => {
  const files = [...sources('src'), 'index.html'];

  it('no eval, new Function or string timers anywhere in the sources', () => {
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|set(Timeout|Interval)\s*\(\s*['"`]/);
    }
  });

  it('data never reaches the DOM as HTML: no innerHTML, outerHTML, insertAdjacentHTML or unsafeHTML', () => {
    for (const file of files) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/\.(inner|outer)HTML\s*=|insertAdjacentHTML|unsafeHTML|document\.write/);
    }
  });
});
