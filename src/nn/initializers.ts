/**
 * Keras 3's weight initializers with their configs. Draws come from our own
 * seedable stream: seeded initializers are reproducible, but cannot equal
 * Keras's numbers (different generators), which no test relies on.
 */
import { Random } from '../tensor/index.js';
import { isJsonObject, type Json, type JsonObject } from './config.js';
import { LayerConfigError, describe } from './errors.js';
import { randomStream } from './random.js';

/** What every initializer does: fill `out` (row-major, `shape`) and describe itself. */
export abstract class Initializer {
  /** Keras's class name, e.g. `GlorotUniform`. */
  abstract readonly className: string;
  /** Fills `out` with values for a weight of `shape`. */
  abstract fill(shape: readonly number[], out: Float32Array): void;
  /** Keras 3's `get_config()`. */
  abstract getConfig(): JsonObject;
}

/** Keras 3's serialised initializer dict. */
export function serializeInitializer(init: Initializer): JsonObject {
  return { module: 'keras.initializers', class_name: init.className, config: init.getConfig(), registered_name: null };
}

/** Keras's fan computation: (fan_in, fan_out) from a weight shape. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0]!, shape[0]!];
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  let rf = 1;
  for (let i = 0; i < shape.length - 2; i++) rf *= shape[i]!;
  return [shape[shape.length - 2]! * rf, shape[shape.length - 1]! * rf];
}

function truncated(rng: Random): number {
  let z = rng.normal();
  while (z < -2 || z > 2) z = rng.normal();
  return z;
}

/** Options shared by random initializers. */
export interface SeedOptions {
  /** A seed for reproducible draws; the library-wide stream when absent. */
  seed?: number | null;
}

/** Keras's `VarianceScaling` (the base of the Glorot, He and LeCun families). */
export class VarianceScaling extends Initializer {
  className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: 'fan_in' | 'fan_out' | 'fan_avg';
  readonly distribution: 'truncated_normal' | 'untruncated_normal' | 'uniform';
  readonly seed: number | null;

  /**
   * @param opts scale (default 1), mode (`fan_in`), distribution
   *   (`truncated_normal`; Keras 2's `normal` means truncated), seed.
   * @throws LayerConfigError `LAYER_BAD_VALUE` at the bad key.
   */
  constructor(opts: { scale?: number; mode?: string; distribution?: string } & SeedOptions = {}) {
    super();
    const scale = opts.scale ?? 1;
    if (typeof scale !== 'number' || !(scale > 0)) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'scale', `expected a positive number, got ${describe(scale)}`);
    const mode = opts.mode ?? 'fan_in';
    if (mode !== 'fan_in' && mode !== 'fan_out' && mode !== 'fan_avg') throw new LayerConfigError('LAYER_BAD_VALUE', '', 'mode', `expected fan_in, fan_out or fan_avg, got ${describe(mode)}`);
    let dist = opts.distribution ?? 'truncated_normal';
    if (dist === 'normal') dist = 'truncated_normal';
    if (dist !== 'truncated_normal' && dist !== 'untruncated_normal' && dist !== 'uniform') {
      throw new LayerConfigError('LAYER_BAD_VALUE', '', 'distribution', `expected truncated_normal, untruncated_normal or uniform, got ${describe(dist)}`);
    }
    this.scale = scale;
    this.mode = mode;
    this.distribution = dist;
    this.seed = checkSeed(opts.seed);
  }

  fill(shape: readonly number[], out: Float32Array): void {
    const [fanIn, fanOut] = computeFans(shape);
    const n = this.mode === 'fan_in' ? fanIn : this.mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
    const s = this.scale / Math.max(1, n);
    const rng = randomStream(this.seed);
    const len = out.length;
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * s);
      for (let i = 0; i < len; i++) out[i] = (2 * rng.next() - 1) * limit;
    } else if (this.distribution === 'truncated_normal') {
      const sd = Math.sqrt(s) / 0.8796256610342398;
      for (let i = 0; i < len; i++) out[i] = sd * truncated(rng);
    } else {
      const sd = Math.sqrt(s);
      for (let i = 0; i < len; i++) out[i] = sd * rng.normal();
    }
  }

  getConfig(): JsonObject {
    if (this.className !== 'VarianceScaling') return { seed: this.seed, input_axes: null, output_axes: null };
    return { seed: this.seed, scale: this.scale, mode: this.mode, distribution: this.distribution, input_axes: null, output_axes: null };
  }
}

