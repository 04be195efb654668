/**
 * The role of each column, decided once the whole column has been seen: numeric, categorical, date, or ignored
 * with the reason. A numeric column with a few stray words is an error, never a silent category.
 */
import { type ColumnStore, NOT_INTERNED } from './column-store.js';
import { DataError } from './dataset.js';
import type { RawTable } from './encode-table.js';

export type ColumnRole = 'numeric' | 'categorical' | 'date' | 'ignored' | 'label';

/** A role forced by the caller (the app's role menu can also leave a column out, its cells still kept). */
export type ForcedRole = 'numeric' | 'categorical' | 'ignored';

export type ColumnDecision =
  | { role: 'numeric' }
  | { role: 'date'; timed: boolean }
  | { role: 'categorical'; levels: (string | null)[] }
  | { role: 'ignored'; reason: string };

export const DEFAULT_MAX_CATEGORIES = 40;

/** Decides a column's role from its cells; throws a DataError naming the first offending cell. */
export function decideRole(store: ColumnStore, forced: ForcedRole | undefined, maxCategories: number, file: string): ColumnDecision {
  const present = store.length - store.missing;
  if (forced === 'ignored') return { role: 'ignored', reason: 'ignored on request' };
  if (forced === 'categorical') {
    // Only a store made for a forced column interns every text; one that gave up cannot list its levels.
    if (store.overflowed)
      throw new DataError(file, null, store.name, `more than ${maxCategories} distinct values: too many to be categorical`);
    return present === 0 ? allMissing() : { role: 'categorical', levels: levelsOf(store) };
  }
  if (forced === 'numeric') {
    const bad = store.firstWord ?? store.firstDate;
    if (bad) throw new DataError(file, bad.row, store.name, `"${bad.text}" is not a number (the column is forced numeric)`);
    return numeric(store, file);
  }
  if (present === 0) return allMissing();
  if (store.words === 0 && store.dates === 0) return isConstant(store) ? constant() : numeric(store, file);
  if (store.words === 0 && store.numbers === 0) return isConstant(store) ? constant() : { role: 'date', timed: store.timed };
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
  if (levels.length < 2) return constant();
  return { role: 'categorical', levels };
}

/**
 * The table with the roles chosen after reading (the app's role menus): a column named in `roles` is forced to that
 * role, every other one gets its inferred role back. The stores are shared, not copied, so the cells are never read
 * again; a column left out while reading has no cells and cannot come back.
 */
export function withRoles(table: RawTable, roles: Readonly<Record<string, ForcedRole>>): RawTable {
  // Dropping incomplete rows compacts the stores in place, so they no longer line up with the labels.
  if (table.missing === 'drop') throw new Error('roles can only be changed after reading with missing values imputed or refused');
  const columns = table.columns.map((column) => {
    const forced = roles[column.name];
    if (forced && forced !== 'ignored' && !column.store) {
      throw new DataError(table.file, null, column.name, `was left out when the file was read (${column.reason}): read it again to use it`);
    }
    return { ...column, forced };
  });
  return { ...table, columns };
}

/** Distinct values actually present, sorted (so no < yes and false < true), missing (null) last. */
export function levelsOf(store: ColumnStore): (string | null)[] {
  const used = new Uint8Array(store.texts.length);
  let missing = false;
  for (let i = 0; i < store.length; i++) {
    if (store.isMissing(i)) missing = true;
    else {
      const code = store.codes?.[i] ?? NOT_INTERNED;
      if (code >= 0) used[code] = 1;
    }
  }
  const levels: (string | null)[] = store.texts.filter((_, i) => used[i]).sort();
  if (missing) levels.push(null);
  return levels;
}

function numeric(store: ColumnStore, file: string): ColumnDecision {
  if (store.firstInfinite) throw new DataError(file, store.firstInfinite.row, store.name, `${store.firstInfinite.text} is not finite`);
  return { role: 'numeric' };
}

/** Every cell present and equal: nothing to learn from (a column with missing cells still has its indicator). */
function isConstant(store: ColumnStore): boolean {
  if (store.missing > 0) return false;
  const first = store.values[0];
  for (let i = 1; i < store.length; i++) if (store.values[i] !== first) return false;
  return true;
}

function constant(): ColumnDecision {
  return { role: 'ignored', reason: 'constant' };
}

function allMissing(): ColumnDecision {
  return { role: 'ignored', reason: 'all values missing' };
}
