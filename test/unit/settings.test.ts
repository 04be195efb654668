import { describe, expect, it } from 'vitest';
import { TrainSettingsElement } from '../../src/components/train-settings-element.js';
import { XentTrainer } from '../../src/components/xent-trainer.js';
import { DEFAULT_OPTIONS, type TrainOptions } from '../../src/core/options.js';
import { parseTrainArgs, USAGE } from '../../src/node/args.js';
import {
  elementDefault,
  elementValue,
  formChoices,
  optionsOf,
  propertiesOf,
  SETTINGS,
  type Setting,
  settingsOf,
  splitPreset,
  type TrainSettings,
} from '../../src/train/settings.js';

describe('xent train flags', () => {
  it('reads every training flag into the Trainer options, and the command flags beside them', () => {
    const command = parseTrainArgs(
      ['data.csv', '--label', 'y', '--model', 'softmax', '--loss', 'mse', '--optimizer', 'lbfgs', '--lr', '0.1', '--epochs', '7']
        .concat(['--batch-size', '32', '--l2', '0.01', '--seed', '3', '--val-split', '0.25', '--patience', '2', '--backend', 'cpu'])
        .concat(['--no-standardize', '--compare', 'mse', '--out', 'm.json', '--onnx', 'm.onnx', '--json'])
        .concat(['--class-weight', 'balanced', '--sample-weight', 'w']),
    );
    expect(command).toEqual({
      data: 'data.csv',
      label: 'y',
      columns: {},
      options: {
        model: 'softmax',
        loss: 'mse',
        optimizer: 'lbfgs',
        lr: 0.1,
        epochs: 7,
        batchSize: 32,
        l2: 0.01,
        seed: 3,
        valSplit: 0.25,
        patience: 2,
        standardize: false,
        classWeight: 'balanced',
        sampleWeight: 'w',
      },
      backend: 'cpu',
      out: 'm.json',
      onnx: 'm.onnx',
      compare: 'mse',
      json: true,
    });
  });

  it('leaves unset flags to the Trainer defaults, and takes `full` as a batch size', () => {
    const { options, backend, compare, json } = parseTrainArgs(['builtin:iris', '--batch-size', 'full']);
    expect(Object.entries(options).filter(([, v]) => v !== undefined)).toEqual([['batchSize', 'full']]);
    expect({ backend, compare, json }).toEqual({ backend: 'auto', compare: null, json: false });
  });

  it.each([
    [['--model', 'auto'], '--model must be one of logistic, softmax; got "auto"'],
    [['--optimizer', 'rmsprop'], '--optimizer must be one of sgd, momentum, adam, lbfgs; got "rmsprop"'],
    [['--backend', 'tpu'], '--backend must be one of gpu, cpu, auto; got "tpu"'],
    [['--lr=-1'], '--lr must be a non-negative number; got "-1"'],
    [['--epochs', '1.5'], '--epochs must be a non-negative integer; got "1.5"'],
    [['--batch-size', 'half'], '--batch-size must be a non-negative integer; got "half"'],
    [['--val-split', ' '], '--val-split must be a non-negative number; got " "'],
    [['--compare', 'hinge'], '--compare must be one of mse; got "hinge"'],
    [['--class-weight', 'auto'], '--class-weight must be one of balanced, none; got "auto"'],
    [['--sample-weight', ' '], '--sample-weight must be a column name; got ""'],
  ])('rejects %j with a usage error', (flags, message) => {
    expect(() => parseTrainArgs(['data.csv', ...flags])).toThrow(message);
  });
});

describe('the settings table', () => {
  const sampleText = (s: Setting) =>
    s.parse.kind === 'choice'
      ? (s.parse.values.filter((v) => v !== elementDefault(s)).at(-1) as string)
      : s.parse.kind === 'batch'
        ? '32'
        : '3';

  it.each(SETTINGS.filter((s) => s.property).map((s) => [s.property, s] as const))(
    'the elements take %s under its attribute, with its default',
    (property, s) => {
      const element = new (s.control ? TrainSettingsElement : XentTrainer)() as unknown as Record<string, unknown> & HTMLElement;
      expect(element[property as string]).toEqual(elementDefault(s));
      (element as unknown as { attributeChangedCallback(n: string, o: null, v: string): void }).attributeChangedCallback(
        s.attribute as string,
        null,
        sampleText(s),
      );
      expect(element[property as string]).toEqual(elementValue(s, sampleText(s)));
    },
  );

  it('the element defaults are the Trainer defaults, but for `auto` and the validation split', () => {
    const differing = SETTINGS.filter((s) => s.option && s.property && elementDefault(s) !== DEFAULT_OPTIONS[s.option]);
    expect(differing.map((s) => [s.flag, elementDefault(s)])).toEqual([
      ['model', 'auto'],
      ['val-split', 0.2],
    ]);
  });

  it('every flag is in the usage text', () => {
    for (const s of SETTINGS) expect(USAGE).toContain(`[--${s.flag}`);
  });

  it('maps control settings to element properties and back, and properties to Trainer options', () => {
    const settings: TrainSettings = {
      model: 'softmax',
      loss: 'mse',
      optimizer: 'sgd',
      learningRate: 0.3,
      epochs: 4,
      batchSize: 16,
      l2: 0.1,
      classWeight: 'balanced',
      backend: 'cpu',
      crosses: ['x1*x2'],
    };
    const properties = propertiesOf(settings);
    expect(properties).toMatchObject({ modelKind: 'softmax', learningRate: 0.3, batchSize: 16, backend: 'cpu' });
    expect(settingsOf(properties)).toEqual(settings);
    expect(optionsOf({ ...properties, valSplit: 0.2, seed: 5 })).toEqual({
      model: 'softmax',
      loss: 'mse',
      optimizer: 'sgd',
      lr: 0.3,
      epochs: 4,
      batchSize: 16,
      l2: 0.1,
      classWeight: 'balanced',
      valSplit: 0.2,
      seed: 5,
    });
    expect(optionsOf({ ...properties, modelKind: 'auto', valSplit: 0, seed: 1 })).not.toHaveProperty('model');
  });

  it('a preset sets the controls the page left alone; the rest goes to the Trainer', () => {
    const preset: Partial<TrainOptions> = { init: [-6, 0, 0], optimizer: 'sgd', lr: 0.5, epochs: 60, standardize: true };
    const { properties, rest } = splitPreset(preset, (attribute) => attribute === 'learning-rate');
    expect(properties).toEqual({ optimizer: 'sgd', epochs: 60 });
    expect(rest).toEqual({ init: [-6, 0, 0], standardize: true });
  });

  it('offers `auto` first in the forms, where the elements take it', () => {
    const byFlag = (flag: string) => SETTINGS.find((s) => s.flag === flag) as Setting;
    expect(formChoices(byFlag('model'))).toEqual(['auto', 'logistic', 'softmax']);
    expect(formChoices(byFlag('backend'))).toEqual(['auto', 'gpu', 'cpu']);
    expect(formChoices(byFlag('optimizer'))).toEqual(['sgd', 'momentum', 'adam', 'lbfgs']);
  });
});
