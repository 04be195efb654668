import { type ClassWeight, DEFAULT_OPTIONS, type TrainOptions } from '../core/options.js';
import type { LossKind, ModelKind, OptimizerName } from '../core/types.js';

export type BackendChoice = 'auto' | 'gpu' | 'cpu';

/** The hyper-parameters a user picks in `<xent-train-controls>`: the detail of its `xent-start` and `xent-settings-change`. */
export interface TrainSettings {
  model: ModelKind | 'auto';
  loss: LossKind;
  optimizer: OptimizerName;
  learningRate: number;
  epochs: number;
  batchSize: number | 'full';
  l2: number;
  classWeight: ClassWeight;
  backend: BackendChoice;
  /** Derived features of the numeric inputs (`x1^2`, `x1*x2`, `sin(x1)`): the app's feature-cross toggles. */
  crosses: string[];
}

/** The controls' properties: TrainSettings but for `modelKind` (the trainer's `model` property is the trained model). */
export type ControlProperties = Omit<TrainSettings, 'model'> & { modelKind: TrainSettings['model'] };

/** Every setting as a property of `<xent-trainer>`. */
export interface SettingProperties extends ControlProperties {
  valSplit: number;
  seed: number;
}

/** How a setting's text (a flag's value, an attribute, a form field) becomes its value. */
export type SettingParser =
  | { kind: 'choice'; values: readonly string[] }
  | { kind: 'number'; integer: boolean }
  /** A positive integer or `full`. */
  | { kind: 'batch' }
  /** A flag without a value that turns the option off (`--no-standardize`). */
  | { kind: 'off' }
  /** Comma-separated derived-feature terms: `a^2`, `a*b` or `sin(a)` (the columns are checked against the table). */
  | { kind: 'crosses' }
  /** A column name. */
  | { kind: 'text' };

/** One training setting under each of its names. */
export interface Setting {
  /** Command-line flag of `xent train`, without the dashes. */
  flag: string;
  /** Field of TrainOptions it sets; none for `backend`, which says where the Trainer runs, not how. */
  option?: keyof TrainOptions;
  /** Key in TrainSettings: a control of `<xent-train-controls>` (and a preset a built-in data set may bring). */
  control?: keyof TrainSettings;
  /** Attribute and property of the elements; none for settings only the command line has. */
  attribute?: string;
  property?: keyof SettingProperties;
  /** The elements' default where it is not DEFAULT_OPTIONS[option] (`auto` model: the Trainer picks by class count). */
  elementDefault?: SettingProperties[keyof SettingProperties];
  parse: SettingParser;
}

const choice = (...values: string[]): SettingParser => ({ kind: 'choice', values });
const real: SettingParser = { kind: 'number', integer: false };
const integer: SettingParser = { kind: 'number', integer: true };

/** Every training setting: the CLI, the elements and (through DEFAULT_OPTIONS) the Trainer read their names here. */
export const SETTINGS: readonly Setting[] = [
  {
    flag: 'model',
    option: 'model',
    control: 'model',
    attribute: 'model',
    property: 'modelKind',
    elementDefault: 'auto',
    parse: choice('logistic', 'softmax'),
  },
  { flag: 'loss', option: 'loss', control: 'loss', attribute: 'loss', property: 'loss', parse: choice('cross-entropy', 'mse') },
  {
    flag: 'optimizer',
    option: 'optimizer',
    control: 'optimizer',
    attribute: 'optimizer',
    property: 'optimizer',
    parse: choice('sgd', 'momentum', 'adam', 'lbfgs'),
  },
  { flag: 'lr', option: 'lr', control: 'learningRate', attribute: 'learning-rate', property: 'learningRate', parse: real },
  { flag: 'epochs', option: 'epochs', control: 'epochs', attribute: 'epochs', property: 'epochs', parse: integer },
  {
    flag: 'batch-size',
    option: 'batchSize',
    control: 'batchSize',
    attribute: 'batch-size',
    property: 'batchSize',
    parse: { kind: 'batch' },
  },
  { flag: 'l2', option: 'l2', control: 'l2', attribute: 'l2', property: 'l2', parse: real },
  {
    flag: 'class-weight',
    option: 'classWeight',
    control: 'classWeight',
    attribute: 'class-weight',
    property: 'classWeight',
    parse: choice('balanced', 'none'),
  },
  {
    flag: 'backend',
    control: 'backend',
    attribute: 'backend',
    property: 'backend',
    elementDefault: 'auto',
    parse: choice('gpu', 'cpu', 'auto'),
  },
  // The command line reads --crosses with the column flags: the derived features are part of the table.
  {
    flag: 'crosses',
    control: 'crosses',
    attribute: 'crosses',
    property: 'crosses',
    elementDefault: [],
    parse: { kind: 'crosses' },
  },
  { flag: 'val-split', option: 'valSplit', attribute: 'val-split', property: 'valSplit', elementDefault: 0.2, parse: real },
  { flag: 'seed', option: 'seed', attribute: 'seed', property: 'seed', parse: integer },
  { flag: 'patience', option: 'patience', parse: integer },
  { flag: 'no-standardize', option: 'standardize', parse: { kind: 'off' } },
  { flag: 'sample-weight', option: 'sampleWeight', parse: { kind: 'text' } },
];

