/**
 * Keras 3's built-in activations: one table of forward kernels, looked up by
 * the names Keras writes in configs. Backward rules live in `gradients.ts`
 * (one table for every gradient in the library), under the same keys.
 *
 * `hard_sigmoid` differs between Keras versions: Keras 3 computes
 * `relu6(x + 3) / 6`, Keras 1 and 2 computed `clip(0.2·x + 0.5, 0, 1)`.
 * `getActivation('hard_sigmoid')` gives the Keras 3 function;
 * `getActivation('hard_sigmoid', { legacy: true })` gives the Keras 2 one.
 * A model read from a file written by Keras 1 or 2 (`keras_version` < 3)
 * should be deserialised with `{ legacyActivations: true }` to get the
 * Keras 2 function; both serialise back as `'hard_sigmoid'`.
 */
import { LayerConfigError, describe } from './errors.js';
import { ACTIVATION_GRADIENTS, type ActivationBackward } from './gradients.js';
import { erf, sigmoid, softplus } from './math.js';

/**
 * A forward kernel: `out[i] = f(x[i])` over `rows × cols` values (row-wise
 * for softmax). `out` may be `x` itself.
 */
export type ActivationForward = (x: Float32Array, out: Float32Array, rows: number, cols: number) => void;

/** One activation: its Keras name, forward kernel and backward rule. */
export interface Activation {
  /** The name Keras writes in configs (`relu`, `hard_sigmoid`, …). */
  readonly name: string;
  /** The key in the kernel tables (differs from `name` only for variants such as `hard_sigmoid_keras2`). */
  readonly key: string;
  readonly forward: ActivationForward;
  /** Given pre-activation x, output y and dL/dy, writes dL/dx (may alias dy). */
  readonly backward: ActivationBackward;
  /** Whether Keras can write it back to a config (false for purekeras-only variants). */
  readonly serializable: boolean;
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT_HALF = Math.SQRT1_2;
const SQRT_2_OVER_PI = 0.7978845608028654;

function map(f: (v: number) => number): ActivationForward {
  // The per-element function is a closure created once per table entry, never in a loop.
  return (x, out, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) out[i] = f(x[i]!);
  };
}

const FORWARD: Record<string, ActivationForward> = {
  linear: (x, out, rows, cols) => { if (out !== x) out.set(x.subarray(0, rows * cols)); },
  relu: (x, out, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) { const v = x[i]!; out[i] = v > 0 ? v : 0; }
  },
  relu6: map((v) => (v > 0 ? (v < 6 ? v : 6) : 0)),
  leaky_relu: map((v) => (v >= 0 ? v : 0.2 * v)),
  elu: map((v) => (v > 0 ? v : Math.expm1(v))),
  selu: map((v) => SELU_SCALE * (v > 0 ? v : SELU_ALPHA * Math.expm1(v))),
  celu: map((v) => Math.max(v, 0) + Math.expm1(Math.min(v, 0))),
  gelu: map((v) => 0.5 * v * (1 + erf(v * SQRT_HALF))),
  gelu_approximate: map((v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v)))),
  sigmoid: (x, out, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) out[i] = sigmoid(x[i]!);
  },
  hard_sigmoid: map((v) => { const t = v + 3; return (t > 0 ? (t < 6 ? t : 6) : 0) / 6; }),
  hard_sigmoid_keras2: map((v) => { const t = 0.2 * v + 0.5; return t > 0 ? (t < 1 ? t : 1) : 0; }),
  hard_silu: map((v) => { const t = v + 3; return (v * (t > 0 ? (t < 6 ? t : 6) : 0)) / 6; }),
  silu: map((v) => v * sigmoid(v)),
  mish: map((v) => v * Math.tanh(softplus(v))),
  softplus: map(softplus),
  softsign: map((v) => v / (Math.abs(v) + 1)),
  tanh: (x, out, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
  },
  exponential: map(Math.exp),
  log_sigmoid: map((v) => -softplus(-v)),
  hard_tanh: map((v) => (v > 1 ? 1 : v < -1 ? -1 : v)),
  tanh_shrink: map((v) => v - Math.tanh(v)),
  soft_shrink: map((v) => (v > 0.5 ? v - 0.5 : v < -0.5 ? v + 0.5 : 0)),
  hard_shrink: map((v) => (Math.abs(v) > 0.5 ? v : 0)),
  squareplus: map((v) => (v + Math.sqrt(v * v + 4)) / 2),
  sparse_plus: map((v) => (v <= -1 ? 0 : v >= 1 ? v : ((v + 1) * (v + 1)) / 4)),
  sparse_sigmoid: map((v) => (v <= -1 ? 0 : v >= 1 ? 1 : (v + 1) / 2)),
  softmax: (x, out, rows, cols) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let m = -Infinity;
      for (let j = 0; j < cols; j++) { const v = x[o + j]!; if (v > m) m = v; }
      let s = 0;
      for (let j = 0; j < cols; j++) { const e = Math.exp(x[o + j]! - m); out[o + j] = e; s += e; }
      const inv = 1 / s;
      for (let j = 0; j < cols; j++) out[o + j] = out[o + j]! * inv;
    }
  },
  log_softmax: (x, out, rows, cols) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let m = -Infinity;
      for (let j = 0; j < cols; j++) { const v = x[o + j]!; if (v > m) m = v; }
      let s = 0;
      for (let j = 0; j < cols; j++) s += Math.exp(x[o + j]! - m);
      const lse = Math.log(s);
      for (let j = 0; j < cols; j++) out[o + j] = x[o + j]! - m - lse;
    }
  },
};

