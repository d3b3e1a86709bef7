/**
 * `keras.optimizers.RMSprop`, with Keras 3's update math (epsilon inside
 * the square root):
 *
 *     v = rho * v + (1 - rho) * g^2
 *     a = rho * a + (1 - rho) * g                 (centered)
 *     denom = v - a^2 + epsilon  |  v + epsilon   (centered | not)
 *     inc = lr * g / sqrt(denom)
 *     mom = momentum * mom + inc; w -= mom        (momentum > 0)
 *     w -= inc                                    (otherwise)
 *
 * Slots, each group over all variables: `velocity`; `momentum` when
 * momentum > 0; `average_gradient` when centered.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Discount of the squared-gradient average. Default 0.9. */
  rho?: number;
  /** Default 0 (no momentum slots). */
  momentum?: number;
  /** Default 1e-7. */
  epsilon?: number;
  /** Normalize by the gradient variance estimate. Default false. */
  centered?: boolean;
}

/**
 * RMSprop, as Keras 3's `RMSprop` (automatic name `rm_sprop`, as Keras names it).
 * @example const opt = new RMSprop({ learningRate: 0.01, momentum: 0.9, centered: true });
 */
export class RMSprop extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'RMSprop', defaultLearningRate: 0.001 };
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  private velocities: Variable[] = [];
  private momentums: Variable[] = [];
  private averageGradients: Variable[] = [];

  constructor(options: RMSpropOptions = {}) {
    super(options);
    const r = this.reader!;
    this.rho = r.number('rho', 'rho', 0.9);
    this.momentum = r.number('momentum', 'momentum', 0.0);
    this.epsilon = r.optionalNumber('epsilon', 'epsilon') ?? 1e-7;
    this.centered = r.bool('centered', 'centered', false);
    this.finishOptions();
  }

  protected buildSlots(): void {
    this.velocities = this.addSlots(['velocity'])[0]!;
    if (this.momentum > 0) this.momentums = this.addSlots(['momentum'])[0]!;
    if (this.centered) this.averageGradients = this.addSlots(['average_gradient'])[0]!;
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const v = this.velocities[index]!.value.data;
    const rho = f32(this.rho);
    const oneMinusRho = f32(1 - this.rho);
    const eps = f32(this.epsilon);
    const len = w.length;
    if (!this.centered && !(this.momentum > 0)) {
      // The default configuration: one tight loop.
      for (let j = 0; j < len; j++) {
        const gj = g[j]!;
        const vt = f32(f32(rho * v[j]!) + f32(oneMinusRho * f32(gj * gj)));
        v[j] = vt;
        w[j] = w[j]! - f32(f32(lr * gj) / f32(Math.sqrt(f32(vt + eps))));
      }
      return;
    }
    const useMomentum = this.momentum > 0;
    const mom = useMomentum ? this.momentums[index]!.value.data : v;
    const momentum = f32(this.momentum);
    const centered = this.centered;
    const a = centered ? this.averageGradients[index]!.value.data : v;
    for (let j = 0; j < len; j++) {
      const gj = g[j]!;
      const vt = f32(f32(rho * v[j]!) + f32(oneMinusRho * f32(gj * gj)));
      v[j] = vt;
      let denom: number;
      if (centered) {
        const at = f32(f32(rho * a[j]!) + f32(oneMinusRho * gj));
        a[j] = at;
        denom = f32(f32(vt - f32(at * at)) + eps);
      } else {
        denom = f32(vt + eps);
      }
      const inc = f32(f32(lr * gj) / f32(Math.sqrt(denom)));
      if (useMomentum) {
        const mt = f32(f32(momentum * mom[j]!) + inc);
        mom[j] = mt;
        w[j] = w[j]! - mt;
      } else {
        w[j] = w[j]! - inc;
      }
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
