/**
 * The role of each column, decided once the whole column has been seen: numeric, categorical, date, or ignored
 * with the reason. A numeric column with a few stray words is an error, never a silent category.
 */
import { type ColumnStore, MISSING } from './column-store.js';
import { DataError } from './dataset.js';

export type ColumnRole = 'numeric' | 'categorical' | 'date' | 'ignored' | 'label';

/** A role forced by the caller. */
export type ForcedRole = 'numeric' | 'categorical';

export type ColumnDecision =
  | { role: 'numeric' }
  | { role: 'date'; timed: boolean }
  | { role: 'categorical'; levels: (string | null)[] }
  | { role: 'ignored'; reason: string };

export const DEFAULT_MAX_CATEGORIES = 40;

/** Decides a column's role from its cells; throws a DataError naming the first offending cell. */
export function decideRole(store: ColumnStore, forced: ForcedRole | undefined, maxCategories: number, file: string): ColumnDecision {
  const present = store.length - store.missing;
  if (forced === 'categorical') return present === 0 ? allMissing() : { role: 'categorical', levels: levelsOf(store) };
  if (forced === 'numeric') {
    const bad = store.firstWord ?? store.firstDate;
    if (bad) throw new DataError(file, bad.row, store.name, `"${bad.text}" is not a number (the column is forced numeric)`);
    return numeric(store, file);
  }
  if (present === 0) return allMissing();
  if (store.words === 0 && store.dates === 0) return numeric(store, file);
  if (store.words === 0 && store.numbers === 0) return { role: 'date', timed: store.timed };
  if (store.numbers > store.words + store.dates && store.firstWord) {
    const { row, text } = store.firstWord;
    throw new DataError(
      file,
      row,
      store.name,
      `"${text}" is not a number (the column is otherwise numeric: write a missing value such as NA there, or force the column categorical)`,
    );
  }
  if (store.overflowed) return { role: 'ignored', reason: `identifier-like: more than ${maxCategories} distinct values` };
  const levels = levelsOf(store);
  if (levels.length < 2) return { role: 'ignored', reason: 'constant' };
  return { role: 'categorical', levels };
}

/** Distinct values actually present, sorted (so no < yes and false < true), missing (null) last. */
export function levelsOf(store: ColumnStore): (string | null)[] {
  const used = new Uint8Array(store.texts.length);
  let missing = false;
  for (let i = 0; i < store.length; i++) {
    const code = store.codes[i] as number;
    if (code === MISSING) missing = true;
    else if (code >= 0) used[code] = 1;
  }
  const levels: (string | null)[] = store.texts.filter((_, i) => used[i]).sort();
  if (missing) levels.push(null);
  return levels;
}

function numeric(store: ColumnStore, file: string): ColumnDecision {
  if (store.firstInfinite) throw new DataError(file, store.firstInfinite.row, store.name, `${store.firstInfinite.text} is not finite`);
  return { role: 'numeric' };
}

function allMissing(): ColumnDecision {
  return { role: 'ignored', reason: 'all values missing' };
}