/** A named member of the VarianceScaling family with fixed scale/mode/distribution. */
function family(className: string, scale: number, mode: 'fan_in' | 'fan_avg', distribution: 'truncated_normal' | 'uniform'): new (opts?: SeedOptions) => VarianceScaling {
  const C = class extends VarianceScaling {
    constructor(opts: SeedOptions = {}) {
      super({ scale, mode, distribution, seed: opts.seed ?? null });
      this.className = className;
    }
  };
  Object.defineProperty(C, 'name', { value: className });
  return C;
}

/** Glorot (Xavier) uniform: U(±√(6/(fan_in+fan_out))). Dense's default kernel initializer. */
export const GlorotUniform = family('GlorotUniform', 1, 'fan_avg', 'uniform');
/** Glorot normal: truncated N(0, √(2/(fan_in+fan_out))). */
export const GlorotNormal = family('GlorotNormal', 1, 'fan_avg', 'truncated_normal');
/** He uniform: U(±√(6/fan_in)). */
export const HeUniform = family('HeUniform', 2, 'fan_in', 'uniform');
/** He normal: truncated N(0, √(2/fan_in)). */
export const HeNormal = family('HeNormal', 2, 'fan_in', 'truncated_normal');
/** LeCun uniform: U(±√(3/fan_in)). */
export const LecunUniform = family('LecunUniform', 1, 'fan_in', 'uniform');
/** LeCun normal: truncated N(0, √(1/fan_in)). */
export const LecunNormal = family('LecunNormal', 1, 'fan_in', 'truncated_normal');

/** All zeros. Dense's default bias initializer. */
export class Zeros extends Initializer {
  className = 'Zeros';
  fill(_shape: readonly number[], out: Float32Array): void { out.fill(0); }
  getConfig(): JsonObject { return {}; }
}

/** All ones. */
export class Ones extends Initializer {
  className = 'Ones';
  fill(_shape: readonly number[], out: Float32Array): void { out.fill(1); }
  getConfig(): JsonObject { return {}; }
}

/** A constant `value` (default 0). */
export class Constant extends Initializer {
  className = 'Constant';
  readonly value: number;
  constructor(opts: { value?: number } = {}) {
    super();
    const v = opts.value ?? 0;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'value', `expected a finite number, got ${describe(v)}`);
    this.value = v;
  }
  fill(_shape: readonly number[], out: Float32Array): void { out.fill(this.value); }
  getConfig(): JsonObject { return { value: this.value }; }
}

/** Uniform in [minval, maxval) (defaults −0.05, 0.05). */
export class RandomUniform extends Initializer {
  className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;
  constructor(opts: { minval?: number; maxval?: number } & SeedOptions = {}) {
    super();
    this.minval = finite(opts.minval ?? -0.05, 'minval');
    this.maxval = finite(opts.maxval ?? 0.05, 'maxval');
    this.seed = checkSeed(opts.seed);
  }
  fill(_shape: readonly number[], out: Float32Array): void {
    const rng = randomStream(this.seed);
    const span = this.maxval - this.minval;
    for (let i = 0, n = out.length; i < n; i++) out[i] = this.minval + span * rng.next();
  }
  getConfig(): JsonObject { return { seed: this.seed, minval: this.minval, maxval: this.maxval }; }
}

/** Normal N(mean, stddev) (defaults 0, 0.05). */
export class RandomNormal extends Initializer {
  className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(opts: { mean?: number; stddev?: number } & SeedOptions = {}) {
    super();
    this.mean = finite(opts.mean ?? 0, 'mean');
    this.stddev = finite(opts.stddev ?? 0.05, 'stddev');
    this.seed = checkSeed(opts.seed);
  }
  fill(_shape: readonly number[], out: Float32Array): void {
    const rng = randomStream(this.seed);
    for (let i = 0, n = out.length; i < n; i++) out[i] = this.mean + this.stddev * rng.normal();
  }
  getConfig(): JsonObject { return { seed: this.seed, mean: this.mean, stddev: this.stddev }; }
}

/** Normal N(mean, stddev) redrawn beyond two standard deviations (defaults 0, 0.05). */
export class TruncatedNormal extends RandomNormal {
  override className = 'TruncatedNormal';
  override fill(_shape: readonly number[], out: Float32Array): void {
    const rng = randomStream(this.seed);
    for (let i = 0, n = out.length; i < n; i++) out[i] = this.mean + this.stddev * truncated(rng);
  }
}

