/**
 * `keras.optimizers.schedules.CosineDecayRestarts` (SGDR): cosine decay
 * that restarts after `first_decay_steps`, each period `t_mul` times longer
 * and `m_mul` times lower than the one before.
 */
import { OptionReader } from '../options.js';
import { f32 } from '../f32.js';
import { LearningRateSchedule } from './schedule.js';

/** Options of {@link CosineDecayRestarts}; configs use Keras's snake_case keys. */
export interface CosineDecayRestartsOptions {
  /** The rate at step 0. */
  initialLearningRate: number;
  /** Length of the first period; must be > 0. */
  firstDecaySteps: number;
  /** Period growth factor. Default 2. */
  tMul?: number;
  /** Peak decay factor per restart. Default 1. */
  mMul?: number;
  /** The floor, as a fraction of the peak. Default 0. */
  alpha?: number;
  /** Default `SGDRDecay` (Keras's default). */
  name?: string;
}

const PI32 = f32(Math.PI);

/**
 * Cosine decay with warm restarts.
 * @throws OptimizerError (`OPTIMIZER_BAD_VALUE`) when `firstDecaySteps <= 0`.
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  readonly className = 'CosineDecayRestarts';
  readonly initialLearningRate: number;
  readonly firstDecaySteps: number;
  readonly tMul: number;
  readonly mMul: number;
  readonly alpha: number;
  readonly name: string;

  constructor(options: CosineDecayRestartsOptions) {
    super();
    const r = OptionReader.of(options);
    this.initialLearningRate = r.requiredNumber('initial_learning_rate', 'initialLearningRate');
    this.firstDecaySteps = r.requiredNumber('first_decay_steps', 'firstDecaySteps', { above: 0 });
    this.tMul = r.number('t_mul', 'tMul', 2.0);
    this.mMul = r.number('m_mul', 'mMul', 1.0);
    this.alpha = r.number('alpha', 'alpha', 0.0);
    this.name = r.optionalString('name', 'name') ?? 'SGDRDecay';
    r.finish();
  }

  /** The learning rate at `step` (float32). */
  call(step: number): number {
    this.evaluate(step);
    return this.rate;
  }

  override evaluate(step: number): void {
    const tMul = f32(this.tMul);
    const alpha = f32(this.alpha);
    let completed = f32(f32(step) / f32(this.firstDecaySteps));
    let restart: number;
    if (tMul === 1) {
      restart = Math.floor(completed);
      completed = f32(completed - restart);
    } else {
      restart = Math.floor(f32(f32(Math.log(f32(1 - f32(completed * f32(1 - tMul))))) / f32(Math.log(tMul))));
      const sumR = f32(f32(1 - f32(Math.pow(tMul, restart))) / f32(1 - tMul));
      completed = f32(f32(completed - sumR) / f32(Math.pow(tMul, restart)));
    }
    const mFac = f32(Math.pow(f32(this.mMul), restart));
    const cosine = f32(f32(0.5 * mFac) * f32(1 + f32(Math.cos(f32(PI32 * completed)))));
    const decayed = f32(f32(f32(1 - alpha) * cosine) + alpha);
    this.rate = f32(f32(this.initialLearningRate) * decayed);
  }

  getConfig(): Record<string, unknown> {
    return {
      initial_learning_rate: this.initialLearningRate,
      first_decay_steps: this.firstDecaySteps,
      t_mul: this.tMul,
      m_mul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }
}
