/**
 * `keras.optimizers.Adam`, with Keras 3's update math:
 *
 *     alpha = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t)      t = iterations + 1
 *     m += (g - m) * (1 - beta_1)
 *     v += (g^2 - v) * (1 - beta_2)
 *     v_hat = max(v_hat, v)                                 (amsgrad; then v := v_hat)
 *     w -= m * alpha / (sqrt(v) + epsilon)
 *
 * Slots, interleaved per variable: `momentum`, `velocity`; then
 * `velocity_hat` for every variable when `amsgrad`.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adam}. */
export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** First-moment decay. Default 0.9. */
  beta1?: number;
  /** Second-moment decay. Default 0.999. */
  beta2?: number;
  /** Added to sqrt(v) ("epsilon hat"). Default 1e-7. */
  epsilon?: number;
  /** Use the AMSGrad maximum of past second moments. Default false. */
  amsgrad?: boolean;
}

/**
 * Adam, as Keras 3's `Adam`.
 * @example const opt = new Adam({ learningRate: 0.01, amsgrad: true });
 */
export class Adam extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Adam', defaultLearningRate: 0.001 };
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private velocityHats: Variable[] = [];
  private alpha = 0;

  constructor(options: AdamOptions = {}) {
    super(options);
    const r = this.reader!;
    this.beta1 = r.number('beta_1', 'beta1', 0.9);
    this.beta2 = r.number('beta_2', 'beta2', 0.999);
    // A Keras 2 config may hold epsilon None: its fuzz factor 1e-7.
    this.epsilon = r.optionalNumber('epsilon', 'epsilon') ?? 1e-7;
    this.amsgrad = r.bool('amsgrad', 'amsgrad', false);
    this.finishOptions();
  }

  protected buildSlots(): void {
    [this.momentums, this.velocities] = this.addSlots(['momentum', 'velocity']) as [Variable[], Variable[]];
    if (this.amsgrad) this.velocityHats = this.addSlots(['velocity_hat'])[0]!;
  }

  protected override beginStep(): void {
    const lr = this.stepLearningRate;
    const t = this.localStep;
    const b1Power = f32(Math.pow(f32(this.beta1), t));
    const b2Power = f32(Math.pow(f32(this.beta2), t));
    this.alpha = f32(f32(lr * f32(Math.sqrt(f32(1 - b2Power)))) / f32(1 - b1Power));
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const m = this.momentums[index]!.value.data;
    const v = this.velocities[index]!.value.data;
    const c1 = f32(1 - this.beta1);
    const c2 = f32(1 - this.beta2);
    const eps = f32(this.epsilon);
    const alpha = this.alpha;
    const len = w.length;
    if (this.amsgrad) {
      const vh = this.velocityHats[index]!.value.data;
      for (let j = 0; j < len; j++) {
        const gj = g[j]!;
        const mt = f32(m[j]! + f32(f32(gj - m[j]!) * c1));
        const vt = f32(v[j]! + f32(f32(f32(gj * gj) - v[j]!) * c2));
        const vhat = Math.max(vh[j]!, vt);
        m[j] = mt;
        v[j] = vt;
        vh[j] = vhat;
        w[j] = w[j]! - f32(f32(mt * alpha) / f32(f32(Math.sqrt(vhat)) + eps));
      }
      return;
    }
    for (let j = 0; j < len; j++) {
      const gj = g[j]!;
      const mt = f32(m[j]! + f32(f32(gj - m[j]!) * c1));
      const vt = f32(v[j]! + f32(f32(f32(gj * gj) - v[j]!) * c2));
      m[j] = mt;
      v[j] = vt;
      w[j] = w[j]! - f32(f32(mt * alpha) / f32(f32(Math.sqrt(vt)) + eps));
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
