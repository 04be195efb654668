/** The loader's sources of a table: the built-in menu, the file picker and the URL field, with the chosen one's description. */
import { html, nothing } from 'lit';
import { builtinDatasets } from '../data/builtin.js';

export interface SourceActions {
  /** Name of the built-in data set loaded now ('' when a CSV is). */
  builtin: string;
  onBuiltin(name: string): void;
  onFile(file: File): void;
  onUrl(url: string): void;
}

export function loaderSources({ builtin, onBuiltin, onFile, onUrl }: SourceActions) {
  const chosen = builtinDatasets.find((d) => d.name === builtin);
  const pickBuiltin = (event: Event) => {
    const name = (event.target as HTMLSelectElement).value;
    if (name) onBuiltin(name);
  };
  const pickFile = (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file) onFile(file);
  };
  const submitUrl = (event: SubmitEvent) => {
    event.preventDefault();
    const url = new FormData(event.target as HTMLFormElement).get('url');
    if (typeof url === 'string' && url.trim()) onUrl(url.trim());
  };
  return html`<div class="row">
      <label
        >Built-in
        <select part="builtin-select" aria-label="built-in data set" @change=${pickBuiltin}>
          <option value="" ?selected=${!chosen}>—</option>
          ${builtinDatasets.map((d) => html`<option value=${d.name} title=${d.description} ?selected=${d === chosen}>${d.name}</option>`)}
        </select></label
      >
      <label
        >Data file
        <input part="file-input" type="file" accept=".csv,.tsv,text/csv,.parquet,.arrow,.arrows,.feather,.ipc" @change=${pickFile}
      /></label>
      <form @submit=${submitUrl}>
        <input part="url-input" name="url" type="text" placeholder="CSV, Parquet or Arrow URL" aria-label="data URL" />
        <button type="submit">Load</button>
      </form>
      <span class="muted">or drop a CSV, Parquet or Arrow file here</span>
    </div>
    ${chosen ? html`<p class="muted">${chosen.description}</p>` : nothing}`;
}
