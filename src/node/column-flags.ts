/**
 * The command line's column flags (which columns are inputs, forced roles, missing cells) and the column report
 * printed on stderr after a CSV is read.
 */
import type { CsvOptions } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { MISSING_POLICIES, type MissingPolicy } from '../data/missing.js';
import { describeStorage } from '../data/storage.js';

export type ColumnOptions = Pick<
  CsvOptions,
  'features' | 'ignore' | 'categorical' | 'numeric' | 'missing' | 'maxCategories' | 'delimiter' | 'poly' | 'crosses'
>;

/** node:util parseArgs specs of the column flags. */
export const COLUMN_FLAGS = {
  features: { type: 'string' },
  ignore: { type: 'string' },
  categorical: { type: 'string' },
  numeric: { type: 'string' },
  missing: { type: 'string' },
  'max-categories': { type: 'string' },
  delimiter: { type: 'string' },
  poly: { type: 'string' },
  crosses: { type: 'string' },
} as const;

export const COLUMN_USAGE = `[--features a,b] [--ignore a,b] [--categorical a,b] [--numeric a,b]
       [--missing impute|drop|error] [--max-categories N] [--poly DEGREE] [--delimiter C]
       [--crosses a^2,a*b,sin(a)]`;

type ColumnFlagValues = Partial<Record<keyof typeof COLUMN_FLAGS, string | boolean | (string | boolean)[]>>;

/** The CSV options the flags ask for; `usage` makes the error for a bad value. */
export function columnOptions(values: ColumnFlagValues, usage: (message: string) => Error): ColumnOptions {
  const list = (name: keyof typeof COLUMN_FLAGS): string[] | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    const names = String(value)
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    if (names.length === 0) throw usage(`--${name} needs a comma-separated list of column names`);
    return names;
  };
  const missing = values.missing === undefined ? undefined : String(values.missing);
  if (missing !== undefined && !(MISSING_POLICIES as readonly string[]).includes(missing)) {
    throw usage(`--missing must be one of ${MISSING_POLICIES.join(', ')}; got "${missing}"`);
  }
  const max = values['max-categories'] === undefined ? undefined : Number(values['max-categories']);
  if (max !== undefined && !(Number.isInteger(max) && max >= 2)) {
    throw usage(`--max-categories must be an integer of at least 2; got "${values['max-categories']}"`);
  }
  const delimiter = values.delimiter === undefined ? undefined : String(values.delimiter).replace(/^\\t$|^tab$/, '\t');
  if (delimiter !== undefined && delimiter.length !== 1) throw usage(`--delimiter must be one character (or tab); got "${delimiter}"`);
  const poly = values.poly === undefined ? undefined : Number(values.poly);
  if (poly !== undefined && !(Number.isInteger(poly) && poly >= 2))
    throw usage(`--poly must be an integer of at least 2; got "${values.poly}"`);
  const crosses = list('crosses');
  if (poly !== undefined && crosses !== undefined) throw usage('give --poly or --crosses, not both');
  const options: ColumnOptions = {
    features: list('features'),
    ignore: list('ignore'),
    categorical: list('categorical'),
    numeric: list('numeric'),
    missing: missing as MissingPolicy | undefined,
    maxCategories: max,
    delimiter,
    poly,
    crosses,
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as ColumnOptions;
}

/** One line per column (name, role, distinct values, missing cells, encoded width), and the rows left out. */
export function formatColumnReport(data: Dataset): string {
  if (!data.columns) return '';
  const width = Math.max(...data.columns.map((c) => c.name.length));
  const lines = data.columns.map((c) => {
    const distinct = c.distinct === null ? 'many' : String(c.distinct);
    const encoded = c.role === 'label' ? `${data.classes.length} classes` : `→ ${c.encodedAs.length} feature(s)`;
    const why = c.reason ? ` (${c.reason})` : '';
    return `  ${c.name.padEnd(width)}  ${c.role.padEnd(11)}  ${distinct.padStart(4)} distinct  ${String(c.missing).padStart(5)} missing  ${encoded}${why}`;
  });
  const { derived } = data;
  if (derived) {
    const what = derived.degree ? `poly ${derived.degree}` : `crosses ${derived.features.join(', ')}`;
    lines.push(`  ${what}: ${derived.features.length} feature(s) from ${derived.of.join(', ')}`);
  }
  const { missingLabel = 0, incomplete = 0 } = data.skipped ?? {};
  if (missingLabel > 0) lines.push(`  ${missingLabel} row(s) with a missing label skipped`);
  if (incomplete > 0) lines.push(`  ${incomplete} row(s) with a missing cell dropped`);
  lines.push(`  ${describeStorage(data)}`);
  return `xent: columns of ${data.name}:\n${lines.join('\n')}\n`;
}
