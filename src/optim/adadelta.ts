/**
 * `keras.optimizers.Adadelta`, with Keras 3's update math:
 *
 *     ag = rho * ag + (1 - rho) * g^2
 *     delta = -sqrt(adv + epsilon) * g / sqrt(ag + epsilon)
 *     adv = rho * adv + (1 - rho) * delta^2
 *     w += lr * delta
 *
 * Slots, interleaved per variable: `accumulated_grad`, `accumulated_delta_var`.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adadelta}. */
export interface AdadeltaOptions extends OptimizerOptions {
  /** Default 0.001 (Keras 3; Keras 2 used 1.0). */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay rate. Default 0.95. */
  rho?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * Adadelta, as Keras 3's `Adadelta`.
 * @example const opt = new Adadelta({ learningRate: 1.0 });
 */
export class Adadelta extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Adadelta', defaultLearningRate: 0.001 };
  readonly rho: number;
  readonly epsilon: number;
  private accumulatedGrads: Variable[] = [];
  private accumulatedDeltaVars: Variable[] = [];

  constructor(options: AdadeltaOptions = {}) {
    super(options);
    const r = this.reader!;
    this.rho = r.number('rho', 'rho', 0.95);
    this.epsilon = r.optionalNumber('epsilon', 'epsilon') ?? 1e-7;
    this.finishOptions();
  }

  protected buildSlots(): void {
    [this.accumulatedGrads, this.accumulatedDeltaVars] =
      this.addSlots(['accumulated_grad', 'accumulated_delta_var']) as [Variable[], Variable[]];
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const ag = this.accumulatedGrads[index]!.value.data;
    const adv = this.accumulatedDeltaVars[index]!.value.data;
    const rho = f32(this.rho);
    const oneMinusRho = f32(1 - this.rho);
    const eps = f32(this.epsilon);
    for (let j = 0, len = w.length; j < len; j++) {
      const gj = g[j]!;
      const agt = f32(f32(rho * ag[j]!) + f32(oneMinusRho * f32(gj * gj)));
      ag[j] = agt;
      const delta = -f32(f32(f32(Math.sqrt(f32(adv[j]! + eps))) * gj) / f32(Math.sqrt(f32(agt + eps))));
      adv[j] = f32(f32(rho * adv[j]!) + f32(oneMinusRho * f32(delta * delta)));
      w[j] = w[j]! + f32(lr * delta);
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
