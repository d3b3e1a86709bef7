/**
 * `keras.optimizers.AdamW`: Adam with decoupled weight decay, which Keras 3
 * applies in the base optimizer (`w -= w * weight_decay * lr` before the
 * Adam step). Same slots and config keys as Adam; `weight_decay` defaults
 * to 0.004 and may not be null.
 */
import { Adam, type AdamOptions } from './adam.js';
import type { BaseSettings } from './optimizer.js';

/** Options of {@link AdamW}. */
export interface AdamWOptions extends AdamOptions {
  /** Default 0.004; must be a number. */
  weightDecay?: number;
}

/**
 * AdamW, as Keras 3's `AdamW`.
 * @throws OptimizerError `OPTIMIZER_BAD_VALUE` (at `weightDecay` / `weight_decay`) when the weight decay is null.
 * @example const opt = new AdamW({ learningRate: 0.001, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  static override readonly settings: BaseSettings = {
    className: 'AdamW', defaultLearningRate: 0.001, defaultWeightDecay: 0.004, requiresWeightDecay: true,
  };

  constructor(options: AdamWOptions = {}) {
    super(options);
  }
}
