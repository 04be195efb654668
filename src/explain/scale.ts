/** Linear maps from data to drawing coordinates, for the explorables' SVG and canvas plots. */

/** Maps [d0, d1] onto [r0, r1] (either may be reversed, e.g. a y axis that grows upwards). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** An SVG path through (x(t), y(t)) for t on an even grid of `samples` points over [t0, t1]. */
export function curvePath(t0: number, t1: number, samples: number, point: (t: number) => [number, number]): string {
  const parts: string[] = [];
  for (let k = 0; k < samples; k++) {
    const [x, y] = point(t0 + ((t1 - t0) * k) / (samples - 1));
    parts.push(`${k === 0 ? 'M' : 'L'}${x.toFixed(2)},${y.toFixed(2)}`);
  }
  return parts.join('');
}
