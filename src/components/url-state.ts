import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { builtinDatasets } from '../data/builtin.js';
import { flagValue, formChoices, SETTINGS, type Setting, type SettingProperties } from '../train/settings.js';
import type { DataLoadedDetail } from './events.js';

/** The settings a link carries: every one the elements take as an attribute, keyed by that attribute. */
const LINKED = SETTINGS.filter((s): s is Setting & { attribute: string; property: keyof SettingProperties } =>
  Boolean(s.attribute && s.property),
);
const BUILTIN_PREFIX = 'builtin:';

/** What a link holds: the built-in data set's name (none for a file, which a link cannot carry) and the settings' text. */
export type LinkedState = Map<string, string>;

/** A setting's text as a link may carry it: what the elements accept (`auto` included), else null. */
function acceptedText(setting: Setting, text: string): string | null {
  if (setting.parse.kind === 'choice') return formChoices(setting).includes(text) ? text : null;
  try {
    return String(flagValue(setting, text));
  } catch {
    return null;
  }
}

/**
 * The attributes a location hash (`#dataset=xor&optimizer=adam&learning-rate=0.1`) sets, in the order of the link;
 * keys that are not attributes of SETTINGS or `dataset`, values the settings table rejects and unknown data sets are
 * left out.
 */
export function parseHash(hash: string): LinkedState {
  const state: LinkedState = new Map();
  for (const [key, text] of new URLSearchParams(hash.replace(/^#/, ''))) {
    if (key === 'dataset') {
      if (builtinDatasets.some((d) => d.name === text)) state.set(key, text);
      continue;
    }
    const setting = LINKED.find((s) => s.attribute === key);
    const accepted = setting ? acceptedText(setting, text) : null;
    if (accepted !== null) state.set(key, accepted);
  }
  return state;
}

/** The hash for `state`, without the `#`. */
export function encodeHash(state: LinkedState): string {
  return new URLSearchParams([...state]).toString();
}

/** The state of a trainer: its built-in data set (if that is what it shows) and every linked setting. */
export function stateOf(properties: SettingProperties, dataset: string | null): LinkedState {
  const state: LinkedState = new Map();
  if (dataset) state.set('dataset', dataset);
  for (const s of LINKED) state.set(s.attribute, String(properties[s.property]));
  return state;
}

type UrlStateHost = ReactiveControllerHost & HTMLElement & SettingProperties & { datasetName: string; urlState: boolean };

/**
 * Keeps `<xent-trainer url-state>`'s data set and settings in the page's location hash, as TensorFlow Playground
 * does: a link with a hash sets the trainer's attributes (so Train reproduces the run, the seed included), and every
 * change rewrites the hash in place (history.replaceState: no reload, no history entry). Without the attribute it does
 * nothing, so an embed never touches its page's URL.
 */
export class UrlState implements ReactiveController {
  /** The built-in shown now; null once a file is loaded. Undefined until the first load: the `dataset` attribute's. */
  private loaded: string | null | undefined;

  constructor(private readonly host: UrlStateHost) {}

  private get enabled(): boolean {
    return this.host.urlState;
  }

  hostConnected(): void {
    if (!this.enabled) return;
    this.applyHash();
    this.host.addEventListener('xent-data-loaded', this.onLoaded);
    window.addEventListener('hashchange', this.applyHash);
  }

  hostDisconnected(): void {
    this.host.removeEventListener('xent-data-loaded', this.onLoaded);
    window.removeEventListener('hashchange', this.applyHash);
  }

  hostUpdated(): void {
    if (!this.enabled) return;
    const dataset = this.loaded === undefined ? this.host.datasetName || null : this.loaded;
    const hash = encodeHash(stateOf(this.host, dataset));
    if (location.hash.slice(1) !== hash) history.replaceState(history.state, '', `#${hash}`);
  }

  /** Attributes, not properties: a preset of the built-in then leaves what the link set alone. */
  private readonly applyHash = (): void => {
    for (const [attribute, text] of parseHash(location.hash)) this.host.setAttribute(attribute, text);
  };

  private readonly onLoaded = (event: Event): void => {
    const { name } = (event as CustomEvent<DataLoadedDetail>).detail;
    this.loaded = name.startsWith(BUILTIN_PREFIX) ? name.slice(BUILTIN_PREFIX.length) : null;
    this.host.requestUpdate();
  };
}
