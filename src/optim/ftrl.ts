/**
 * `keras.optimizers.Ftrl` (Follow The Regularized Leader), with Keras 3's
 * update math; p = -learning_rate_power (0.5 by default):
 *
 *     l2 = l2_regularization_strength + beta / (2 * lr)
 *     g' = g + 2 * l2_shrinkage_regularization_strength * w
 *     n' = n + g^2
 *     z += g' - (n'^p - n^p) / lr * w
 *     q = n'^p / lr + 2 * l2
 *     w = (clip(z, -l1, l1) - z) / q
 *     n = n'
 *
 * Slots, interleaved per variable: `accumulator` (starting at
 * `initial_accumulator_value`), `linear`.
 */
import type { Variable } from '../tensor/index.js';
import { f32 } from './f32.js';
import { Optimizer, type BaseSettings, type OptimizerOptions } from './optimizer.js';

/** Options of {@link Ftrl}. */
export interface FtrlOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** <= 0. Default -0.5. */
  learningRatePower?: number;
  /** >= 0. Default 0.1. */
  initialAccumulatorValue?: number;
  /** L1 strength, >= 0. Default 0. */
  l1RegularizationStrength?: number;
  /** L2 strength, >= 0. Default 0. */
  l2RegularizationStrength?: number;
  /** L2 shrinkage strength (on the gradient), >= 0. Default 0. */
  l2ShrinkageRegularizationStrength?: number;
  /** Default 0. */
  beta?: number;
}

/**
 * FTRL-proximal, as Keras 3's `Ftrl`.
 * @throws OptimizerError `OPTIMIZER_BAD_VALUE` for a positive learning-rate power or a negative strength or accumulator.
 * @example const opt = new Ftrl({ learningRate: 0.1, l1RegularizationStrength: 0.01 });
 */
export class Ftrl extends Optimizer {
  static override readonly settings: BaseSettings = { className: 'Ftrl', defaultLearningRate: 0.001 };
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;
  private accumulators: Variable[] = [];
  private linears: Variable[] = [];

  constructor(options: FtrlOptions = {}) {
    super(options);
    const r = this.reader!;
    this.learningRatePower = r.number('learning_rate_power', 'learningRatePower', -0.5, { max: 0 });
    this.initialAccumulatorValue = r.number('initial_accumulator_value', 'initialAccumulatorValue', 0.1, { min: 0 });
    this.l1RegularizationStrength = r.number('l1_regularization_strength', 'l1RegularizationStrength', 0.0, { min: 0 });
    this.l2RegularizationStrength = r.number('l2_regularization_strength', 'l2RegularizationStrength', 0.0, { min: 0 });
    this.l2ShrinkageRegularizationStrength = r.number(
      'l2_shrinkage_regularization_strength', 'l2ShrinkageRegularizationStrength', 0.0, { min: 0 });
    this.beta = r.number('beta', 'beta', 0.0);
    this.finishOptions();
  }

  protected buildSlots(): void {
    [this.accumulators, this.linears] =
      this.addSlots(['accumulator', 'linear'], [this.initialAccumulatorValue, 0]) as [Variable[], Variable[]];
  }

  protected updateStep(index: number, w: Float32Array, g: Float32Array): void {
    const lr = this.stepLearningRate;
    const n = this.accumulators[index]!.value.data;
    const z = this.linears[index]!.value.data;
    const p = f32(-this.learningRatePower);
    const sqrtPower = p === 0.5;
    const l1 = f32(this.l1RegularizationStrength);
    const l2 = f32(f32(this.l2RegularizationStrength) + f32(f32(this.beta) / f32(2 * lr)));
    const twoL2 = f32(2 * l2);
    const shrink = f32(2 * this.l2ShrinkageRegularizationStrength);
    for (let j = 0, len = w.length; j < len; j++) {
      const gj = g[j]!;
      const wj = w[j]!;
      const nj = n[j]!;
      const gUse = f32(gj + f32(shrink * wj));
      const nNew = f32(nj + f32(gj * gj));
      const powNew = f32(sqrtPower ? Math.sqrt(nNew) : Math.pow(nNew, p));
      const powOld = f32(sqrtPower ? Math.sqrt(nj) : Math.pow(nj, p));
      const zt = f32(z[j]! + f32(gUse - f32(f32(f32(powNew - powOld) / lr) * wj)));
      z[j] = zt;
      const q = f32(f32(powNew / lr) + twoL2);
      const clipped = zt < -l1 ? -l1 : zt > l1 ? l1 : zt;
      w[j] = f32(f32(clipped - zt) / q);
      n[j] = nNew;
    }
  }

  protected ownConfig(): Record<string, unknown> {
    return {
      learning_rate_power: this.learningRatePower,
      initial_accumulator_value: this.initialAccumulatorValue,
      l1_regularization_strength: this.l1RegularizationStrength,
      l2_regularization_strength: this.l2RegularizationStrength,
      l2_shrinkage_regularization_strength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
