import { css } from 'lit';

/** The app's grid: the loader and the controls across, the charts and panels two by two (one column when narrow). */
export const trainerLayout = css`
  .app {
    display: grid;
    gap: var(--_gap);
    grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
  }
  .wide {
    grid-column: 1 / -1;
  }
  .panel {
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
  }
  @media (max-width: 760px) {
    .app {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .notice {
    margin: 0;
  }
  .export {
    align-self: start;
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
`;