/** The settings `<xent-train-controls>` shows, in its order. */
export const CONTROLS = SETTINGS.filter((s) => s.control);

/** A setting's value on the elements before anyone sets it. */
export function elementDefault(setting: Setting): unknown {
  return setting.elementDefault ?? (setting.option ? DEFAULT_OPTIONS[setting.option] : undefined);
}

/** The values a form offers for a choice, `auto` first where the elements accept it. */
export function formChoices(setting: Setting): string[] {
  if (setting.parse.kind !== 'choice') return [];
  const values = setting.parse.values.filter((v) => v !== 'auto');
  return setting.elementDefault === 'auto' ? ['auto', ...values] : values;
}

/** Attribute text for `batch-size`: "full" or a positive integer. */
export function parseBatchSize(value: string | null): number | 'full' {
  if (value === null || value.trim() === '' || value.trim() === 'full') return 'full';
  return Number(value);
}

/** Attribute text for `crosses`: the comma-separated terms. */
export function parseCrosses(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((term) => term.trim())
    .filter(Boolean);
}

/** A term `crosses` can hold, whatever the columns: a square, a product of two, or a sine. */
const CROSS_TERM = /^(sin\(.+\)|.+\^2|.+\*.+)$/;

/** The value of a setting's text as the elements read it (an attribute or a form field): lenient, as Lit's converters are. */
export function elementValue(setting: Setting, text: string): unknown {
  if (setting.parse.kind === 'batch') return parseBatchSize(text);
  if (setting.parse.kind === 'crosses') return parseCrosses(text);
  return setting.parse.kind === 'number' ? Number(text) : text;
}

/** The value of a flag's text, strictly; throws "must be …; got …" (the caller names the flag). */
export function flagValue(setting: Setting, text: string): unknown {
  const { parse } = setting;
  if (parse.kind === 'choice') {
    if (!parse.values.includes(text)) throw new Error(`must be one of ${parse.values.join(', ')}; got "${text}"`);
    return text;
  }
  if (parse.kind === 'crosses') {
    const terms = parseCrosses(text);
    const bad = terms.find((term) => !CROSS_TERM.test(term));
    if (bad !== undefined) throw new Error(`must be terms such as a^2, a*b, sin(a); got "${bad}"`);
    return terms;
  }
  if (parse.kind === 'text') {
    if (text.trim() === '') throw new Error('must be a column name; got ""');
    return text.trim();
  }
  if (parse.kind === 'batch' && text === 'full') return 'full';
  const integer = parse.kind !== 'number' || parse.integer;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new Error(`must be a non-negative ${integer ? 'integer' : 'number'}; got "${text}"`);
  }
  return n;
}

/** What `<xent-train-controls>` reports: the controls' properties under their TrainSettings keys. */
export function settingsOf(properties: ControlProperties): TrainSettings {
  return Object.fromEntries(
    CONTROLS.map((s) => [s.control, properties[s.property as keyof typeof properties]]),
  ) as unknown as TrainSettings;
}

/** The element properties for `settings` (the inverse of settingsOf). */
export function propertiesOf(settings: TrainSettings): ControlProperties {
  return Object.fromEntries(CONTROLS.map((s) => [s.property, settings[s.control as keyof TrainSettings]])) as unknown as ControlProperties;
}

/** Trainer options from the elements' properties; an `auto` model is left to the Trainer. */
export function optionsOf(properties: SettingProperties): Partial<TrainOptions> {
  const options: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    if (!s.option || !s.property) continue;
    const value = properties[s.property];
    if (!(s.option === 'model' && value === 'auto')) options[s.option] = value;
  }
  return options as Partial<TrainOptions>;
}

/**
 * A built-in data set's settings: the controls' ones become element properties unless `isSet(attribute)` (the page
 * chose them); the rest (such as the initial weights) stay Trainer options.
 */
export function splitPreset(
  preset: Partial<TrainOptions>,
  isSet: (attribute: string) => boolean,
): { properties: Partial<SettingProperties>; rest: Partial<TrainOptions> } {
  const properties: Record<string, unknown> = {};
  const rest: Record<string, unknown> = { ...preset };
  for (const s of CONTROLS) {
    if (!s.option) continue;
    const value = preset[s.option];
    delete rest[s.option];
    if (value !== undefined && !isSet(s.attribute as string)) properties[s.property as string] = value;
  }
  return { properties: properties as Partial<SettingProperties>, rest: rest as Partial<TrainOptions> };
}
