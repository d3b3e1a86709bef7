/**
 * `keras.optimizers.Nadam`, with Keras 3's update math. Before each step
 * the running momentum-schedule product advances:
 *
 *     u_t   = beta_1 * (1 - 0.5 * 0.96^t)           t = iterations + 1
 *     u_t1  = beta_1 * (1 - 0.5 * 0.96^(t+1))
 *     u_product *= u_t                              (the `variable` slot)
 *
 * then for each variable:
 *
 *     m += (g - m) * (1 - beta_1);  v += (g^2 - v) * (1 - beta_2)
 *     m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product)
 *     v_hat = v / (1 - beta_2^t)
 *     w -= m_hat * lr / (sqrt(v_hat) + epsilon)
 *
 * Slots: `momentum`, `velocity` interleaved per variable, then one scalar
 * `variable` (u_product, starting at 1). Keras names that scalar with a
 * session-wide counter (`variable`, `variable_1`, …); here it is always
 * `variable`. Keras saves optimizer state by position, so the name does not
 * reach files.
 *
 * Legacy configs (Keras 1/2 `schedule_decay`, tf.keras's Nadam `decay`)
 * scale the exponent: `0.96^(schedule_decay * t)`, as those versions did.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Nadam}. */
export interface NadamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

const DECAY32 = f32(0.96);

/**
 * Nadam, as Keras 3's `Nadam`.
 * @example const opt = new Nadam({ learningRate: 0.002 });
 */
export class Nadam extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Nadam', defaultLearningRate: 0.001, decayIsScheduleDecay: true };
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The legacy momentum schedule decay (Keras 1/2 configs), or null for Keras 3's schedule. */
  readonly scheduleDecay: number | null;
  private momentums: Variable[] = [];
  private velocities: Variable[] = [];
  private uProduct: Variable | null = null;
  // Per-step scalars.
  private uT = 0;
  private uT1 = 0;
  private oneMinusUProduct = 1;
  private oneMinusUProduct1 = 1;
  private oneMinusB2Power = 1;

  constructor(options: NadamOptions = {}) {
    super(options);
    const r = this.reader!;
    this.beta1 = r.number('beta_1', 'beta1', 0.9);
    this.beta2 = r.number('beta_2', 'beta2', 0.999);
    this.epsilon = r.optionalNumber('epsilon', 'epsilon') ?? 1e-7;
    let scheduleDecay = this.legacyDecay;
    if (r.naming === 'snake') {
      const sd = r.optionalNumber('schedule_decay', 'schedule_decay', { min: 0 });
      if (sd !== null) scheduleDecay = sd;
    }
    this.scheduleDecay = scheduleDecay;
    this.finishOptions();
  }

  protected buildSlots(): void {
    [this.momentums, this.velocities] = this.addSlots(['momentum', 'velocity']) as [Variable[], Variable[]];
    this.uProduct = this.addVariable('variable', [], 1);
  }

  protected override beginStep(): void {
    const t = this.localStep;
    const b1 = f32(this.beta1);
    const next = f32(t + 1);
    // Keras's _backend_update_step: u_product *= beta_1 * (1 - 0.5 * 0.96^t), python beta_1.
    const u = this.uProduct!.value.data;
    // The momentum schedule's exponent: the step, times schedule_decay in a legacy config.
    const sd = this.scheduleDecay;
    const et = sd === null ? t : f32(f32(sd) * t);
    const en = sd === null ? next : f32(f32(sd) * next);
    const factor = f32(1 - f32(0.5 * f32(Math.pow(DECAY32, et))));
    const uProduct = f32(f32(u[0]! * b1) * factor);
    u[0] = uProduct;
    this.uT = f32(b1 * f32(1 - f32(0.5 * f32(Math.pow(DECAY32, et)))));
    this.uT1 = f32(b1 * f32(1 - f32(0.5 * f32(Math.pow(DECAY32, en)))));
    this.oneMinusUProduct = f32(1 - uProduct);
    this.oneMinusUProduct1 = f32(1 - f32(uProduct * this.uT1));
    this.oneMinusB2Power = f32(1 - f32(Math.pow(f32(this.beta2), t)));
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const m = this.momentums[index]!.value.data;
    const v = this.velocities[index]!.value.data;
    const c1 = f32(1 - f32(this.beta1));
    const c2 = f32(1 - f32(this.beta2));
    const eps = f32(this.epsilon);
    const uT1 = this.uT1;
    const oneMinusUT = f32(1 - this.uT);
    const d1 = this.oneMinusUProduct1;
    const d0 = this.oneMinusUProduct;
    const dv = this.oneMinusB2Power;
    for (let j = 0, len = w.length; j < len; j++) {
      const gj = g[j]!;
      const mt = f32(m[j]! + f32(f32(gj - m[j]!) * c1));
      const vt = f32(v[j]! + f32(f32(f32(gj * gj) - v[j]!) * c2));
      m[j] = mt;
      v[j] = vt;
      const mHat = f32(f32(f32(uT1 * mt) / d1) + f32(f32(oneMinusUT * gj) / d0));
      const vHat = f32(vt / dv);
      w[j] = w[j]! - f32(f32(mHat * lr) / f32(f32(Math.sqrt(vHat)) + eps));
    }
  }

  protected ownConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = { beta_1: this.beta1, beta_2: this.beta2, epsilon: this.epsilon };
    // Only a legacy config carries it; Keras 3 has no such key.
    if (this.scheduleDecay !== null) config.schedule_decay = this.scheduleDecay;
    return config;
  }
}
