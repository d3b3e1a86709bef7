/**
 * The optimizer base, as Keras 3's `BaseOptimizer` (JAX backend) runs it.
 *
 * One `applyGradients` call does, in Keras's order:
 *  1. builds the slots on first use (EMA averages, gradient accumulators,
 *     then the subclass's slots, each group interleaved per variable);
 *  2. divides gradients by `loss_scale_factor`;
 *  3. with `gradient_accumulation_steps`: adds into the accumulators and
 *     stops, except every k-th call, which uses `(g + acc) / k`;
 *  4. clips (`clipnorm` per tensor, else `global_clipnorm`, else `clipvalue`);
 *  5. applies weight decay `w -= w * weight_decay * lr` (except excluded variables);
 *  6. runs the subclass's update step for each variable with the learning
 *     rate evaluated once, at the iteration count before this step;
 *  7. updates EMA averages (and overwrites the weights every
 *     `ema_overwrite_frequency` steps);
 *  8. increments `iteration`.
 *
 * Buffers are allocated when the optimizer is built; later calls for the
 * same variables allocate nothing.
 */
import { Tensor, Variable } from '../tensor/index.js';
import { OptimizerError } from './errors.js';
import { f32 } from './f32.js';
import { autoName } from './naming.js';
import { OptionReader, READER, describe } from './options.js';
import { getLearningRateSchedule, serializeLearningRateSchedule } from './schedules/registry.js';
import { InverseTimeDecay } from './schedules/inverse-time-decay.js';
import { LearningRateSchedule } from './schedules/schedule.js';

/** Options every optimizer takes (Keras's base optimizer arguments, in camelCase). */
export interface OptimizerOptions {
  /** A float, or a {@link LearningRateSchedule}. Default: the optimizer's Keras default. */
  learningRate?: number | LearningRateSchedule;
  /** Decoupled weight decay `w -= w * weightDecay * lr` before each update. Default null (off; AdamW: 0.004). */
  weightDecay?: number | null;
  /** Clip each gradient tensor to this L2 norm. Default null. */
  clipnorm?: number | null;
  /** Clip each gradient element to [-clipvalue, clipvalue] (`Infinity`: no clipping, as Keras). Default null. */
  clipvalue?: number | null;
  /** Clip all gradients together to this global L2 norm. Default null. */
  globalClipnorm?: number | null;
  /** Keep an exponential moving average of the weights. Default false. */
  useEma?: boolean;
  /** EMA momentum in [0, 1]. Default 0.99. */
  emaMomentum?: number;
  /** Overwrite the weights with their EMA every this many steps; null = only in `finalizeVariableValues`. Default null. */
  emaOverwriteFrequency?: number | null;
  /** Gradients are divided by this before use (mixed-precision loss scaling). Default null. */
  lossScaleFactor?: number | null;
  /** Accumulate gradients and update every this many calls (>= 2) with their mean. Default null. */
  gradientAccumulationSteps?: number | null;
  /** The optimizer's name; default Keras's automatic name (`adam`, `adam_1`, …). */
  name?: string;
}

/** Extra behaviour a subclass asks of the base constructor. */
export interface BaseSettings {
  /** The Keras class name, e.g. `Adam`. */
  className: string;
  /** Keras's default learning rate for the class. */
  defaultLearningRate: number;
  /** Keras's default weight decay for the class (AdamW: 0.004). */
  defaultWeightDecay?: number | null;
  /**
   * In a legacy (Keras 1/2) config, `decay` is the momentum schedule decay
   * (tf.keras's Nadam), not a learning-rate decay.
   */
  decayIsScheduleDecay?: boolean;
  /** `weight_decay` may not be null (AdamW). */
  requiresWeightDecay?: boolean;
}

/** What `excludeFromWeightDecay` takes. */
export interface WeightDecayExclusions {
  /** Variables to exclude. */
  varList?: readonly Variable[];
  /** Name fragments: a variable whose `name` contains any of them is excluded (Keras matches a regex). */
  varNames?: readonly string[];
}

/**
 * Base class of every optimizer. See the file header for the step order.
 *
 * Subclasses declare `static settings` (Keras class name and defaults),
 * read their own options from `this.reader` and call `finishOptions()`,
 * declare their slots in `buildSlots` (via `addSlots`), may precompute
 * per-step scalars in `beginStep`, and update one variable in `updateStep`,
 * a single pass over typed arrays. The step's learning rate and Keras's
 * `local_step` are read from `this.stepLearningRate` and `this.localStep`
 * rather than passed: V8 boxes a float passed to a call it does not inline
 * (the base class calls every subclass), and a step should allocate nothing.
 * @example
 * class SignSGD extends Optimizer {
 *   static override readonly settings = { className: 'SignSGD', defaultLearningRate: 0.01 };
 *   constructor(options: OptimizerOptions = {}) { super(options); this.finishOptions(); }
 *   protected buildSlots(): void {}
 *   protected updateStep(_i: number, w: Float32Array, g: Float32Array): void {
 *     const lr = this.stepLearningRate;
 *     for (let j = 0; j < w.length; j++) w[j] -= lr * Math.sign(g[j]);
 *   }
 *   protected ownConfig() { return {}; }
 * }
 */
