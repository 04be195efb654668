import { css, html, LitElement, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import type { EpochResult } from '../core/options.js';
import { theme, themedColor } from './theme.js';

/** What the chart can plot per epoch; train/validation pairs share a colour, validation is dashed. */
export type ChartMetric = 'loss' | 'accuracy' | 'gradNorm';

type ChartPoint = Pick<EpochResult, 'epoch' | 'loss' | 'accuracy' | 'valLoss' | 'valAccuracy'> & { gradNorm?: number };

interface Run {
  name: string;
  points: ChartPoint[];
}

const METRIC_TITLES: Record<ChartMetric, string> = {
  loss: 'cross-entropy (mean, nats)',
  accuracy: 'accuracy',
  gradNorm: 'mean ‖∇J‖',
};

function trainValue(point: ChartPoint, metric: ChartMetric): number | undefined {
  return point[metric];
}

function validationValue(point: ChartPoint, metric: ChartMetric): number | undefined {
  if (metric === 'loss') return point.valLoss;
  if (metric === 'accuracy') return point.valAccuracy;
  return undefined;
}

/**
 * Live training curves (uPlot): train and validation per epoch, several runs overlaid with a legend, values on hover,
 * linear or log scale. Feed it with `startRun()` and `addEpoch()`; it redraws at most once per animation frame.
 *
 * @csspart header - the title row with the log-scale toggle
 * @csspart toggle - the log-scale checkbox label
 * @csspart plot - the box holding the uPlot canvas and legend
 * @cssprop --xent-series-1 - colour of run 1 (up to --xent-series-6)
 * @cssprop --xent-fg - axis and text colour
 */
@customElement('xent-loss-chart')
export class XentLossChart extends LitElement {
  static override styles = [
    theme,
    unsafeCSS(uplotCss),
    css`
      header {
        display: flex;
        justify-content: space-between;
        align-items: baseline;
        gap: var(--_gap);
      }
      .plot {
        min-height: 120px;
      }
      .u-legend {
        font-size: 0.85em;
      }
    `,
  ];

  /** Plot on a log y-axis (losses spanning decades read better). */
  @property({ type: Boolean, attribute: 'log-scale', reflect: true }) logScale = false;
  /** Which number to plot: `loss` (mean CE), `accuracy` or `gradNorm`. */
  @property() metric: ChartMetric = 'loss';
  /** Title above the plot; defaults to the metric's name. */
  @property() heading = '';
  /** Plot height in CSS pixels. */
  @property({ type: Number }) height = 260;
  /** Oldest runs are dropped beyond this many. */
  @property({ type: Number, attribute: 'max-runs' }) maxRuns = 6;

  @query('.plot') private container!: HTMLDivElement;
  private runs: Run[] = [];
  private plot: uPlot | null = null;
  /** Series layout the current uPlot was built for; a new run or scale rebuilds it. */
  private layout = '';
  private frame = 0;
  private resizer: ResizeObserver | null = null;

  /** Starts a new curve (a new training run) named in the legend. */
  startRun(name: string): void {
    this.runs.push({ name, points: [] });
    if (this.runs.length > this.maxRuns) this.runs.shift();
    this.scheduleDraw();
  }

  /** Adds one epoch to the run named `run` (default: the latest run; one is started if there is none). */
  addEpoch(point: ChartPoint, run?: string): void {
    if (this.runs.length === 0) this.startRun(run ?? 'run 1');
    const target = (run === undefined ? undefined : this.runs.filter((r) => r.name === run).at(-1)) ?? this.runs.at(-1);
    target?.points.push(point);
    this.scheduleDraw();
  }

  /** Removes every run. */
  clear(): void {
    this.runs = [];
    this.scheduleDraw();
  }

  /** Number of runs drawn. */
  get runCount(): number {
    return this.runs.length;
  }

  override render() {
    return html`<header part="header">
        <h3>${this.heading || METRIC_TITLES[this.metric]}</h3>
        <label part="toggle"
          ><input type="checkbox" .checked=${this.logScale} @change=${(e: Event) => (this.logScale = (e.target as HTMLInputElement).checked)} />
          log scale</label
        >
      </header>
      <div class="plot" part="plot"></div>`;
  }

  override firstUpdated(): void {
    this.resizer = new ResizeObserver(() => this.plot?.setSize({ width: this.plotWidth(), height: this.height }));
    this.resizer.observe(this.container);
  }

  override updated(): void {
    this.scheduleDraw();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    this.resizer?.disconnect();
    this.plot?.destroy();
    this.plot = null;
    this.layout = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) {
      this.resizer?.observe(this.container);
      this.scheduleDraw();
    }
  }

  private scheduleDraw(): void {
    if (this.frame || !this.isConnected) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private plotWidth(): number {
    return Math.max(200, this.container.clientWidth || 480);
  }

  private draw(): void {
    if (!this.container) return;
    const { metric } = this;
    const lastEpoch = Math.max(0, ...this.runs.map((r) => r.points.at(-1)?.epoch ?? 0));
    const epochs = Array.from({ length: lastEpoch }, (_, i) => i + 1);
    const series: uPlot.Series[] = [{ label: 'epoch' }];
    const columns: (number | null)[][] = [];
    const aligned = (points: ChartPoint[], value: (p: ChartPoint) => number | undefined) => {
      const column = new Array<number | null>(lastEpoch).fill(null);
      for (const p of points) column[p.epoch - 1] = value(p) ?? null;
      return column;
    };
    this.runs.forEach((run, i) => {
      const stroke = themedColor(this, 'series', i);
      series.push({ label: `${run.name} · train`, stroke, width: 2 });
      columns.push(aligned(run.points, (p) => trainValue(p, metric)));
      if (run.points.some((p) => validationValue(p, metric) !== undefined)) {
        series.push({ label: `${run.name} · validation`, stroke, width: 2, dash: [6, 4] });
        columns.push(aligned(run.points, (p) => validationValue(p, metric)));
      }
    });
    const data = [epochs, ...columns] as uPlot.AlignedData;
    const layout = JSON.stringify([series.map((s) => s.label), this.logScale, metric, this.height]);
    if (this.plot && layout === this.layout) {
      this.plot.setData(data);
      return;
    }
    this.plot?.destroy();
    this.layout = layout;
    const ink = getComputedStyle(this).color;
    const axis = { stroke: ink, grid: { stroke: 'rgba(127,127,127,0.15)' }, ticks: { stroke: 'rgba(127,127,127,0.3)' } };
    this.plot = new uPlot(
      {
        width: this.plotWidth(),
        height: this.height,
        series,
        scales: { x: { time: false }, y: { distr: this.logScale ? 3 : 1 } },
        axes: [
          { ...axis, label: 'epoch' },
          { ...axis, size: 56 },
        ],
        legend: { live: true },
      },
      data,
      this.container,
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-loss-chart': XentLossChart;
  }
}
