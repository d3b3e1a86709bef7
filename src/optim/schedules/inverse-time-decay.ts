/**
 * `keras.optimizers.schedules.InverseTimeDecay`:
 * `initial_learning_rate / (1 + decay_rate * step / decay_steps)`, with
 * `step / decay_steps` floored when `staircase`.
 *
 * With `decaySteps = 1` this is exactly the time-based decay Keras 1 and 2
 * applied for an optimizer's `decay` argument (`lr / (1 + decay * iterations)`),
 * which is how legacy configs are read (see `getOptimizer`).
 */
import { OptionReader } from '../options.js';
import { f32 } from '../f32.js';
import { LearningRateSchedule } from './schedule.js';

/** Options of {@link InverseTimeDecay}; configs use Keras's snake_case keys. */
export interface InverseTimeDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps per decay unit; must be > 0. */
  decaySteps: number;
  /** Decay per unit. */
  decayRate: number;
  /** Floor `step / decaySteps`. Default false. */
  staircase?: boolean;
  /** Default `InverseTimeDecay`. */
  name?: string;
}

/**
 * Inverse-time decay of the learning rate.
 * @throws OptimizerError (`OPTIMIZER_BAD_VALUE`) when `decaySteps <= 0` or a value is not a number.
 */
export class InverseTimeDecay extends LearningRateSchedule {
  readonly className = 'InverseTimeDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(options: InverseTimeDecayOptions) {
    super();
    const r = OptionReader.of(options);
    this.initialLearningRate = r.requiredNumber('initial_learning_rate', 'initialLearningRate');
    this.decaySteps = r.requiredNumber('decay_steps', 'decaySteps', { above: 0 });
    this.decayRate = r.requiredNumber('decay_rate', 'decayRate');
    this.staircase = r.bool('staircase', 'staircase', false);
    this.name = r.optionalString('name', 'name') ?? 'InverseTimeDecay';
    r.finish();
  }

  /** The learning rate at `step` (float32). */
  call(step: number): number {
    this.evaluate(step);
    return this.rate;
  }

  override evaluate(step: number): void {
    let p = f32(f32(step) / f32(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    const denom = f32(1 + f32(f32(this.decayRate) * p));
    this.rate = f32(f32(this.initialLearningRate) / denom);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      decay_rate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }
}