export abstract class Optimizer {
  /** The Keras class name (`Adam`, `SGD`, `RMSprop`, …). */
  readonly className: string;
  /** The Keras name: the given one, or `adam`, `adam_1`, … as Keras gives them. */
  readonly name: string;
  /** Decoupled weight decay, or null. */
  readonly weightDecay: number | null;
  /** Per-tensor norm clipping, or null. */
  readonly clipnorm: number | null;
  /** Element clipping, or null. */
  readonly clipvalue: number | null;
  /** Global norm clipping, or null. */
  readonly globalClipnorm: number | null;
  /** Whether an EMA of the weights is kept. */
  readonly useEma: boolean;
  /** EMA momentum. */
  readonly emaMomentum: number;
  /** EMA overwrite period, or null. */
  readonly emaOverwriteFrequency: number | null;
  /** Loss scale divided out of the gradients, or null. */
  readonly lossScaleFactor: number | null;
  /** Gradient accumulation period, or null. */
  readonly gradientAccumulationSteps: number | null;
  /**
   * The `decay` of a legacy (Keras 1/2) config when it is not a learning-rate
   * decay (Nadam's momentum schedule decay), else null.
   */
  protected readonly legacyDecay: number | null;

  private readonly schedule: LearningRateSchedule | null;
  private readonly iterationVar: Variable;
  /**
   * The update in progress: [learning rate, local step]. A typed array
   * because the base class's stores see every subclass (megamorphic), and
   * V8 boxes a float stored into a property through a megamorphic site.
   */
  private readonly stepScalars = new Float64Array(2);
  private readonly learningRateVar: Variable | null;
  private readonly allVariables: Variable[] = [];
  private appliedCount = 0;

  private isBuilt = false;
  private trainable: Variable[] = [];
  private indexOf = new Map<Variable, number>();
  private emaAverages: Variable[] = [];
  private gradientAccumulators: Variable[] = [];
  private useWeightDecay: boolean[] = [];
  private excludedVars = new Set<Variable>();
  private excludedNames: RegExp | null = null;
  // Per-call work lists, sized at build time and reused.
  private activeIndex = new Int32Array(0);
  private activeGrad: Float32Array[] = [];
  private scratch: (Float32Array | null)[] = [];

  /**
   * Each concrete class declares its Keras class name and defaults here; the
   * base constructor reads them from the class being constructed.
   */
  static readonly settings: BaseSettings | null = null;

  /**
   * Keras's `from_config`: an optimizer of this class from its snake_case
   * config (legacy spellings accepted as in `getOptimizer`).
   * @throws OptimizerError `OPTIMIZER_UNKNOWN_KEY` / `OPTIMIZER_BAD_VALUE` located at `config.<key>`.
   * @example const opt = Adam.fromConfig({ learning_rate: 0.01, amsgrad: true });
   */
  static fromConfig<T extends Optimizer>(this: new (options?: never) => T, config: Record<string, unknown>): T {
    return new this({ [READER]: new OptionReader(config, 'snake', 'config') } as never);
  }

