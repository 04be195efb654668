/**
 * The end of a CSV pass: decides each column's role, drops incomplete rows when asked, and encodes the kept rows
 * into the feature matrix, with the column report.
 */
import type { ColumnStore } from './column-store.js';
import { type ColumnDecision, decideRole, type ForcedRole, levelsOf } from './column-typing.js';
import { type ColumnReport, DataError, type Dataset } from './dataset.js';
import { withCrosses } from './derived.js';
import { columnWriter, fitInput, type InputEncoding } from './encoding.js';
import type { MissingPolicy } from './missing.js';
import { withPolynomial } from './polynomial.js';
import { type SampleWeights, sampleWeightReport } from './sample-weight.js';
import { featureMatrix, isLarge } from './storage.js';

/** Rows written per block, every column at a time: 512 rows of 64 float64 features are 256 KiB, about an L2 cache. */
const WRITE_BLOCK_ROWS = 512;
/** Consumed stores are cut back every this many blocks (16,384 rows): each cut is a system call per column. */
const RELEASE_EVERY_BLOCKS = 32;

export interface RawTable {
  file: string;
  label: string;
  /** Every column but the label, in file order; null where the column is left out, with the reason. */
  columns: { name: string; store: ColumnStore | null; forced?: ForcedRole; reason?: string }[];
  /** Per kept row: the label's first-seen index into `labels`. */
  y: Uint32Array;
  labels: string[];
  missing: MissingPolicy;
  maxCategories: number;
  missingLabel: number;
  /** Degree of the polynomial features to append (see polynomial.ts); absent: none. */
  poly?: number;
  /** Derived features to append (`a^2`, `a*b`, `sin(a)`; see derived.ts); absent: none. */
  crosses?: string[];
  /** Per kept row: its sample weight, from this column (not among `columns`). */
  sampleWeight?: SampleWeights;
  /** The float32 switch (storage.ts); absent: the default limit. */
  float32AboveBytes?: number;
}

/** The data set with the derived features a table asks for: `poly`'s monomials or a `crosses` list, not both. */
export function withDerivedOptions(
  data: Dataset,
  { poly, crosses, float32AboveBytes }: { poly?: number; crosses?: readonly string[]; float32AboveBytes?: number },
): Dataset {
  if (poly !== undefined && crosses !== undefined) throw new DataError(data.name, null, null, 'give poly or crosses, not both');
  if (poly !== undefined) return withPolynomial(data, poly, float32AboveBytes);
  return crosses === undefined || crosses.length === 0 ? data : withCrosses(data, crosses, float32AboveBytes);
}

