/** Each column-typing rule of parseCsv: missing tokens, numeric, categorical, dates, ignored columns, imputation. */
import { describe, expect, it } from 'vitest';
import { type ForcedRole, withRoles } from '../../src/data/column-typing.js';
import { CsvDatasetBuilder, type CsvOptions, parseCsv } from '../../src/data/csv.js';
import { CsvTextStream } from '../../src/data/csv-stream.js';
import { DataError, type Dataset } from '../../src/data/dataset.js';
import { encodeTable } from '../../src/data/encode-table.js';
import { MISSING_TOKENS } from '../../src/data/missing.js';

function parse(lines: string[], options: Partial<CsvOptions> = {}): Dataset {
  return parseCsv(`${lines.join('\n')}\n`, { file: 't.csv', label: 'y', ...options });
}

/** The encoded value of `feature` in each row. */
function column(data: Dataset, feature: string): number[] {
  const j = data.features.indexOf(feature);
  expect(j, `${feature} in ${data.features.join(', ')}`).toBeGreaterThanOrEqual(0);
  return Array.from({ length: data.rows }, (_, r) => data.x[r * data.cols + j] as number);
}

function report(data: Dataset, name: string) {
  return data.columns?.find((c) => c.name === name);
}

function failure(run: () => unknown): DataError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('missing cells', () => {
  it.each(MISSING_TOKENS.map((t) => [t]))('%j (padded with spaces) is missing: mean imputed, with an indicator', (token) => {
    const data = parse(['a,y', '1,p', ` ${token} ,q`, '5,p']);
    expect(data.features).toEqual(['a', 'a:missing']);
    expect(column(data, 'a')).toEqual([1, 3, 5]);
    expect(column(data, 'a:missing')).toEqual([0, 1, 0]);
    expect(report(data, 'a')).toMatchObject({ role: 'numeric', missing: 1 });
    expect(data.inputs?.[0]).toMatchObject({ role: 'numeric', impute: 3, indicator: true });
  });

  it("missing 'drop' drops incomplete rows of used columns only and counts them", () => {
    const data = parse(['a,b,id,y', '1,2,,p', 'NA,4,,q', '5,6,,p', '7,8,,q'], { missing: 'drop' });
    expect(data.rows).toBe(3);
    expect(data.features).toEqual(['a', 'b']);
    expect(column(data, 'a')).toEqual([1, 5, 7]);
    expect(data.skipped).toEqual({ missingLabel: 0, incomplete: 1 });
  });

  it("missing 'error' refuses the first missing cell, naming row and column", () => {
    const error = failure(() => parse(['a,b,y', '1,2,p', '3,?,q'], { missing: 'error' }));
    expect([error.row, error.column]).toEqual([3, 'b']);
    expect(error.message).toMatch(/"\?" is a missing value/);
  });

  it('skips and counts rows with a missing label (an error under missing "error")', () => {
    const lines = ['a,y', '1,p', '2,NA', '3,q', '4,'];
    const data = parse(lines);
    expect(data.rows).toBe(2);
    expect(data.skipped).toEqual({ missingLabel: 2, incomplete: 0 });
    expect(report(data, 'y')).toMatchObject({ role: 'label', missing: 2 });
    expect(failure(() => parse(lines, { missing: 'error' })).row).toBe(3);
  });
});

