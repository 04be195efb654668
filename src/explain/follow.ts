/**
 * Links an explorable to a <xent-manual-model> by id (its `for` attribute): the follower hears the model's
 * `xent-params` events wherever the two sit in the page, in either order of definition.
 */
import type { LineModel } from './logistic2d.js';

/** Calls `apply` with the model's weights now (when it is already there) and on each change; returns the unlink. */
export function followModel(id: string, apply: (m: LineModel, source: string) => void): () => void {
  const listener = (event: Event) => {
    if ((event.target as Element | null)?.id !== id) return;
    const { w1, w2, b, source } = (event as CustomEvent<LineModel & { source: string }>).detail;
    apply({ w1, w2, b }, source);
  };
  document.addEventListener('xent-params', listener);
  const current = (document.getElementById(id) as { numbers?: unknown; params?: LineModel } | null) ?? null;
  if (current?.numbers && current.params) apply(current.params, 'init');
  return () => document.removeEventListener('xent-params', listener);
}
