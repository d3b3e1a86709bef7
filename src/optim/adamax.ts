/**
 * `keras.optimizers.Adamax`, with Keras 3's update math:
 *
 *     m += (g - m) * (1 - beta_1)
 *     u = max(beta_2 * u, |g|)
 *     w -= lr * m / ((1 - beta_1^t) * (u + epsilon))       t = iterations + 1
 *
 * Slots, interleaved per variable: `momentum`, `norm`.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adamax}. */
export interface AdamaxOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * Adamax, as Keras 3's `Adamax`.
 * @example const opt = new Adamax({ learningRate: 0.002 });
 */
export class Adamax extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Adamax', defaultLearningRate: 0.001 };
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private momentums: Variable[] = [];
  private norms: Variable[] = [];
  private correction = 1;

  constructor(options: AdamaxOptions = {}) {
    super(options);
    const r = this.reader!;
    this.beta1 = r.number('beta_1', 'beta1', 0.9);
    this.beta2 = r.number('beta_2', 'beta2', 0.999);
    this.epsilon = r.optionalNumber('epsilon', 'epsilon') ?? 1e-7;
    this.finishOptions();
  }

  protected buildSlots(): void {
    [this.momentums, this.norms] = this.addSlots(['momentum', 'norm']) as [Variable[], Variable[]];
  }

  protected override beginStep(): void {
    const t = this.localStep;
    this.correction = f32(1 - f32(Math.pow(f32(this.beta1), t)));
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const m = this.momentums[index]!.value.data;
    const u = this.norms[index]!.value.data;
    const c1 = f32(1 - this.beta1);
    const b2 = f32(this.beta2);
    const eps = f32(this.epsilon);
    const correction = this.correction;
    for (let j = 0, len = w.length; j < len; j++) {
      const gj = g[j]!;
      const mt = f32(m[j]! + f32(f32(gj - m[j]!) * c1));
      const ut = Math.max(f32(b2 * u[j]!), Math.abs(gj));
      m[j] = mt;
      u[j] = ut;
      w[j] = w[j]! - f32(f32(lr * mt) / f32(correction * f32(ut + eps)));
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
  }
}
