import { css } from 'lit';

/** Form fields as the settings panels show them: the field's name small and muted above its control. */
export const labelledFields = css`
  label {
    display: flex;
    flex-direction: column;
    gap: 2px;
    font-size: 0.85em;
    color: var(--_muted);
  }
  label > * {
    font-size: 1.15em;
    color: var(--xent-fg, #1d2330);
  }
`;