export function encodeTable(table: RawTable, consume = false): Dataset {
  const { file, label, missing, maxCategories } = table;
  const decided = table.columns.map(({ name, store, forced, reason }) => ({
    name,
    store,
    decision: store ? decideRole(store, forced, maxCategories, file) : ({ role: 'ignored', reason } as ColumnDecision),
  }));
  const used = decided.filter((c) => c.decision.role !== 'ignored');
  let y = table.y;
  let weights = table.sampleWeight?.values;
  let incomplete = 0;
  if (missing === 'drop') {
    const keep = completeRows(
      used.map((c) => c.store as ColumnStore),
      y.length,
    );
    incomplete = y.length - keep.reduce((n, k) => n + k, 0);
    for (const c of decided) c.store?.compact(keep);
    y = y.filter((_, r) => keep[r]);
    weights = weights?.filter((_, r) => keep[r]);
    for (const c of used) {
      if (c.decision.role === 'categorical') c.decision = { role: 'categorical', levels: levelsOf(c.store as ColumnStore) };
    }
  }
  const skippedNote = skipped(table.missingLabel, incomplete);
  if (y.length < 2) throw new DataError(file, null, null, `need at least 2 data rows, found ${y.length}${skippedNote}`);
  if (used.length === 0) {
    const why = decided.map((c) => `${c.name} (${c.decision.role === 'ignored' ? c.decision.reason : ''})`).join(', ');
    throw new DataError(file, null, null, `no usable feature column: ${why}`);
  }
  const { classes, y: sortedY } = sortLabels(y, table.labels, file, label, skippedNote);

  const inputs: InputEncoding[] = used.map((c) =>
    fitInput(c.store as ColumnStore, c.decision as Exclude<ColumnDecision, { role: 'ignored' }>),
  );
  const features = inputs.flatMap((input) => input.features);
  const D = features.length;
  // The matrix is float32 when the table is large, or when its store already is (the cells are float32 by now).
  const narrowed = used.some((c) => c.store?.values instanceof Float32Array);
  const x = featureMatrix(y.length * D, narrowed || isLarge(y.length * D, table.float32AboveBytes));
  const writers = used.map((c, i) => columnWriter(c.store as ColumnStore, inputs[i] as InputEncoding));
  // Consumed (the CLI reads a table to encode it once): written from the last block up, each store cut back after
  // every few blocks, so the matrix grows as the stores shrink instead of both being whole at once (value-array.ts).
  if (consume) for (const c of decided) if (!used.includes(c)) c.store?.release(0);
  const blocks = Math.ceil(y.length / WRITE_BLOCK_ROWS);
  for (let b = 0; b < blocks; b++) {
    const from = (consume ? blocks - 1 - b : b) * WRITE_BLOCK_ROWS;
    const to = Math.min(y.length, from + WRITE_BLOCK_ROWS);
    let offset = 0;
    writers.forEach((write, i) => {
      write(x, D, offset, from, to);
      offset += (inputs[i] as InputEncoding).features.length;
    });
    if (consume && b % RELEASE_EVERY_BLOCKS === RELEASE_EVERY_BLOCKS - 1) for (const c of used) c.store?.release(from);
  }

  const columns: ColumnReport[] = decided.map(({ name, store, decision }) => {
    const input = inputs.find((i) => i.name === name);
    return {
      name,
      role: decision.role,
      missing: store?.missing ?? 0,
      distinct: store && !store.overflowed ? store.texts.length : null,
      ...(input?.role === 'categorical' && { levels: input.levels }),
      encodedAs: input?.features ?? [],
      ...(decision.role === 'ignored' && { reason: decision.reason }),
    };
  });
  if (table.sampleWeight) columns.push(sampleWeightReport({ name: table.sampleWeight.name, values: weights as Float64Array }, file));
  const labelReport: ColumnReport = {
    name: label,
    role: 'label',
    missing: table.missingLabel,
    distinct: classes.length,
    levels: classes,
    encodedAs: [],
  };
  const encoded: Dataset = {
    name: file,
    features,
    label,
    classes,
    x,
    y: sortedY,
    rows: y.length,
    cols: D,
    inputs,
    columns: [...columns, labelReport],
    skipped: { missingLabel: table.missingLabel, incomplete },
    ...(weights && { weights, sampleWeight: table.sampleWeight?.name }),
  };
  return withDerivedOptions(encoded, table);
}

/** 1 for rows with no missing cell in any of the stores. */
function completeRows(stores: ColumnStore[], rows: number): Uint8Array {
  const keep = new Uint8Array(rows).fill(1);
  for (const store of stores) {
    for (let r = 0; r < rows; r++) if (store.isMissing(r)) keep[r] = 0;
  }
  return keep;
}

/** Classes present, sorted (numerically when all are numbers), and y remapped to them. */
function sortLabels(y: Uint32Array, labels: string[], file: string, label: string, note: string): { classes: string[]; y: Uint32Array } {
  const present = [...new Set(y)].map((i) => labels[i] as string);
  const numeric = present.every((v) => Number.isFinite(Number(v)));
  const classes = numeric ? present.sort((a, b) => Number(a) - Number(b)) : present.sort();
  if (classes.length < 2) throw new DataError(file, null, label, `only one class ("${classes[0]}")${note}: need at least 2`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const remap = labels.map((l) => index.get(l) ?? 0);
  return { classes, y: y.map((i) => remap[i] as number) };
}

function skipped(missingLabel: number, incomplete: number): string {
  const notes = [
    missingLabel > 0 ? `${missingLabel} row(s) with a missing label skipped` : '',
    incomplete > 0 ? `${incomplete} incomplete row(s) dropped` : '',
  ].filter(Boolean);
  return notes.length ? ` (${notes.join(', ')})` : '';
}
