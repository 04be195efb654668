import { describe, expect, it } from 'vitest';
import { Random } from '../../src/core/random.js';
import { keyedPermutation, orderArray, shuffleHalfBits } from '../../src/core/shuffle.js';

describe('keyed shuffle', () => {
  it('is a permutation of 0..n−1 for awkward n, including n = 1 and powers of 2 and 4', () => {
    const random = new Random(11);
    for (const n of [1, 2, 3, 4, 5, 15, 16, 17, 63, 64, 65, 255, 256, 1000, 4097, 65536]) {
      const p = keyedPermutation(n, random.int(2 ** 32));
      expect(p.length).toBe(n);
      expect(new Set(p).size).toBe(n);
      expect(Math.max(...p)).toBe(n - 1);
    }
  });

  it('depends on the key, and looks shuffled: few fixed points, no order kept between neighbours', () => {
    const n = 10_000;
    const a = keyedPermutation(n, 1);
    const b = keyedPermutation(n, 2);
    expect(a).not.toEqual(b);
    expect(keyedPermutation(n, 1)).toEqual(a);
    let fixed = 0;
    let ascending = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] === i) fixed++;
      if (i > 0 && (a[i] as number) > (a[i - 1] as number)) ascending++;
    }
    // A uniform permutation has 1 fixed point on average and half of its neighbours ascending (sd ≈ 29 here).
    expect(fixed).toBeLessThan(10);
    expect(Math.abs(ascending / (n - 1) - 0.5)).toBeLessThan(0.02);
    // Each tenth of the positions draws from every tenth of the rows about equally (a uniform shuffle: 100 ± 9.5).
    const tenth = n / 10;
    for (let block = 0; block < 10; block++) {
      const fromFirstTenth = a.slice(block * tenth, (block + 1) * tenth).filter((row) => row < tenth).length;
      expect(Math.abs(fromFirstTenth - tenth / 10)).toBeLessThan(45);
    }
  });

  it('uses the smallest even bit width that covers n', () => {
    expect([1, 4, 5, 16, 17, 65536, 65537].map(shuffleHalfBits)).toEqual([1, 1, 2, 2, 3, 8, 9]);
  });

  it('passes explicit orders through', () => {
    const order = new Uint32Array([2, 0, 1]);
    expect(orderArray(order, 3)).toBe(order);
    expect(orderArray({ key: 5 }, 3)).toEqual(keyedPermutation(3, 5));
  });
});