  protected constructor(options: OptimizerOptions | undefined) {
    const settings = (new.target as unknown as { settings: BaseSettings | null }).settings;
    if (!settings) throw new TypeError(`${new.target.name} must declare static settings (its Keras class name and defaults)`);
    const r: OptionReader = OptionReader.of(options);
    this.className = settings.className;
    const given = r.optionalString('name', 'name');
    this.name = given ?? autoName(settings.className);

    // Learning rate: a number, a schedule instance, or (in configs) a serialized schedule.
    let lr: number | LearningRateSchedule = settings.defaultLearningRate;
    let lrKey: [string, string] = ['learning_rate', 'learningRate'];
    if (r.naming === 'snake' && r.has('lr', 'lr')) lrKey = ['lr', 'lr'];
    const rawLr = r.raw(lrKey[0], lrKey[1]);
    if (rawLr instanceof LearningRateSchedule) {
      lr = rawLr;
    } else if (rawLr !== null && typeof rawLr === 'object' && r.naming === 'snake') {
      lr = getLearningRateSchedule(rawLr, r.pathOf(lrKey[0]));
    } else if (rawLr !== undefined) {
      lr = r.number(lrKey[0], lrKey[1], settings.defaultLearningRate, { float32: true });
    }
    if (r.naming === 'snake' && r.has('learning_rate', 'learningRate') && lrKey[0] === 'lr') {
      // Both spelled: tf.keras let `lr` win; we refuse the ambiguity.
      r.fail('learning_rate', 'learningRate', 'both "lr" and "learning_rate" are given');
    }

    // Legacy `decay` (Keras 1/2, tf.keras): a learning-rate time decay, or Nadam's schedule decay.
    let legacyDecay: number | null = null;
    if (r.naming === 'snake') {
      const decay = r.optionalNumber('decay', 'decay', { min: 0 });
      if (settings.decayIsScheduleDecay) {
        legacyDecay = decay;
      } else if (decay !== null && decay > 0) {
        if (typeof lr !== 'number') {
          r.fail('decay', 'decay', 'a legacy decay together with a learning-rate schedule is not supported', 'OPTIMIZER_UNSUPPORTED');
        }
        // Keras 1/2: lr / (1 + decay * iterations), iterations before the update.
        lr = new InverseTimeDecay({ initialLearningRate: lr, decaySteps: 1, decayRate: decay });
      }
      // tf.keras 2.11+ bookkeeping keys with no effect on the math.
      r.ignore('jit_compile', 'is_legacy_optimizer');
    }
    this.legacyDecay = legacyDecay;

    this.weightDecay = r.has('weight_decay', 'weightDecay')
      ? r.optionalNumber('weight_decay', 'weightDecay')
      : settings.defaultWeightDecay ?? null;
    if (settings.requiresWeightDecay && this.weightDecay === null) {
      r.fail('weight_decay', 'weightDecay', `${settings.className} needs a weight decay number, got null`);
    }
    this.clipnorm = r.optionalNumber('clipnorm', 'clipnorm');
    this.clipvalue = r.optionalNumber('clipvalue', 'clipvalue', { infinity: true });
    this.globalClipnorm = r.optionalNumber('global_clipnorm', 'globalClipnorm');
    const clips = (this.clipnorm !== null ? 1 : 0) + (this.clipvalue !== null ? 1 : 0) + (this.globalClipnorm !== null ? 1 : 0);
    if (clips > 1) {
      const key = this.globalClipnorm !== null ? ['global_clipnorm', 'globalClipnorm'] : ['clipvalue', 'clipvalue'];
      r.fail(key[0]!, key[1]!, 'only one of clipnorm, clipvalue and global_clipnorm can be set');
    }
    this.useEma = r.bool('use_ema', 'useEma', false);
    this.emaMomentum = r.number('ema_momentum', 'emaMomentum', 0.99, this.useEma ? { min: 0, max: 1 } : {});
    this.emaOverwriteFrequency = r.optionalNumber('ema_overwrite_frequency', 'emaOverwriteFrequency',
      this.useEma ? { integer: true, min: 1 } : {});
    this.lossScaleFactor = r.optionalNumber('loss_scale_factor', 'lossScaleFactor');
    if (this.lossScaleFactor === 0) r.fail('loss_scale_factor', 'lossScaleFactor', 'must not be 0');
    const accum = r.optionalNumber('gradient_accumulation_steps', 'gradientAccumulationSteps', { integer: true });
    if (accum !== null && accum !== 0 && accum < 2) {
      r.fail('gradient_accumulation_steps', 'gradientAccumulationSteps', `must be an integer >= 2, got ${accum}`);
    }
    this.gradientAccumulationSteps = accum === 0 ? null : accum;

    this.iterationVar = new Variable(new Tensor(new Float32Array(1), []), 'iteration', { path: `${this.name}/iteration`, trainable: false });
    this.allVariables.push(this.iterationVar);
    if (lr instanceof LearningRateSchedule) {
      this.schedule = lr;
      this.learningRateVar = null;
    } else {
      this.schedule = null;
      this.learningRateVar = new Variable(new Tensor(Float32Array.of(lr), []), 'learning_rate', { path: `${this.name}/learning_rate`, trainable: false });
      this.allVariables.push(this.learningRateVar);
    }
    this.reader = r;
  }

  /**
   * The reader of the constructor options; subclasses read their own fields
   * from it and then call `finishOptions()`. Dropped afterwards.
   */
  protected reader: OptionReader | null;

  /** Refuses unread option keys; subclasses call it at the end of their constructor. */
  protected finishOptions(): void {
    this.reader!.finish();
    this.reader = null;
  }

  // ---------------------------------------------------------------- state

