import type { Backend, BoundProblem } from '../core/backend.js';
import type { BoundBatch } from '../core/batch.js';

/** The methods that do a pass over the rows: each waits at the gate first. */
const PASSES = new Set<PropertyKey>(['evaluate', 'objectiveAndGradient', 'epoch']);

/**
 * `backend` with a gate before every pass over the rows of what it binds: a code path that only awaits the backend
 * (crossValidate's folds and refit) then lets the worker's messages in, and stops with the gate's error when aborted.
 */
export function gatedBackend(backend: Backend, gate: () => Promise<void>): Backend {
  return {
    name: backend.name,
    adapter: backend.adapter,
    bind: async (data, spec) => gated<BoundProblem>(await backend.bind(data, spec), gate),
    bindBatch: async (rows, spec) => gated<BoundBatch>(await backend.bindBatch(rows, spec), gate),
    dispose: () => backend.dispose(),
  };
}

/** Methods stay bound to the target itself (private fields and all); only the passes are gated. */
function gated<T extends object>(target: T, gate: () => Promise<void>): T {
  return new Proxy(target, {
    get(t, key) {
      const value: unknown = Reflect.get(t, key, t);
      if (typeof value !== 'function') return value;
      if (!PASSES.has(key)) return (...args: unknown[]) => (value as (...a: unknown[]) => unknown).apply(t, args);
      return async (...args: unknown[]) => {
        await gate();
        return (value as (...a: unknown[]) => unknown).apply(t, args);
      };
    },
  });
}
