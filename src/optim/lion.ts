/**
 * `keras.optimizers.Lion`, with Keras 3's update math:
 *
 *     w -= lr * sign(m * beta_1 + g * (1 - beta_1))
 *     m = m * beta_2 + g * (1 - beta_2)
 *
 * Slot: `momentum` per variable.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Lion}. */
export interface LionOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** In (0, 1]. Default 0.9. */
  beta1?: number;
  /** Default 0.99. */
  beta2?: number;
}

/**
 * Lion, as Keras 3's `Lion`.
 * @throws OptimizerError `OPTIMIZER_BAD_VALUE` when `beta1` is outside (0, 1].
 * @example const opt = new Lion({ learningRate: 0.0001 });
 */
export class Lion extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Lion', defaultLearningRate: 0.001 };
  readonly beta1: number;
  readonly beta2: number;
  private momentums: Variable[] = [];

  constructor(options: LionOptions = {}) {
    super(options);
    const r = this.reader!;
    this.beta1 = r.number('beta_1', 'beta1', 0.9, { above: 0, max: 1 });
    this.beta2 = r.number('beta_2', 'beta2', 0.99);
    this.finishOptions();
  }

  protected buildSlots(): void {
    this.momentums = this.addSlots(['momentum'])[0]!;
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const m = this.momentums[index]!.value.data;
    const b1 = f32(this.beta1);
    const b2 = f32(this.beta2);
    const c1 = f32(1 - b1);
    const c2 = f32(1 - b2);
    for (let j = 0, len = w.length; j < len; j++) {
      const gj = g[j]!;
      const mj = m[j]!;
      const c = f32(f32(mj * b1) + f32(gj * c1));
      w[j] = w[j]! - f32(lr * Math.sign(c));
      m[j] = f32(f32(mj * b2) + f32(gj * c2));
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta_1: this.beta1, beta_2: this.beta2 };
  }
}
