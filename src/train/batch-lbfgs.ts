import type { BoundBatch } from '../core/batch.js';
import type { Evaluation } from '../core/types.js';
import { Lbfgs, type LbfgsStep } from './lbfgs.js';

/** One member's numbers at a point: training J, loss and accuracy with ∇J, and its held-out rows' numbers. */
export interface MemberPoint extends Evaluation {
  readonly gradient: Float64Array;
  readonly validation: Evaluation | null;
}

export interface BatchLbfgsOptions {
  /** Iterations per member at most (the Trainer's L-BFGS epochs). */
  readonly iterations: number;
  /** Lbfgs's objectiveTolerance (stallTolerance of the backend). */
  readonly objectiveTolerance: number;
  /** After each pass: its number (1, 2, …) and how many members it served. */
  readonly onRound?: (round: number, active: number) => void;
}

export interface MemberOutcome {
  /** The last accepted point, with its validation numbers. */
  readonly step: LbfgsStep<MemberPoint>;
  readonly iterations: number;
  /** Points it asked for: the passes it took part in. */
  readonly evaluations: number;
}

interface Request {
  readonly member: number;
  readonly params: Float64Array;
  readonly resolve: (point: MemberPoint) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * L-BFGS for every member of a batch at once, on the host: one Lbfgs per member, whose line searches ask for points;
 * once every running member is waiting, one BoundBatch.evaluate pass answers them all. Converged members drop out
 * of the passes. Results in member order.
 */
export async function batchLbfgs(batch: BoundBatch, start: Float64Array, options: BatchLbfgsOptions): Promise<MemberOutcome[]> {
  const pending: Request[] = [];
  let running = batch.spec.members.length;
  let round = 0;

  const pass = async (requests: Request[]) => {
    try {
      for (const r of requests) batch.setParams(r.member, r.params);
      const results = await batch.evaluate(requests.map((r) => r.member));
      options.onRound?.(++round, requests.length);
      requests.forEach((r, i) => {
        const { train, validation, gradient } = results[i] as (typeof results)[number];
        r.resolve({ ...train, gradient, validation });
      });
    } catch (e) {
      for (const r of requests) r.reject(e);
    }
  };
  // Called whenever a member asks or finishes: all still running have asked, so the pass can serve them together.
  const flushIfAllWaiting = () => {
    if (running > 0 && pending.length === running) void pass(pending.splice(0));
  };

  const run = async (member: number): Promise<MemberOutcome> => {
    const lbfgs = new Lbfgs<MemberPoint>(
      (params) =>
        new Promise((resolve, reject) => {
          pending.push({ member, params, resolve, reject });
          flushIfAllWaiting();
        }),
      undefined,
      options.objectiveTolerance,
    );
    try {
      let step = await lbfgs.iterate(start);
      let iterations = 1;
      while (!step.converged && iterations < options.iterations) {
        step = await lbfgs.iterate(start);
        iterations++;
      }
      return { step, iterations, evaluations: lbfgs.evaluations };
    } finally {
      running--;
      flushIfAllWaiting();
    }
  };
  if (options.iterations < 1) throw new Error('L-BFGS needs at least 1 iteration');
  return Promise.all(batch.spec.members.map((_, m) => run(m)));
}