/** A (semi-)orthogonal matrix from the QR decomposition of a normal draw, times `gain` (default 1). */
export class Orthogonal extends Initializer {
  className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | null;
  constructor(opts: { gain?: number } & SeedOptions = {}) {
    super();
    this.gain = finite(opts.gain ?? 1, 'gain');
    this.seed = checkSeed(opts.seed);
  }
  fill(shape: readonly number[], out: Float32Array): void {
    if (shape.length < 2) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'kernel_initializer', `Orthogonal needs a weight of rank 2 or more, got rank ${shape.length}`);
    const cols = shape[shape.length - 1]!;
    const rows = out.length / Math.max(1, cols);
    const m = Math.max(rows, cols);
    const k = Math.min(rows, cols);
    const rng = randomStream(this.seed);
    // Q (m×k) by modified Gram–Schmidt on the columns of a normal m×k draw;
    // signs follow diag(R) as Keras's `q *= sign(diag(r))`, i.e. R's diagonal is made positive.
    const q = new Float64Array(m * k);
    for (let i = 0; i < m * k; i++) q[i] = rng.normal();
    for (let j = 0; j < k; j++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * k + p]! * q[i * k + j]!;
        for (let i = 0; i < m; i++) q[i * k + j] = q[i * k + j]! - dot * q[i * k + p]!;
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += q[i * k + j]! * q[i * k + j]!;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < m; i++) q[i * k + j] = q[i * k + j]! / norm;
    }
    if (rows >= cols) {
      for (let i = 0; i < rows * cols; i++) out[i] = this.gain * q[i]!;
    } else {
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = this.gain * q[j * k + i]!;
    }
  }
  getConfig(): JsonObject { return { seed: this.seed, gain: this.gain }; }
}

/** The identity matrix times `gain` (default 1); 2-D weights only. */
export class Identity extends Initializer {
  className = 'Identity';
  readonly gain: number;
  constructor(opts: { gain?: number } = {}) {
    super();
    this.gain = finite(opts.gain ?? 1, 'gain');
  }
  fill(shape: readonly number[], out: Float32Array): void {
    if (shape.length !== 2) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'kernel_initializer', `Identity needs a 2-D weight, got rank ${shape.length}`);
    out.fill(0);
    const [r, c] = shape as [number, number];
    for (let i = 0; i < Math.min(r, c); i++) out[i * c + i] = this.gain;
  }
  getConfig(): JsonObject { return {}; }
}

function finite(v: unknown, key: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new LayerConfigError('LAYER_BAD_VALUE', '', key, `expected a finite number, got ${describe(v)}`);
  return v;
}

function checkSeed(seed: unknown): number | null {
  if (seed === undefined || seed === null) return null;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) throw new LayerConfigError('LAYER_BAD_VALUE', '', 'seed', `expected an integer seed or null, got ${describe(seed)}`);
  return seed;
}

type InitFactory = (cfg: JsonObject) => Initializer;

// Raw values: the constructors validate them (null means the default, as in Keras).
const num = (cfg: JsonObject, k: string): number | undefined => (cfg[k] === null || cfg[k] === undefined ? undefined : (cfg[k] as number));
const seedOf = (cfg: JsonObject): number | null => (cfg.seed === undefined ? null : (cfg.seed as number | null));

/** Class name → factory from a Keras config; every config key each reads. */
const CLASSES: Record<string, { make: InitFactory; keys: readonly string[] }> = {
  GlorotUniform: { make: (c) => new GlorotUniform({ seed: seedOf(c) }), keys: ['seed', 'input_axes', 'output_axes'] },
  GlorotNormal: { make: (c) => new GlorotNormal({ seed: seedOf(c) }), keys: ['seed', 'input_axes', 'output_axes'] },
  HeUniform: { make: (c) => new HeUniform({ seed: seedOf(c) }), keys: ['seed', 'input_axes', 'output_axes'] },
  HeNormal: { make: (c) => new HeNormal({ seed: seedOf(c) }), keys: ['seed', 'input_axes', 'output_axes'] },
  LecunUniform: { make: (c) => new LecunUniform({ seed: seedOf(c) }), keys: ['seed', 'input_axes', 'output_axes'] },
  LecunNormal: { make: (c) => new LecunNormal({ seed: seedOf(c) }), keys: ['seed', 'input_axes', 'output_axes'] },
  VarianceScaling: {
    make: (c) => new VarianceScaling({ scale: num(c, 'scale'), mode: c.mode as string | undefined, distribution: c.distribution as string | undefined, seed: seedOf(c) }),
    keys: ['seed', 'scale', 'mode', 'distribution', 'input_axes', 'output_axes'],
  },
  Zeros: { make: () => new Zeros(), keys: [] },
  Ones: { make: () => new Ones(), keys: [] },
  Constant: { make: (c) => new Constant({ value: num(c, 'value') }), keys: ['value'] },
  RandomUniform: { make: (c) => new RandomUniform({ minval: num(c, 'minval'), maxval: num(c, 'maxval'), seed: seedOf(c) }), keys: ['seed', 'minval', 'maxval'] },
  RandomNormal: { make: (c) => new RandomNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }), keys: ['seed', 'mean', 'stddev'] },
  TruncatedNormal: { make: (c) => new TruncatedNormal({ mean: num(c, 'mean'), stddev: num(c, 'stddev'), seed: seedOf(c) }), keys: ['seed', 'mean', 'stddev'] },
  Orthogonal: { make: (c) => new Orthogonal({ gain: num(c, 'gain'), seed: seedOf(c) }), keys: ['seed', 'gain'] },
  Identity: { make: (c) => new Identity({ gain: num(c, 'gain') }), keys: ['gain'] },
};

