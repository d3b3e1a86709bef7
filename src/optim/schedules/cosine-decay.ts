/**
 * `keras.optimizers.schedules.CosineDecay`, with Keras 3's optional linear
 * warmup: from `initial_learning_rate` to `warmup_target` over
 * `warmup_steps`, then a cosine from the warmup target (or the initial rate
 * when there is no warmup) down to `alpha` times it over `decay_steps`.
 */
import { OptionReader } from '../options.js';
import { f32 } from '../f32.js';
import { LearningRateSchedule } from './schedule.js';

/** Options of {@link CosineDecay}; configs use Keras's snake_case keys. */
export interface CosineDecayOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Steps of the cosine; must be > 0. */
  decaySteps: number;
  /** The floor, as a fraction of the peak rate. Default 0. */
  alpha?: number;
  /** Default `CosineDecay`. */
  name?: string;
  /** The rate reached after warmup; null (default) means no warmup. */
  warmupTarget?: number | null;
  /** Warmup length in steps. Default 0. */
  warmupSteps?: number;
}

const PI32 = f32(Math.PI);

/**
 * Cosine decay of the learning rate, with optional linear warmup.
 * @throws OptimizerError (`OPTIMIZER_BAD_VALUE`) when `decaySteps <= 0`.
 */
export class CosineDecay extends LearningRateSchedule {
  readonly className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly name: string;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;

  constructor(options: CosineDecayOptions) {
    super();
    const r = OptionReader.of(options);
    this.initialLearningRate = r.requiredNumber('initial_learning_rate', 'initialLearningRate');
    this.decaySteps = r.requiredNumber('decay_steps', 'decaySteps', { above: 0 });
    this.alpha = r.number('alpha', 'alpha', 0.0);
    this.name = r.optionalString('name', 'name') ?? 'CosineDecay';
    this.warmupTarget = r.optionalNumber('warmup_target', 'warmupTarget');
    this.warmupSteps = r.number('warmup_steps', 'warmupSteps', 0, { min: 0 });
    r.finish();
  }

  /** The learning rate at `step` (float32). */
  call(step: number): number {
    this.evaluate(step);
    return this.rate;
  }

  override evaluate(step: number): void {
    const init = f32(this.initialLearningRate);
    const ds = f32(this.decaySteps);
    let s = f32(step);
    let from = init;
    if (this.warmupTarget === null) {
      s = Math.min(s, ds);
    } else {
      const target = f32(this.warmupTarget);
      const ws = f32(this.warmupSteps);
      s = Math.min(s, f32(ds + ws));
      if (s < ws) {
        const warm = f32(s / ws);
        this.rate = f32(f32(f32(target - init) * warm) + init);
        return;
      }
      s = f32(s - ws);
      from = target;
    }
    // The decay, written inline (a helper returning a float could box it).
    const completed = f32(s / ds);
    const cosine = f32(0.5 * f32(1 + f32(Math.cos(f32(PI32 * completed)))));
    const decayed = f32(f32(f32(1 - this.alpha) * cosine) + f32(this.alpha));
    this.rate = f32(from * decayed);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      decay_steps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmup_target: this.warmupTarget,
      warmup_steps: this.warmupSteps,
    };
  }
}
