/**
 * `keras.optimizers.schedules.PiecewiseConstantDecay`: `values[0]` while
 * `step <= boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step <= boundaries[i]`, `values[n]` after the last
 * boundary. Keras compares against the integer step, so fractional
 * boundaries are truncated toward zero, as Keras's cast does.
 */
import { OptionReader } from '../options.js';
import { f32 } from '../f32.js';
import { LearningRateSchedule } from './schedule.js';

/** Options of {@link PiecewiseConstantDecay}; configs use Keras's snake_case keys. */
export interface PiecewiseConstantDecayOptions {
  /** Step boundaries, increasing. */
  boundaries: number[];
  /** One more value than boundaries. */
  values: number[];
  /** Default `PiecewiseConstant` (Keras's default). */
  name?: string;
}

/**
 * A piecewise-constant learning rate.
 * @throws OptimizerError (`OPTIMIZER_BAD_VALUE`) when `values.length !== boundaries.length + 1`.
 * @example new PiecewiseConstantDecay({ boundaries: [100, 200], values: [0.1, 0.01, 0.001] })
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  readonly className = 'PiecewiseConstantDecay';
  readonly boundaries: readonly number[];
  readonly values: readonly number[];
  readonly name: string;
  private readonly intBoundaries: Int32Array;
  private readonly f32Values: Float32Array;

  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    const r = OptionReader.of(options);
    this.boundaries = r.numberArray('boundaries', 'boundaries');
    this.values = r.numberArray('values', 'values');
    if (this.boundaries.length !== this.values.length - 1) {
      r.fail('values', 'values',
        `must hold one more value than boundaries: got ${this.boundaries.length} boundaries and ${this.values.length} values`);
    }
    if (this.boundaries.length === 0) r.fail('boundaries', 'boundaries', 'must hold at least one boundary');
    this.name = r.optionalString('name', 'name') ?? 'PiecewiseConstant';
    r.finish();
    this.intBoundaries = Int32Array.from(this.boundaries, (b) => Math.trunc(b));
    this.f32Values = Float32Array.from(this.values);
  }

  /** The learning rate at `step` (float32). */
  call(step: number): number {
    this.evaluate(step);
    return this.rate;
  }

  override evaluate(step: number): void {
    // Keras sums indicator * value over the ranges; replayed literally so
    // that even non-increasing boundaries give Keras's number.
    const b = this.intBoundaries;
    const v = this.f32Values;
    const last = b.length - 1;
    let result = 0;
    if (step <= b[0]!) result = f32(result + v[0]!);
    if (step > b[last]!) result = f32(result + v[last + 1]!);
    for (let i = 0; i < last; i++) {
      if (step > b[i]! && step <= b[i + 1]!) result = f32(result + v[i + 1]!);
    }
    this.rate = result;
  }

  getConfig(): Record<string, unknown> {
    return { boundaries: this.boundaries.slice(), values: this.values.slice(), name: this.name };
  }
}