  /** Whether the slots exist (after `build` or the first `applyGradients`). */
  get built(): boolean {
    return this.isBuilt;
  }

  /**
   * The number of updates applied, as Keras's `optimizer.iterations` reports
   * it (with gradient accumulation: completed accumulation cycles).
   */
  get iterations(): number {
    const it = this.currentRawIterations();
    const k = this.gradientAccumulationSteps;
    return k ? Math.floor(it / k) : it;
  }

  /**
   * The value of Keras's `iteration` variable: every `applyGradients` call,
   * including accumulation-only ones. Exact as a number; the float32
   * `iteration` variable is exact only up to 2^24. Settable (a whole number
   * >= 0) for restoring an int64 count from a file.
   * @throws OptimizerError `OPTIMIZER_BAD_VALUE` when set to anything but a whole number >= 0.
   */
  get rawIterations(): number {
    return this.currentRawIterations();
  }

  set rawIterations(count: number) {
    if (!Number.isSafeInteger(count) || count < 0) {
      throw new OptimizerError('OPTIMIZER_BAD_VALUE', 'rawIterations', `expected a whole number >= 0, got ${describe(count)}`);
    }
    this.appliedCount = count;
    this.iterationVar.value.data[0] = count;
  }

  /** The learning-rate schedule, or null when the rate is a plain value. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.schedule;
  }

  /**
   * The learning rate the next update uses (float32): the schedule evaluated
   * at the raw iteration count, or the stored value.
   */
  get learningRate(): number {
    if (this.schedule) return this.schedule.call(this.currentRawIterations());
    return this.learningRateVar!.value.data[0]!;
  }

  /** The learning rate of the update in progress (float32); for `beginStep` / `updateStep`. */
  protected get stepLearningRate(): number {
    return this.stepScalars[0]!;
  }

  /** Keras's `local_step` of the update in progress (`iterations + 1`, float32); for `beginStep` / `updateStep`. */
  protected get localStep(): number {
    return this.stepScalars[1]!;
  }

  /** Puts the learning rate of the coming update into `stepLearningRate` (returns nothing, so nothing is boxed). */
  private refreshStepLearningRate(): void {
    const s = this.schedule;
    if (s) {
      s.evaluate(this.currentRawIterations());
      this.stepScalars[0] = s.rate;
    } else {
      this.stepScalars[0] = this.learningRateVar!.value.data[0]!;
    }
  }

  /**
   * Sets the learning rate (stored as float32, as Keras's variable).
   * @throws OptimizerError `OPTIMIZER_SCHEDULE` when the optimizer was created with a schedule;
   *   `OPTIMIZER_BAD_VALUE` for a non-finite value.
   */
  set learningRate(value: number) {
    if (this.schedule) {
      throw new OptimizerError('OPTIMIZER_SCHEDULE', 'learningRate',
        'this optimizer was created with a LearningRateSchedule, so its learning rate is not settable');
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new OptimizerError('OPTIMIZER_BAD_VALUE', 'learningRate', `expected a finite number, got ${describe(value)}`);
    }
    if (!Number.isFinite(Math.fround(value))) {
      throw new OptimizerError('OPTIMIZER_BAD_VALUE', 'learningRate', `${value} overflows float32, the type Keras keeps it in`);
    }
    this.learningRateVar!.value.data[0] = value;
  }

  /**
   * Every optimizer variable in Keras 3's order: `iteration`, `learning_rate`
   * (absent with a schedule), EMA averages, gradient accumulators, then the
   * slots in the order the optimizer creates them. A copy of the list; the
   * variables themselves are live.
   */
  get variables(): Variable[] {
    return this.allVariables.slice();
  }

  /** The model variables the optimizer was built for. */
  get trainableVariables(): Variable[] {
    return this.trainable.slice();
  }

  /** The values of {@link variables}, copied. */
  getWeights(): Tensor[] {
    this.syncIterationVariable();
    return this.allVariables.map((v) => v.value.clone());
  }

