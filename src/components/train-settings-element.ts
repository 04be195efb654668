import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { ClassWeight } from '../core/options.js';
import type { LossKind, ModelKind, OptimizerName } from '../core/types.js';
import { type BackendChoice, parseBatchSize, parseCrosses } from '../train/settings.js';

/**
 * The training settings `<xent-trainer>` and `<xent-train-controls>` both take as attributes. Their names and defaults
 * are SETTINGS' (src/train/settings.ts); they are written out here because custom-elements.json is read from these
 * declarations, and test/unit/settings.test.ts fails when the two disagree.
 */
export class TrainSettingsElement extends LitElement {
  /** `auto` (logistic for two classes, else softmax), `logistic` or `softmax` (on `<xent-trainer>` the `model` property is the trained model). */
  @property({ attribute: 'model' }) modelKind: ModelKind | 'auto' = 'auto';
  @property() loss: LossKind = 'cross-entropy';
  @property() optimizer: OptimizerName = 'adam';
  @property({ type: Number, attribute: 'learning-rate' }) learningRate = 0.05;
  @property({ type: Number }) epochs = 50;
  /** Rows per step, or `full`. */
  @property({ attribute: 'batch-size', converter: { fromAttribute: parseBatchSize } }) batchSize: number | 'full' = 'full';
  /** L2 penalty λ. */
  @property({ type: Number }) l2 = 0;
  /** `balanced` weighs each training row by N / (K · count of its class); `none` weighs every row 1. */
  @property({ attribute: 'class-weight' }) classWeight: ClassWeight = 'none';
  /** `auto` (WebGPU when the browser has it, else the CPU with a note), `gpu` or `cpu`. */
  @property() backend: BackendChoice = 'auto';
  /**
   * Derived features of the numeric inputs, comma-separated: `x1^2`, `x1*x2`, `sin(x1)` (column names; the toggles
   * offer the squares, product and sines of the first two). Terms naming columns the table lacks are dropped on load.
   */
  @property({ converter: { fromAttribute: parseCrosses } }) crosses: string[] = [];
}