describe('numeric columns', () => {
  it('a clean numeric table is encoded exactly as read: same names, order and values', () => {
    const data = parse(['b,y,a', '1.5,p,-2', '3e2,q,0x10']);
    expect(data.features).toEqual(['b', 'a']);
    expect(Array.from(data.x)).toEqual([1.5, -2, 300, 16]);
    expect(data.inputs?.map((i) => i.role)).toEqual(['numeric', 'numeric']);
  });

  it('a stray word in a numeric column is an error naming its row, with the hint', () => {
    const lines = ['a,y', ...Array.from({ length: 30 }, (_, i) => `${i},${i % 2 ? 'p' : 'q'}`)];
    lines[25] = 'oops,p';
    const error = failure(() => parse(lines));
    expect([error.row, error.column]).toEqual([26, 'a']);
    expect(error.message).toMatch(/"oops" is not a number .*missing value.*categorical/);
  });

  it.each(['Infinity', '-inf', '1e999'])('%s is an error, not a value', (cell) => {
    const error = failure(() => parse(['a,y', '1,p', `${cell},q`, '3,p']));
    expect([error.row, error.column]).toEqual([3, 'a']);
    expect(error.message).toMatch(/not finite/);
  });

  it('a constant numeric column is ignored as constant, unless it has missing cells (their indicator still informs)', () => {
    const data = parse(['a,b,y', '1,7,p', '2,7,q']);
    expect(data.features).toEqual(['a']);
    expect(report(data, 'b')).toMatchObject({ role: 'ignored', reason: 'constant', encodedAs: [] });
    expect(parse(['a,b,y', '1,7,p', '2,NA,q', '3,7,p']).features).toEqual(['a', 'b', 'b:missing']);
  });

  it('a constant numeric column forced numeric stays', () => {
    expect(parse(['a,b,y', '1,7,p', '2,7,q'], { numeric: ['b'] }).features).toEqual(['a', 'b']);
  });

  it('--numeric on a text column is an error naming the first word', () => {
    const error = failure(() => parse(['a,b,y', '1,x,p', '2,z,q'], { numeric: ['b'] }));
    expect([error.row, error.column]).toEqual([2, 'b']);
  });
});

describe('categorical columns', () => {
  it('text with few values is one-hot, levels sorted, missing its own level', () => {
    const data = parse(['c,y', 'red,p', 'blue,q', 'NA,p', 'green,q', 'red,p']);
    expect(data.features).toEqual(['c=blue', 'c=green', 'c=red', 'c=(missing)']);
    expect(column(data, 'c=red')).toEqual([1, 0, 0, 0, 1]);
    expect(column(data, 'c=(missing)')).toEqual([0, 0, 1, 0, 0]);
    expect(report(data, 'c')).toMatchObject({ role: 'categorical', distinct: 3, missing: 1, levels: ['blue', 'green', 'red', null] });
  });

  it.each([
    ['yes', 'no', 'yes'],
    ['TRUE', 'FALSE', 'TRUE'],
    ['m', 'f', 'm'],
  ])('two values (%s/%s) are one 0/1 column, 1 for %s', (a, b, positive) => {
    const data = parse(['c,y', `${a},p`, `${b},q`, `${a},q`]);
    expect(data.features).toEqual([`c=${positive}`]);
    expect(column(data, `c=${positive}`)).toEqual([1, 0, 1]);
  });

  it('--categorical makes numbers levels (their text as written)', () => {
    const data = parse(['zip,y', '01,p', '2,q', '01,q'], { categorical: ['zip'] });
    expect(data.features).toEqual(['zip=2']);
    expect(data.inputs?.[0]).toMatchObject({ role: 'categorical', levels: ['01', '2'] });
  });
});

describe('ignored columns, with the reason', () => {
  const ids = Array.from({ length: 45 }, (_, i) => `id${i},${i},${i % 2 ? 'p' : 'q'}`);

  it('identifier-like text (more distinct values than maxCategories)', () => {
    const data = parse(['name,a,y', ...ids]);
    expect(data.features).toEqual(['a']);
    expect(report(data, 'name')).toMatchObject({ role: 'ignored', reason: expect.stringMatching(/identifier.*40/), encodedAs: [] });
    expect(parse(['name,a,y', ...ids], { maxCategories: 50 }).features).toContain('name=id7');
  });

  it('a constant text column and an all-missing column', () => {
    const data = parse(['k,e,a,y', 'same,NA,1,p', 'same,,2,q']);
    expect(data.features).toEqual(['a']);
    expect(report(data, 'k')?.reason).toBe('constant');
    expect(report(data, 'e')?.reason).toBe('all values missing');
  });

  it('--features and --ignore leave columns out', () => {
    const lines = ['a,b,c,y', '1,2,3,p', '4,5,6,q'];
    expect(parse(lines, { features: ['c', 'a'] }).features).toEqual(['a', 'c']);
    expect(parse(lines, { ignore: ['b'] }).features).toEqual(['a', 'c']);
    expect(failure(() => parse(lines, { ignore: ['nope'] })).column).toBe('nope');
  });

  it('no usable column left is an error', () => {
    expect(failure(() => parse(['k,y', 'same,p', 'same,q'])).message).toMatch(/no usable feature column: k \(constant\)/);
  });
});

