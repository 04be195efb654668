import { describe, expect, it } from 'vitest';
import { CsvDatasetBuilder, CsvTextStream, parseCsv } from '../../src/data/csv.js';
import { DataError } from '../../src/data/dataset.js';

const text = 'a,b,label\r\n1,2,"x, one"\n\n3.5,-4,y\n5,6,"multi\nline"\n7e3,8,x\n';

function streamed(pieces: string[], file = 'f.csv') {
  const builder = new CsvDatasetBuilder({ file, label: 'label' });
  const stream = new CsvTextStream(builder);
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
