import { css, html, LitElement, mathml, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { LikelihoodReport, LikelihoodSide, SampleContribution } from '../report/likelihood.js';
import { numberTable, theme } from './theme.js';

/** x as "m × 10^e" (L underflows a double for a few thousand rows, so it is shown from ln L). */
function powerOfTen(logValue: number) {
  const exponent = Math.floor(logValue / Math.LN10);
  const mantissa = Math.exp(logValue - exponent * Math.LN10);
  return mathml`<mn>${mantissa.toFixed(3)}</mn><mo>×</mo><msup><mn>10</mn><mn>${exponent}</mn></msup>`;
}

const fixed = (x: number) => x.toFixed(6);

/**
 * The seed identity on the trained model: the likelihood L as a product of each row's probability of its true label,
 * ln L as a sum, and Σ CE, so that −ln L = Σ CE shows in numbers; with WebGPU, the float32 GPU sums beside the float64
 * CPU ones and their difference.
 *
 * @csspart identity - the three formulas
 * @csspart samples - a few rows of each class with their factor of L and their CE term
 * @csspart backends - the CPU/GPU comparison table
 */
@customElement('xent-likelihood')
export class XentLikelihood extends LitElement {
  static override styles = [
    theme,
    numberTable,
    css`
      math {
        font-size: 1.1em;
      }
      .identity p {
        margin: 4px 0;
      }
    `,
  ];

  /** Sums on the trained model (the app fills it after training). */
  @property({ attribute: false }) report: LikelihoodReport | null = null;

  override render() {
    const r = this.report;
    if (!r) return html`<h3>Likelihood and cross-entropy</h3><p class="muted">Train a model to see −ln L = Σ CE on its rows.</p>`;
    const { cpu } = r;
    return html`<h3>Likelihood and cross-entropy <span class="muted">(${r.rows} rows, trained weights)</span></h3>
      <div class="identity" part="identity">
        <p>
          <math display="inline"
            ><mi>L</mi><mo>=</mo><munder><mo>∏</mo><mi>n</mi></munder><mi>p</mi><mo>(</mo><msub><mi>y</mi><mi>n</mi></msub><mo>∣</mo
            ><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>=</mo>${powerOfTen(cpu.logLikelihood)}</math
          >
        </p>
        <p>
          <math display="inline"
            ><mi>ln</mi><mi>L</mi><mo>=</mo><munder><mo>∑</mo><mi>n</mi></munder><mi>ln</mi><mi>p</mi><mo>(</mo><msub><mi>y</mi><mi>n</mi></msub
            ><mo>∣</mo><msub><mi>x</mi><mi>n</mi></msub><mo>)</mo><mo>=</mo><mn data-value="log-likelihood">${fixed(cpu.logLikelihood)}</mn></math
          >
        </p>
        <p>
          <math display="inline"
            ><munder><mo>∑</mo><mi>n</mi></munder><msub><mi>CE</mi><mi>n</mi></msub><mo>=</mo
            ><mn data-value="sum-ce">${fixed(cpu.sumCrossEntropy)}</mn></math
          >
          <span class="muted">so −ln L − Σ CE = ${(-cpu.logLikelihood - cpu.sumCrossEntropy).toExponential(2)}</span>
        </p>
      </div>
      ${this.renderSamples(r.samples)} ${r.gpu ? this.renderBackends(cpu, r.gpu, r.largestSampleDifference ?? 0) : nothing}`;
  }

  /** Each row's factor of L and its CE term: a confident right answer costs little, a wrong one a lot. */
  private renderSamples(samples: SampleContribution[]) {
    return html`<table part="samples">
      <tr>
        <th>row</th>
        <th>label y<sub>n</sub></th>
        <th>p(y<sub>n</sub> ∣ x<sub>n</sub>)</th>
        <th>CE<sub>n</sub> = −ln p</th>
      </tr>
      ${samples.map(
        (s) => html`<tr>
          <td>${s.row + 1}</td>
          <td>${s.label}</td>
          <td>${s.probability.toPrecision(4)}</td>
          <td data-value="sample-ce">${s.crossEntropy.toPrecision(4)}</td>
        </tr>`,
      )}
    </table>`;
  }

  private renderBackends(cpu: LikelihoodSide, gpu: LikelihoodSide, largest: number) {
    return html`<table part="backends">
      <tr>
        <th></th>
        <th>CPU (float64)</th>
        <th>GPU (float32)</th>
        <th>difference</th>
      </tr>
      <tr>
        <th scope="row">Σ CE</th>
        <td>${fixed(cpu.sumCrossEntropy)}</td>
        <td>${fixed(gpu.sumCrossEntropy)}</td>
        <td data-value="difference">${(gpu.sumCrossEntropy - cpu.sumCrossEntropy).toExponential(2)}</td>
      </tr>
      <tr>
        <th scope="row">ln L</th>
        <td>${fixed(cpu.logLikelihood)}</td>
        <td>${fixed(gpu.logLikelihood)}</td>
        <td>${(gpu.logLikelihood - cpu.logLikelihood).toExponential(2)}</td>
      </tr>
      <tr>
        <th scope="row">largest |ΔCE<sub>n</sub>|</th>
        <td colspan="3">${largest.toExponential(2)}</td>
      </tr>
    </table>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'xent-likelihood': XentLikelihood;
  }
}
