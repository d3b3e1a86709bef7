/**
 * `keras.optimizers.Adagrad`, with Keras 3's update math (accumulators start
 * at `initial_accumulator_value`, epsilon inside the square root):
 *
 *     acc += g^2
 *     w -= lr * g / sqrt(acc + epsilon)
 *
 * Slot: `accumulator` per variable.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Starting value of the accumulators. Default 0.1. */
  initialAccumulatorValue?: number;
  /** Default 1e-7. */
  epsilon?: number;
}

/**
 * Adagrad, as Keras 3's `Adagrad`.
 * @example const opt = new Adagrad({ learningRate: 0.01 });
 */
export class Adagrad extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Adagrad', defaultLearningRate: 0.001 };
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  private accumulators: Variable[] = [];

  constructor(options: AdagradOptions = {}) {
    super(options);
    const r = this.reader!;
    this.initialAccumulatorValue = r.number('initial_accumulator_value', 'initialAccumulatorValue', 0.1);
    this.epsilon = r.optionalNumber('epsilon', 'epsilon') ?? 1e-7;
    this.finishOptions();
  }

  protected buildSlots(): void {
    this.accumulators = this.addSlots(['accumulator'], [this.initialAccumulatorValue])[0]!;
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const acc = this.accumulators[index]!.value.data;
    const eps = f32(this.epsilon);
    for (let j = 0, len = w.length; j < len; j++) {
      const gj = g[j]!;
      const at = f32(acc[j]! + f32(gj * gj));
      acc[j] = at;
      w[j] = w[j]! - f32(f32(lr * gj) / f32(Math.sqrt(f32(at + eps))));
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return { initial_accumulator_value: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
