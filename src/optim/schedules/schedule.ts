/**
 * The learning-rate schedule base: a function of the optimizer's iteration
 * count, evaluated in float32 as Keras 3 evaluates it (each Keras op's
 * result rounded to float32), so the learning rate an optimizer applies at
 * step k is the one Keras applies.
 *
 * Keras calls the schedule with `optimizer.iterations` before it is
 * incremented: the first update uses `call(0)`.
 */
export abstract class LearningRateSchedule {
  /** The Keras class name written in configs, e.g. `ExponentialDecay`. */
  abstract readonly className: string;

  /**
   * The rate the last {@link evaluate} computed (float32); NaN before the
   * first.
   */
  rate = Number.NaN;

  /**
   * The learning rate at `step` (a whole number of applied updates), as a
   * float32 value.
   */
  abstract call(step: number): number;

  /**
   * Computes the learning rate at `step` into {@link rate}. Optimizers call
   * this rather than `call`: a float returned from a call V8 does not inline
   * is boxed, and a training step should allocate nothing. The built-in
   * schedules compute here (and `call` reads `rate`); a custom schedule may
   * implement `call` alone, which this default then uses.
   */
  evaluate(step: number): void {
    this.rate = this.call(step);
  }

  /** The Keras config: the snake_case keys and values `get_config()` returns. */
  abstract getConfig(): Record<string, unknown>;
}