/** Aliases Keras accepts for the names above. */
const ALIASES: Record<string, string> = { swish: 'silu', hard_swish: 'hard_silu' };

/** Keras activations known but not implemented here (refused with their name). */
const UNSUPPORTED = ['glu', 'threshold', 'sparsemax'];

const cache = new Map<string, Activation>();

function make(name: string, key: string, serializable = true): Activation {
  let a = cache.get(key);
  if (!a) {
    const forward = FORWARD[key];
    const backward = ACTIVATION_GRADIENTS[key];
    if (!forward || !backward) throw new Error(`internal: activation '${key}' lacks a kernel or gradient`);
    a = { name, key, forward, backward, serializable };
    cache.set(key, a);
  }
  return a;
}

/** Names `getActivation` accepts (Keras names plus aliases), sorted. */
export function activationNames(): string[] {
  return [...Object.keys(FORWARD).filter((k) => k !== 'hard_sigmoid_keras2'), ...Object.keys(ALIASES)].sort();
}

/** Options for {@link getActivation}. */
export interface GetActivationOptions {
  /** Resolve names as Keras 1/2 defined them (only `hard_sigmoid` differs). Default false. */
  legacy?: boolean;
  /** The layer asking, for errors. */
  layerName?: string;
  /** Where the name sits in the config, for errors. Default `activation`. */
  configPath?: string;
}

/**
 * Looks an activation up by its Keras name (`'relu'`), alias (`'swish'`),
 * `null`/`undefined` (linear), an {@link Activation}, or a Keras 3
 * serialised function dict (`{class_name: 'function', config: 'relu'}`).
 * `gelu` is the exact form (Keras's default); `gelu_approximate` is the tanh
 * form (a purekeras name: it cannot be written to a Keras config).
 * @throws LayerConfigError `UNKNOWN_ACTIVATION` naming the supported list.
 * @example getActivation('relu').forward(x, x, rows, cols)
 */
export function getActivation(identifier: unknown, opts: GetActivationOptions = {}): Activation {
  const layerName = opts.layerName ?? '';
  const path = opts.configPath ?? 'activation';
  if (identifier === null || identifier === undefined) return make('linear', 'linear');
  if (typeof identifier === 'object' && !Array.isArray(identifier)) {
    const o = identifier as { key?: unknown; forward?: unknown; class_name?: unknown; config?: unknown };
    if (typeof o.key === 'string' && typeof o.forward === 'function') return identifier as Activation;
    if ((o.class_name === 'function' || o.class_name === 'Activation') && typeof o.config === 'string') {
      return getActivation(o.config, { ...opts, configPath: `${path}.config` });
    }
  }
  if (typeof identifier !== 'string') {
    throw new LayerConfigError('UNKNOWN_ACTIVATION', layerName, path, `expected an activation name, got ${describe(identifier)}`);
  }
  const name = ALIASES[identifier] ?? identifier;
  if (name === 'hard_sigmoid' && opts.legacy) return make('hard_sigmoid', 'hard_sigmoid_keras2');
  if (name === 'gelu_approximate') return make('gelu_approximate', 'gelu_approximate', false);
  if (name !== 'hard_sigmoid_keras2' && Object.prototype.hasOwnProperty.call(FORWARD, name)) return make(name, name);
  const why = UNSUPPORTED.includes(name) ? `the Keras activation '${name}' is not supported` : `unknown activation '${identifier}'`;
  throw new LayerConfigError('UNKNOWN_ACTIVATION', layerName, path, `${why}; supported: ${activationNames().join(', ')}`);
}

/**
 * The config value Keras 3 writes for an activation: its name.
 * @throws LayerConfigError `LAYER_BAD_VALUE` for purekeras-only variants.
 */
export function serializeActivation(a: Activation, layerName = '', configPath = 'activation'): string {
  if (!a.serializable) {
    throw new LayerConfigError('LAYER_BAD_VALUE', layerName, configPath, `the activation '${a.name}' has no Keras name and cannot be written to a config`);
  }
  return a.name;
}
