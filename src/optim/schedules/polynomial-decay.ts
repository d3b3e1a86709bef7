/**
 * `keras.optimizers.schedules.PolynomialDecay`: from `initial_learning_rate`
 * down to `end_learning_rate` over `decay_steps` along `(1 - t)^power`;
 * with `cycle`, the horizon grows to the next multiple of `decay_steps`.
 */
import { OptionReader } from '../options.js';
import { f32 } from '../f32.js';
import { LearningRateSchedule } from './schedule.js';

/** Options of {@link PolynomialDecay}; configs use Keras's snake_case keys. */
export interface PolynomialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps to reach the end rate; must be > 0. */
  decaySteps: number;
  /** Default 0.0001. */
  endLearningRate?: number;
  /** Default 1. */
  power?: number;
  /** Default false. */
  cycle?: boolean;
  /** Default `PolynomialDecay`. */
  name?: string;
}

/**
 * Polynomial decay of the learning rate.
 * @throws OptimizerError (`OPTIMIZER_BAD_VALUE`) when `decaySteps <= 0`.
 */
export class PolynomialDecay extends LearningRateSchedule {
  readonly className = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  readonly name: string;

  constructor(options: PolynomialDecayOptions) {
    super();
    const r = OptionReader.of(options);
    this.initialLearningRate = r.requiredNumber('initial_learning_rate', 'initialLearningRate');
    this.decaySteps = r.requiredNumber('decay_steps', 'decaySteps', { above: 0 });
    this.endLearningRate = r.number('end_learning_rate', 'endLearningRate', 0.0001);
    this.power = r.number('power', 'power', 1.0);
    this.cycle = r.bool('cycle', 'cycle', false);
    this.name = r.optionalString('name', 'name') ?? 'PolynomialDecay';
    r.finish();
  }

  /** The learning rate at `step` (float32). */
  call(step: number): number {
    this.evaluate(step);
    return this.rate;
  }

  override evaluate(step: number): void {
    const init = f32(this.initialLearningRate);
    const end = f32(this.endLearningRate);
    let s = f32(step);
    let ds = f32(this.decaySteps);
    if (this.cycle) {
      const multiplier = s === 0 ? 1 : Math.ceil(f32(s / f32(this.decaySteps)));
      ds = f32(ds * multiplier);
    } else {
      s = Math.min(s, ds);
    }
    const p = f32(s / ds);
    this.rate = f32(f32(f32(init - end) * f32(Math.pow(f32(1 - p), f32(this.power)))) + end);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      end_learning_rate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }
}