  /**
   * Restores values saved by {@link getWeights} (or read from a Keras file),
   * in the same order.
   * @throws OptimizerError `OPTIMIZER_NOT_BUILT` before `build`;
   *   `OPTIMIZER_WEIGHTS_MISMATCH` when the count or a shape differs
   *   (`configPath` `setWeights.weights[i]`); `OPTIMIZER_BAD_VALUE` for a
   *   negative or fractional iteration count.
   */
  setWeights(weights: readonly Tensor[]): void {
    if (!this.isBuilt) {
      throw new OptimizerError('OPTIMIZER_NOT_BUILT', 'setWeights',
        `optimizer "${this.name}" is not built yet; call build(variables) first`);
    }
    if (!Array.isArray(weights) || weights.length !== this.allVariables.length) {
      throw new OptimizerError('OPTIMIZER_WEIGHTS_MISMATCH', 'setWeights.weights',
        `expected ${this.allVariables.length} weights (${this.allVariables.map((v) => v.name).join(', ')}), got ${Array.isArray(weights) ? weights.length : describe(weights)}`);
    }
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i];
      const v = this.allVariables[i]!;
      if (!(w instanceof Tensor)) {
        throw new OptimizerError('OPTIMIZER_WEIGHTS_MISMATCH', `setWeights.weights[${i}]`, `expected a Tensor for ${v.name}, got ${describe(w)}`);
      }
      if (!sameShape(w.shape, v.value.shape)) {
        throw new OptimizerError('OPTIMIZER_WEIGHTS_MISMATCH', `setWeights.weights[${i}]`,
          `${v.name} has shape [${v.value.shape.join(', ')}] but the weight has shape [${w.shape.join(', ')}]`);
      }
    }
    const it = weights[0]!.data[0]!;
    if (!Number.isInteger(it) || it < 0) {
      throw new OptimizerError('OPTIMIZER_BAD_VALUE', 'setWeights.weights[0]', `the iteration count must be a whole number >= 0, got ${it}`);
    }
    for (let i = 0; i < weights.length; i++) this.allVariables[i]!.value.data.set(weights[i]!.data);
    this.appliedCount = it;
  }

  /**
   * Keras 3's `get_config()`: the base keys then the class's own, snake_case,
   * in Keras's order. A schedule is serialized as Keras serializes it.
   */
  getConfig(): Record<string, unknown> {
    const config: Record<string, unknown> = {
      name: this.name,
      learning_rate: this.schedule ? serializeLearningRateSchedule(this.schedule) : this.learningRateVar!.value.data[0],
      weight_decay: this.weightDecay,
      clipnorm: this.clipnorm,
      global_clipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      use_ema: this.useEma,
      ema_momentum: this.emaMomentum,
      ema_overwrite_frequency: this.emaOverwriteFrequency,
      loss_scale_factor: this.lossScaleFactor,
      gradient_accumulation_steps: this.gradientAccumulationSteps,
    };
    return Object.assign(config, this.ownConfig());
  }

  /** The class's own config keys, in Keras's order. */
  protected abstract ownConfig(): Record<string, unknown>;

  // ---------------------------------------------------------------- build

  /**
   * Excludes variables from weight decay, by identity or by name fragment.
   * Must be called before the optimizer is built, as in Keras.
   * @throws OptimizerError `OPTIMIZER_BAD_CONFIG` after build.
   */
  excludeFromWeightDecay(exclusions: WeightDecayExclusions = {}): void {
    if (this.isBuilt) {
      throw new OptimizerError('OPTIMIZER_BAD_CONFIG', 'excludeFromWeightDecay',
        'can only be configured before the optimizer is built');
    }
    this.excludedVars = new Set(exclusions.varList ?? []);
    const names = exclusions.varNames ?? [];
    this.excludedNames = names.length > 0
      ? new RegExp([...new Set(names)].map(escapeRegExp).join('|'))
      : null;
  }

  /**
   * Creates the slot variables for `variables` (the model's trainable
   * variables, in order). Slot names follow Keras 3:
   * `${variable.path with '/' → '_'}_${slot}`, path `${optimizer name}/${slot name}`.
   * Does nothing when already built, as in Keras.
   * @throws OptimizerError `OPTIMIZER_BAD_VALUE` when an entry is not a Variable or appears twice.
   */
  build(variables: readonly Variable[]): void {
    if (this.isBuilt) return;
    if (!Array.isArray(variables)) {
      throw new OptimizerError('OPTIMIZER_BAD_VALUE', 'build.variables', `expected an array of Variables, got ${describe(variables)}`);
    }
    const index = new Map<Variable, number>();
    for (let i = 0; i < variables.length; i++) {
      const v = variables[i];
      if (!(v instanceof Variable)) {
        throw new OptimizerError('OPTIMIZER_BAD_VALUE', `build.variables[${i}]`, `expected a Variable, got ${describe(v)}`);
      }
      if (index.has(v)) {
        throw new OptimizerError('OPTIMIZER_BAD_VALUE', `build.variables[${i}]`, `variable "${v.path}" is listed twice`);
      }
      index.set(v, i);
    }
    this.trainable = variables.slice();
    this.indexOf = index;
    if (this.useEma) this.emaAverages = this.addSlots(['average'])[0]!;
    if (this.gradientAccumulationSteps) this.gradientAccumulators = this.addSlots(['gradient_accumulator'])[0]!;
    this.buildSlots(this.trainable);
    this.useWeightDecay = this.trainable.map((v) =>
      !this.excludedVars.has(v) && !(this.excludedNames !== null && this.excludedNames.test(v.name)));
    const n = this.trainable.length;
    this.activeIndex = new Int32Array(n);
    this.activeGrad = new Array<Float32Array>(n).fill(EMPTY);
    this.scratch = new Array<Float32Array | null>(n).fill(null);
    this.isBuilt = true;
  }

  /** Creates the subclass's slots with `addSlots` / `addVariable`. */
  protected abstract buildSlots(variables: readonly Variable[]): void;

  /**
   * Adds one slot per model variable for each name, interleaved per variable
   * as Keras 3's `add_optimizer_variables` does (`v0_m, v0_v, v1_m, v1_v`).
   * @param inits Initial value per name (default 0).
   * @returns One list of slot variables per name, in model-variable order.
   */
  protected addSlots(names: readonly string[], inits?: readonly number[]): Variable[][] {
    const out: Variable[][] = names.map(() => []);
    for (const v of this.trainable) {
      const prefix = v.path.replaceAll('/', '_');
      for (let k = 0; k < names.length; k++) {
        const data = new Float32Array(v.size);
        const init = inits?.[k] ?? 0;
        if (init !== 0) data.fill(init);
        const slotName = `${prefix}_${names[k]}`;
        const slot = new Variable(new Tensor(data, v.shape), slotName, { path: `${this.name}/${slotName}`, trainable: false });
        this.allVariables.push(slot);
        out[k]!.push(slot);
      }
    }
    return out;
  }

  /** Adds a standalone optimizer variable (Nadam's `u_product`). */
  protected addVariable(name: string, shape: readonly number[], init: number): Variable {
    const t = new Tensor(new Float32Array(shapeSize(shape)).fill(init), shape);
    const v = new Variable(t, name, { path: `${this.name}/${name}`, trainable: false });
    this.allVariables.push(v);
    return v;
  }

  // ---------------------------------------------------------------- update

  /**
   * Per-step scalars, computed once per update before the variable loop,
   * from `stepLearningRate` (this step's learning rate, float32) and
   * `localStep` (Keras's `iterations + 1`, in float32 as Keras casts it).
   */
  protected beginStep(): void {}

  /**
   * Updates one variable in place from its gradient: a single pass. The
   * learning rate is `stepLearningRate`.
   * @param index The variable's position in the build list (its slots' index).
   */
  protected abstract updateStep(index: number, param: Float32Array, grad: Float32Array): void;

  /**
   * Applies one step of gradients. `grads[i]` is the gradient of
   * `variables[i]` (same shape); a null gradient skips its variable, as
   * Keras does. Builds the optimizer on first use. With `variables` omitted,
   * `grads` must match the build list one-to-one.
   * @throws OptimizerError `OPTIMIZER_GRADIENT_MISMATCH` (lengths or shapes differ;
   *   `configPath` `applyGradients.grads[i]`), `OPTIMIZER_UNKNOWN_VARIABLE` (a variable
   *   the optimizer was not built with), `OPTIMIZER_NO_GRADIENTS` (all null),
   *   `OPTIMIZER_NOT_BUILT` (no variables and not built).
   * @example
   * const opt = new SGD({ learningRate: 0.1 });
   * opt.applyGradients([gradKernel, gradBias], [kernel, bias]);
   */
  applyGradients(grads: readonly (Tensor | null)[], variables?: readonly Variable[]): void {
    if (!Array.isArray(grads)) {
      throw new OptimizerError('OPTIMIZER_GRADIENT_MISMATCH', 'applyGradients.grads', `expected an array of Tensors, got ${describe(grads)}`);
    }
    if (grads.length === 0) return;
    if (variables === undefined) {
      if (!this.isBuilt) {
        throw new OptimizerError('OPTIMIZER_NOT_BUILT', 'applyGradients.variables',
          'without variables the optimizer must already be built; call build(variables) first');
      }
      if (grads.length !== this.trainable.length) {
        throw new OptimizerError('OPTIMIZER_GRADIENT_MISMATCH', 'applyGradients.grads',
          `got ${grads.length} gradients for the ${this.trainable.length} variables the optimizer was built with`);
      }
      variables = this.trainable;
    } else {
      if (!Array.isArray(variables) || variables.length !== grads.length) {
        throw new OptimizerError('OPTIMIZER_GRADIENT_MISMATCH', 'applyGradients.variables',
          `got ${grads.length} gradients but ${Array.isArray(variables) ? variables.length : describe(variables)} variables`);
      }
      if (!this.isBuilt) this.build(variables);
    }
    const n = this.collect(grads, variables);
    this.syncIterationVariable();
    this.refreshStepLearningRate();
    const active = this.activeIndex;
    const gbuf = this.activeGrad;

    // Float options are passed as the fields themselves (already boxed
    // numbers) and rounded inside, so no call here boxes a new float.
    if (this.lossScaleFactor !== null) {
      for (let k = 0; k < n; k++) gbuf[k] = divideInto(this.scratchFor(active[k]!), gbuf[k]!, this.lossScaleFactor);
    }

    let update = true;
    const steps = this.gradientAccumulationSteps;
    if (steps) {
      update = (this.appliedCount + 1) % steps === 0;
      for (let k = 0; k < n; k++) {
        const i = active[k]!;
        const acc = this.gradientAccumulators[i]!.value.data;
        if (update) {
          gbuf[k] = accumulateMean(this.scratchFor(i), gbuf[k]!, acc, steps);
          acc.fill(0);
        } else {
          addInto(acc, gbuf[k]!);
        }
      }
    }

    if (update) {
      this.clipGradients(n);
      if (this.weightDecay !== null) this.applyWeightDecay(n);
      this.stepScalars[1] = f32(this.iterations + 1);
      this.beginStep();
      for (let k = 0; k < n; k++) {
        const i = active[k]!;
        this.updateStep(i, this.trainable[i]!.value.data, gbuf[k]!);
      }
    }
    if (this.useEma) this.updateEma();

    this.appliedCount++;
    this.iterationVar.value.data[0] = this.appliedCount;
  }

  /**
   * Overwrites the model variables with their EMA, as Keras does at the end
   * of `fit` when `use_ema` is on. Does nothing without EMA.
   * @throws OptimizerError `OPTIMIZER_GRADIENT_MISMATCH` when `variables` is not the build list's length.
   */
  finalizeVariableValues(variables: readonly Variable[] = this.trainable): void {
    if (!this.useEma || !this.isBuilt) return;
    if (variables.length !== this.emaAverages.length) {
      throw new OptimizerError('OPTIMIZER_GRADIENT_MISMATCH', 'finalizeVariableValues.variables',
        `got ${variables.length} variables but the optimizer holds ${this.emaAverages.length} averages`);
    }
    for (let i = 0; i < variables.length; i++) variables[i]!.value.data.set(this.emaAverages[i]!.value.data);
  }

  // ---------------------------------------------------------------- internals

  /** Resolves the active (non-null) gradients into the work lists; returns their count. */
  private collect(grads: readonly (Tensor | null)[], variables: readonly Variable[]): number {
    const same = variables === this.trainable;
    let n = 0;
    for (let j = 0; j < grads.length; j++) {
      const v = variables[j]!;
      let i = j;
      if (!same) {
        const found = this.trainable[j] === v ? j : this.indexOf.get(v);
        if (found === undefined) {
          throw new OptimizerError('OPTIMIZER_UNKNOWN_VARIABLE', `applyGradients.variables[${j}]`,
            `variable "${v instanceof Variable ? v.path : describe(v)}" is not one the optimizer was built with; create a new optimizer for new variables`);
        }
        i = found;
      }
      const g = grads[j];
      if (g === null || g === undefined) continue;
      if (!(g instanceof Tensor)) {
        throw new OptimizerError('OPTIMIZER_GRADIENT_MISMATCH', `applyGradients.grads[${j}]`, `expected a Tensor or null, got ${describe(g)}`);
      }
      const target = this.trainable[i]!.value;
      if (g.data.length !== target.data.length || !sameShape(g.shape, target.shape)) {
        throw new OptimizerError('OPTIMIZER_GRADIENT_MISMATCH', `applyGradients.grads[${j}]`,
          `gradient shape [${g.shape.join(', ')}] does not match variable "${this.trainable[i]!.path}" of shape [${target.shape.join(', ')}]`);
      }
      this.activeIndex[n] = i;
      this.activeGrad[n] = g.data;
      n++;
    }
    if (n === 0) {
      throw new OptimizerError('OPTIMIZER_NO_GRADIENTS', 'applyGradients.grads', 'no gradients provided for any variable');
    }
    return n;
  }

  private scratchFor(i: number): Float32Array {
    let s = this.scratch[i];
    if (!s) {
      s = new Float32Array(this.trainable[i]!.size);
      this.scratch[i] = s;
    }
    return s;
  }

  /** Keras's `_clip_gradients`: clipnorm, else global_clipnorm, else clipvalue (each only when > 0). */
  private clipGradients(n: number): void {
    const active = this.activeIndex;
    const gbuf = this.activeGrad;
    if (this.clipnorm !== null && this.clipnorm > 0) {
      for (let k = 0; k < n; k++) gbuf[k] = clipByNorm(this.scratchFor(active[k]!), gbuf[k]!, this.clipnorm);
    } else if (this.globalClipnorm !== null && this.globalClipnorm > 0) {
      // Sum and scale inline: a float returned from or passed to a helper could be boxed.
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const g = gbuf[k]!;
        let s = 0;
        for (let j = 0, len = g.length; j < len; j++) { const x = g[j]!; s += x * x; }
        sum += f32(s);
      }
      const norm = f32(Math.sqrt(f32(sum)));
      const c = f32(this.globalClipnorm);
      // Keras: clip * min(1 / norm, 1 / clip), plus (norm - norm) to turn inf/NaN norms into NaN.
      const scale = f32(f32(c * f32(Math.min(f32(1 / norm), f32(1 / c)))) + (norm - norm));
      for (let k = 0; k < n; k++) {
        const g = gbuf[k]!;
        const out = this.scratchFor(active[k]!);
        for (let j = 0, len = g.length; j < len; j++) out[j] = g[j]! * scale;
        gbuf[k] = out;
      }
    } else if (this.clipvalue !== null && this.clipvalue > 0) {
      for (let k = 0; k < n; k++) gbuf[k] = clampInto(this.scratchFor(active[k]!), gbuf[k]!, this.clipvalue);
    }
  }

  /** Keras's `_apply_weight_decay`: `w -= w * wd * lr` for each variable not excluded. */
  private applyWeightDecay(n: number): void {
    const wd = f32(this.weightDecay!);
    const lr = this.stepLearningRate;
    for (let k = 0; k < n; k++) {
      const i = this.activeIndex[k]!;
      if (!this.useWeightDecay[i]) continue;
      const w = this.trainable[i]!.value.data;
      for (let j = 0, len = w.length; j < len; j++) {
        const x = w[j]!;
        w[j] = x - f32(f32(x * wd) * lr);
      }
    }
  }

  /** Keras's EMA: `avg = m * avg + (1 - m) * w`, with m = 0 on the very first step. */
  private updateEma(): void {
    const it = this.iterations;
    const m = it !== 0 ? f32(this.emaMomentum) : 0;
    const oneMinus = f32(1 - m);
    const freq = this.emaOverwriteFrequency;
    const overwrite = freq !== null && (it + 1) % freq === 0;
    for (let i = 0; i < this.trainable.length; i++) {
      const w = this.trainable[i]!.value.data;
      const avg = this.emaAverages[i]!.value.data;
      for (let j = 0, len = w.length; j < len; j++) avg[j] = f32(m * avg[j]!) + f32(oneMinus * w[j]!);
      if (overwrite) w.set(avg);
    }
  }

  /** The iteration count; adopts a value written directly into the `iteration` variable. */
  private currentRawIterations(): number {
    const stored = this.iterationVar.value.data[0]!;
    if (stored !== f32(this.appliedCount)) this.appliedCount = stored;
    return this.appliedCount;
  }

  private syncIterationVariable(): void {
    this.currentRawIterations();
  }
}

