import { describe, expect, it } from 'vitest';
import { encodeHash, parseHash, stateOf } from '../../src/components/url-state.js';
import { SETTINGS, type SettingProperties } from '../../src/train/settings.js';

const properties: SettingProperties = {
  modelKind: 'auto',
  loss: 'cross-entropy',
  optimizer: 'sgd',
  learningRate: 0.1 + 0.2, // not a short decimal: the link must still give back the same double
  epochs: 5,
  batchSize: 32,
  l2: 0.001,
  classWeight: 'balanced',
  backend: 'cpu',
  crosses: ['x1^2', 'x1*x2', 'sin(x2)'],
  valSplit: 0.25,
  seed: 4,
};

describe('the URL hash of <xent-trainer url-state>', () => {
  it('names the data set and every setting by its attribute, and reads back what it wrote', () => {
    const hash = encodeHash(stateOf(properties, 'blobs3'));
    expect(hash).toBe(
      'dataset=blobs3&model=auto&loss=cross-entropy&optimizer=sgd&learning-rate=0.30000000000000004&epochs=5&batch-size=32' +
        '&l2=0.001&class-weight=balanced&backend=cpu&crosses=x1%5E2%2Cx1*x2%2Csin%28x2%29&val-split=0.25&seed=4',
    );
    const keys = SETTINGS.flatMap((s) => (s.attribute ? [s.attribute] : []));
    expect([...parseHash(`#${hash}`).keys()]).toEqual(['dataset', ...keys]);
    expect(parseHash(`#${hash}`)).toEqual(stateOf(properties, 'blobs3'));
    expect(Number(parseHash(hash).get('learning-rate'))).toBe(properties.learningRate);
  });

  it('leaves the data set out for a loaded file', () => {
    expect(parseHash(encodeHash(stateOf(properties, null))).has('dataset')).toBe(false);
  });

  it('ignores keys that are not attributes of the settings table', () => {
    const state = parseHash('#dataset=xor&lr=0.2&src=https://example.com/x.csv&patience=3&foo=1&seed=3');
    expect([...state]).toEqual([
      ['dataset', 'xor'],
      ['seed', '3'],
    ]);
  });

  it("rejects values the table's parsers reject, and unknown data sets", () => {
    const state = parseHash(
      '#dataset=nope&optimizer=rmsprop&model=auto&learning-rate=-1&epochs=2.5&seed=x&batch-size=full&l2=&backend=auto&loss=mse',
    );
    expect(Object.fromEntries(state)).toEqual({ model: 'auto', 'batch-size': 'full', backend: 'auto', loss: 'mse' });
    expect(parseHash('#epochs=1e1&learning-rate=0.50').get('epochs')).toBe('10');
    expect(parseHash('').size).toBe(0);
  });

  it('keeps the feature crosses as their terms, dropping a list with a term that is none of a^2, a*b, sin(a)', () => {
    expect(parseHash('#crosses=sin(x1), x1*x2 ,,x2^2').get('crosses')).toBe('sin(x1),x1*x2,x2^2');
    expect(parseHash('#crosses=').get('crosses')).toBe('');
    expect(parseHash('#crosses=x1^3').has('crosses')).toBe(false);
    expect(parseHash('#crosses=cos(x1)').has('crosses')).toBe(false);
  });
});
