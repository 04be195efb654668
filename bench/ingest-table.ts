/**
 * The ingest benchmark's tables: N rows × 64 features with five decimals and a 0/1 label, written from a seed (the
 * same bytes on every machine), as a user's exported numeric table would look.
 */
import { createWriteStream } from 'node:fs';
import { Random } from '../src/core/random.js';

export const FEATURES = 64;

export async function writeTable(file: string, rows: number, seed = 13): Promise<void> {
  const random = new Random(seed);
  const weights = Array.from({ length: FEATURES }, () => random.normal());
  const out = createWriteStream(file);
  let text = `${Array.from({ length: FEATURES }, (_, j) => `x${j}`).join(',')},label\n`;
  const cells = new Array<string>(FEATURES + 1);
  for (let r = 0; r < rows; r++) {
    let z = 0;
    for (let j = 0; j < FEATURES; j++) {
      const v = random.normal();
      z += v * (weights[j] as number);
      cells[j] = v.toFixed(5);
    }
    // A noisy linear rule: the classes overlap, so L-BFGS has a finite optimum even with a small λ.
    cells[FEATURES] = z + 4 * random.normal() > 0 ? '1' : '0';
    text += `${cells.join(',')}\n`;
    if (text.length > 1 << 22) {
      if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      text = '';
    }
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(text, () => resolve());
  });
}