const EMPTY = new Float32Array(0);

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function divideInto(out: Float32Array, g: Float32Array, scale: number): Float32Array {
  for (let j = 0, len = g.length; j < len; j++) out[j] = g[j]! / scale;
  return out;
}

function accumulateMean(out: Float32Array, g: Float32Array, acc: Float32Array, steps: number): Float32Array {
  for (let j = 0, len = g.length; j < len; j++) out[j] = f32(g[j]! + acc[j]!) / steps;
  return out;
}

function addInto(acc: Float32Array, g: Float32Array): void {
  for (let j = 0, len = g.length; j < len; j++) acc[j] = acc[j]! + g[j]!;
}

/** Keras's `_clip_by_norm`: `g * c / max(||g||, c)`, applied even when no clipping is needed. */
function clipByNorm(out: Float32Array, g: Float32Array, clip: number): Float32Array {
  const c = f32(clip);
  let s = 0;
  for (let j = 0, len = g.length; j < len; j++) { const x = g[j]!; s += x * x; }
  const norm = f32(Math.sqrt(f32(s)));
  const denom = Math.max(norm, c);
  for (let j = 0, len = g.length; j < len; j++) out[j] = f32(g[j]! * c) / denom;
  return out;
}

function clampInto(out: Float32Array, g: Float32Array, clip: number): Float32Array {
  const c = f32(clip);
  const lo = -c;
  for (let j = 0, len = g.length; j < len; j++) {
    const x = g[j]!;
    out[j] = x < lo ? lo : x > c ? c : x;
  }
  return out;
}
