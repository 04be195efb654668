import { css } from 'lit';

/**
 * Shared look of every xent element. Everything is themable from outside through these custom properties
 * (set them on the element or any ancestor) and through the `part`s each element documents.
 */
export const theme = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--xent-font, system-ui, sans-serif);
    font-size: var(--xent-font-size, 14px);
    color: var(--xent-fg, #1d2330);
    --_bg: var(--xent-bg, #ffffff);
    --_muted: var(--xent-muted, #5b6475);
    --_border: var(--xent-border, #d5d9e2);
    --_accent: var(--xent-accent, #2f6fde);
    --_danger: var(--xent-danger, #b3261e);
    --_radius: var(--xent-radius, 6px);
    --_gap: var(--xent-gap, 12px);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    padding: 4px 12px;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: inherit;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--xent-accent-fg, #fff);
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  input,
  select {
    font: inherit;
    color: inherit;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 3px 6px;
  }
  h3 {
    margin: 0 0 6px;
    font-size: 1em;
    font-weight: 600;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_danger);
  }
`;

/** A table of numbers (reports, the explorables' readouts): tabular figures, right-aligned, hairline rows. */
export const numberTable = css`
  table {
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
    margin-top: 8px;
  }
  th,
  td {
    padding: 2px 8px;
    text-align: right;
    border-bottom: 1px solid var(--_border);
  }
  th {
    font-weight: 500;
    color: var(--_muted);
  }
`;

/** An explorable piece's picture and readouts side by side, wrapping on a narrow page. */
export const pieceLayout = css`
  .layout {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    align-items: flex-start;
  }
`;

/** Colours of the classes (data points, decision regions, confusion rows); override with --xent-class-1 … -6. */
export const classPalette = ['#2f6fde', '#e0692c', '#2a9d5c', '#9b4dca', '#c9a227', '#d6457a'];

/** Colours of the runs in the loss chart; override with --xent-series-1 … -6. */
export const seriesPalette = ['#2f6fde', '#e0692c', '#2a9d5c', '#9b4dca', '#c9a227', '#d6457a'];

/** Resolves palette entry `i` against the element's custom property `--xent-NAME-(i+1)`. */
export function themedColor(element: Element, name: 'class' | 'series', i: number): string {
  const palette = name === 'class' ? classPalette : seriesPalette;
  const custom = getComputedStyle(element)
    .getPropertyValue(`--xent-${name}-${(i % palette.length) + 1}`)
    .trim();
  return custom || (palette[i % palette.length] as string);
}
