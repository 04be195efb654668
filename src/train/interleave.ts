import type { EpochResult } from '../core/options.js';

/** Several trainers' epoch streams, one epoch of each in turn, so their curves grow together; finished ones drop out. */
export async function* interleaveEpochs<K>(
  runs: readonly { run: K; epochs: AsyncGenerator<EpochResult> }[],
): AsyncGenerator<{ run: K; result: EpochResult }> {
  let active = runs;
  while (active.length > 0) {
    const next = [];
    for (const r of active) {
      const step = await r.epochs.next();
      if (step.done) continue;
      next.push(r);
      yield { run: r.run, result: step.value };
    }
    active = next;
  }
}