/** Keras 2 / tf.keras class names for the same initializers. */
const CLASS_ALIASES: Record<string, string> = {
  Zero: 'Zeros', One: 'Ones', RandomUniformV2: 'RandomUniform', RandomNormalV2: 'RandomNormal', TruncatedNormalV2: 'TruncatedNormal',
  GlorotUniformV2: 'GlorotUniform', GlorotNormalV2: 'GlorotNormal', OrthogonalV2: 'Orthogonal', IdentityV2: 'Identity',
  ZerosV2: 'Zeros', OnesV2: 'Ones', ConstantV2: 'Constant', VarianceScalingV2: 'VarianceScaling',
};

/** String names (snake_case and aliases) → class. */
const STRINGS: Record<string, string> = {
  glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal',
  lecun_uniform: 'LecunUniform', lecun_normal: 'LecunNormal', variance_scaling: 'VarianceScaling',
  zeros: 'Zeros', zero: 'Zeros', ones: 'Ones', one: 'Ones', constant: 'Constant',
  random_uniform: 'RandomUniform', uniform: 'RandomUniform', random_normal: 'RandomNormal', normal: 'RandomNormal',
  truncated_normal: 'TruncatedNormal', orthogonal: 'Orthogonal', identity: 'Identity',
};

/** Every name {@link getInitializer} accepts, sorted. */
export function initializerNames(): string[] {
  return [...Object.keys(CLASSES), ...Object.keys(STRINGS)].sort();
}

/**
 * Resolves an initializer as Keras does: an {@link Initializer}, a name
 * (`'glorot_uniform'`, `'GlorotUniform'`, `'zeros'`, …) or a
 * `{class_name, config}` dict (Keras 1/2/3; `module` optional).
 * @param path where it sits in the config, for errors.
 * @throws LayerConfigError `UNKNOWN_INITIALIZER`, `LAYER_BAD_VALUE` or `LAYER_UNKNOWN_KEY` with the path.
 * @example getInitializer('he_normal')
 */
export function getInitializer(id: unknown, layerName = '', path = 'kernel_initializer'): Initializer {
  if (id instanceof Initializer) return id;
  let cls: string | undefined;
  let cfg: JsonObject = {};
  const idPath = path;
  if (typeof id === 'string') {
    cls = STRINGS[id] ?? (CLASSES[id] ? id : CLASS_ALIASES[id]);
  } else if (isJsonObject(id) && typeof id.class_name === 'string') {
    cls = CLASS_ALIASES[id.class_name] ?? id.class_name;
    if (!CLASSES[cls]) cls = STRINGS[id.class_name];
    if (id.config !== undefined && id.config !== null && !isJsonObject(id.config)) {
      throw new LayerConfigError('LAYER_BAD_VALUE', layerName, `${path}.config`, `expected a config dict, got ${describe(id.config)}`);
    }
    cfg = (id.config as JsonObject | undefined) ?? {};
    path = `${path}.config`;
  }
  const entry = cls ? CLASSES[cls] : undefined;
  if (!entry) {
    const what = isJsonObject(id) ? (id as JsonObject).class_name : id;
    throw new LayerConfigError('UNKNOWN_INITIALIZER', layerName, isJsonObject(id) ? `${idPath}.class_name` : idPath,
      `unknown initializer ${describe(what as Json)}; supported: ${initializerNames().join(', ')}`);
  }
  for (const k of Object.keys(cfg)) {
    if (k === 'dtype') continue;
    if (!entry.keys.includes(k)) throw new LayerConfigError('LAYER_UNKNOWN_KEY', layerName, `${path}.${k}`, `unknown ${cls} config key '${k}'`);
    if ((k === 'input_axes' || k === 'output_axes') && cfg[k] !== null) {
      throw new LayerConfigError('LAYER_BAD_VALUE', layerName, `${path}.${k}`, `${k} is not supported (expected null)`);
    }
  }
  try {
    return entry.make(cfg);
  } catch (e) {
    throw e instanceof LayerConfigError ? e.within(path, layerName) : e;
  }
}
