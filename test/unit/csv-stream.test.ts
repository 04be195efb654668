import { describe, expect, it } from 'vitest';
import { CsvDatasetBuilder, parseCsv } from '../../src/data/csv.js';
import { CsvTextStream } from '../../src/data/csv-stream.js';
import { DataError } from '../../src/data/dataset.js';

const text = 'a,b,label\r\n1,2,"x, one"\n\n3.5,-4,y\n5,6,"multi\nline"\n7e3,8,x\n';

function streamed(pieces: string[], file = 'f.csv') {
  const builder = new CsvDatasetBuilder({ file, label: 'label' });
  const stream = new CsvTextStream(builder.stream());
  pieces.forEach((p, i) => {
    stream.push(p, i === pieces.length - 1);
  });
  return builder.finish();
}

describe('CSV streaming', () => {
  it('gives the same data set as parseCsv wherever the text is cut, also inside quotes and CRLF', () => {
    const whole = parseCsv(text, { file: 'f.csv', label: 'label' });
    expect(whole.rows).toBe(4);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        const got = streamed([text.slice(0, cut), text.slice(cut, cut2), text.slice(cut2)]);
        expect({ ...got }).toEqual({ ...whole });
      }
    }
  });

  it('types columns the same wherever the text is cut: text, NA cells and dates', () => {
    const typed = 'n,c,d,label\n1,red,2020-01-02,x\nNA,"blue, dark",2020-03-04,y\n2.5,,NA,x\n4,red,2021-12-31,y\n';
    const whole = parseCsv(typed, { file: 'f.csv', label: 'label' });
    expect(whole.features).toEqual([
      'n',
      'n:missing',
      'c=blue, dark',
      'c=red',
      'c=(missing)',
      'd:year',
      'd:day_sin',
      'd:day_cos',
      'd:missing',
    ]);
    for (let cut = 0; cut <= typed.length; cut++) {
      const builder = new CsvDatasetBuilder({ file: 'f.csv', label: 'label' });
      const stream = new CsvTextStream(builder.stream());
      stream.push(typed.slice(0, cut), false);
      stream.push(typed.slice(cut), true);
      expect({ ...builder.finish() }).toEqual({ ...whole });
    }
  });

  it('names the row and column of a bad cell in a later piece', () => {
    const bad = 'a,label\n1,x\n2,y\n3,x\nfour,y\n';
    const error = (() => {
      try {
        streamed([bad.slice(0, 13), bad.slice(13)]);
      } catch (e) {
        return e;
      }
    })() as DataError;
    expect(error).toBeInstanceOf(DataError);
    expect([error.row, error.column]).toEqual([5, 'a']);
  });
});
