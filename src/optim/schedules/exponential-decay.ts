/**
 * `keras.optimizers.schedules.ExponentialDecay`:
 * `initial_learning_rate * decay_rate ^ (step / decay_steps)`, with the
 * exponent floored when `staircase`.
 */
import { OptionReader } from '../options.js';
import { f32 } from '../f32.js';
import { LearningRateSchedule } from './schedule.js';

/** Options of {@link ExponentialDecay}; configs use Keras's snake_case keys. */
export interface ExponentialDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps per decay period; must be > 0. */
  decaySteps: number;
  /** Factor applied per period. */
  decayRate: number;
  /** Floor `step / decaySteps`. Default false. */
  staircase?: boolean;
  /** Default `ExponentialDecay`. */
  name?: string;
}

/**
 * Exponential decay of the learning rate.
 * @throws OptimizerError (`OPTIMIZER_BAD_VALUE`) when `decaySteps <= 0` or a value is not a number.
 * @example new Adam({ learningRate: new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.96 }) })
 */
export class ExponentialDecay extends LearningRateSchedule {
  readonly className = 'ExponentialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  readonly name: string;

  constructor(options: ExponentialDecayOptions) {
    super();
    const r = OptionReader.of(options);
    this.initialLearningRate = r.requiredNumber('initial_learning_rate', 'initialLearningRate');
    this.decaySteps = r.requiredNumber('decay_steps', 'decaySteps', { above: 0 });
    this.decayRate = r.requiredNumber('decay_rate', 'decayRate');
    this.staircase = r.bool('staircase', 'staircase', false);
    this.name = r.optionalString('name', 'name') ?? 'ExponentialDecay';
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
    this.rate = f32(f32(this.initialLearningRate) * f32(Math.pow(f32(this.decayRate), p)));
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