describe('dates', () => {
  it('ISO dates become year and day-of-year sin/cos; a missing date is imputed with an indicator', () => {
    const data = parse(['d,y', '2020-01-01,p', '2021-07-02,q', 'NA,p']);
    expect(data.features).toEqual(['d:year', 'd:day_sin', 'd:day_cos', 'd:missing']);
    expect(column(data, 'd:year')).toEqual([2020, 2021, 2020.5]);
    const angle = (2 * Math.PI * 182) / 365;
    expect(column(data, 'd:day_sin')[1]).toBeCloseTo(Math.sin(angle), 12);
    expect(column(data, 'd:day_cos')[0]).toBe(1);
    expect(column(data, 'd:missing')).toEqual([0, 0, 1]);
    expect(report(data, 'd')?.role).toBe('date');
  });

  it('datetimes add the time of day as sin/cos (offsets taken to UTC)', () => {
    const data = parse(['d,y', '2020-03-01T06:00,p', '2020-03-01 20:00:00+02:00,q']);
    expect(data.features).toEqual(['d:year', 'd:day_sin', 'd:day_cos', 'd:time_sin', 'd:time_cos']);
    expect(column(data, 'd:time_sin')[0]).toBeCloseTo(1, 12);
    expect(column(data, 'd:time_sin')[1]).toBeCloseTo(-1, 12);
  });

  it('an impossible date is text, not a date', () => {
    expect(report(parse(['d,y', '2020-02-30,p', '2020-02-01,q']), 'd')?.role).toBe('categorical');
  });
});

describe('roles chosen after reading (withRoles: the app re-encodes without reading again)', () => {
  const lines = ['n,c,id,y', '1,red,a1,p', '2,blue,a2,q', 'NA,red,a3,p', '4,blue,a4,q'];
  function read(options: Partial<CsvOptions> = {}) {
    const builder = new CsvDatasetBuilder({ file: 't.csv', label: 'y', maxCategories: 3, ...options });
    new CsvTextStream(builder.stream()).push(`${lines.join('\n')}\n`, true);
    return builder.table();
  }
  const encode = (roles: Record<string, ForcedRole>, table = read()) => encodeTable(withRoles(table, roles));

  it('the same cells give the inferred table, then other roles, then the inferred one back', () => {
    const table = read();
    const inferred = encodeTable(table);
    expect(inferred.features).toEqual(['n', 'n:missing', 'c=red']);
    expect(inferred.columns?.find((c) => c.name === 'id')?.reason).toMatch(/identifier-like/);
    expect(encode({ n: 'ignored' }, table).features).toEqual(['c=red']);
    expect(encode({ c: 'categorical' }, table).features).toEqual(['n', 'n:missing', 'c=red']);
    expect(encode({}, table)).toEqual(inferred);
    expect(failure(() => encode({ n: 'ignored', c: 'ignored' }, table)).message).toMatch(/no usable feature column/);
  });

  it('ignored on request keeps the counts in the report; numeric made categorical becomes one-hot', () => {
    const table = read();
    const data = encode({ c: 'ignored', n: 'categorical' }, table);
    expect(data.features).toEqual(['n=1', 'n=2', 'n=4', 'n=(missing)']);
    expect(data.columns?.find((c) => c.name === 'c')).toMatchObject({ role: 'ignored', reason: 'ignored on request', encodedAs: [] });
    expect(data.columns?.find((c) => c.name === 'n')).toMatchObject({ role: 'categorical', missing: 1 });
  });

  it('a role that does not fit is an error naming the column', () => {
    expect(failure(() => encode({ c: 'numeric' })).message).toMatch(/row 2, column "c": "red" is not a number/);
    // The identifier-like column gave up listing its values while reading: it cannot be categorical.
    expect(failure(() => encode({ id: 'categorical' })).message).toMatch(/column "id": more than 3 distinct values/);
    expect(failure(() => encode({ c: 'numeric' }, read({ ignore: ['c'] }))).message).toMatch(
      /column "c": was left out when the file was read/,
    );
  });

  it('a table read with missing: drop cannot be re-encoded (its cells were compacted)', () => {
    const table = read({ missing: 'drop' });
    expect(() => withRoles(table, {})).toThrow(/imputed or refused/);
  });
});
