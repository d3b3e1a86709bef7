/**
 * `keras.optimizers.SGD`: gradient descent with optional (Nesterov) momentum.
 *
 *     m = momentum * m - lr * g
 *     w += m                                  (momentum > 0)
 *     w += momentum * m - lr * g              (nesterov, with the new m)
 *     w -= lr * g                             (momentum = 0: no slots)
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: OptimizerOptions['learningRate'];
  /** In [0, 1]. Default 0 (no momentum slots). */
  momentum?: number;
  /** Nesterov momentum. Default false. */
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent, as Keras 3's `SGD`. Slots: `momentum` per
 * variable when `momentum > 0`.
 * @throws OptimizerError `OPTIMIZER_BAD_VALUE` when `momentum` is outside [0, 1].
 * @example const opt = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 */
export class SGD extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'SGD', defaultLearningRate: 0.01 };
  readonly momentum: number;
  readonly nesterov: boolean;
  private momentums: Variable[] = [];

  constructor(options: SGDOptions = {}) {
    super(options);
    const r = this.reader!;
    this.momentum = r.number('momentum', 'momentum', 0.0, { min: 0, max: 1 });
    this.nesterov = r.bool('nesterov', 'nesterov', false);
    this.finishOptions();
  }

  protected buildSlots(): void {
    if (this.momentum !== 0) this.momentums = this.addSlots(['momentum'])[0]!;
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const len = w.length;
    if (this.momentum === 0) {
      for (let j = 0; j < len; j++) w[j] = w[j]! - f32(g[j]! * lr);
      return;
    }
    const mom = f32(this.momentum);
    const m = this.momentums[index]!.value.data;
    if (this.nesterov) {
      for (let j = 0; j < len; j++) {
        const gl = f32(g[j]! * lr);
        const mt = f32(f32(m[j]! * mom) - gl);
        m[j] = mt;
        w[j] = w[j]! + f32(f32(mt * mom) - gl);
      }
    } else {
      for (let j = 0; j < len; j++) {
        const mt = f32(f32(m[j]! * mom) - f32(g[j]! * lr));
        m[j] = mt;
        w[j] = w[j]! + mt;
      }
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}
