/**
 * Optimizer configs as the JSON text Python Keras writes and reads.
 *
 * JavaScript has one number type, so `JSON.stringify` writes the float
 * `0.0` as `0`, which Python reads as an int, and Keras refuses ints where
 * it checks for floats: `SGD(momentum=0)` and `Adam(learning_rate=1)` raise
 * in Keras 3. This writer knows which config keys are Python floats and
 * writes them as Python's `json.dumps` does (`0.0`, `1e-07`), with Python's
 * separators and Keras's key order, so the text is the one Keras writes.
 */
import type { Optimizer } from './optimizer.js';
import { serializeOptimizer } from './registry.js';

/** Keys whose values Keras keeps as Python floats, in optimizer and schedule configs. */
const FLOAT_KEYS = new Set([
  // base optimizer
  'learning_rate', 'weight_decay', 'clipnorm', 'clipvalue', 'global_clipnorm', 'ema_momentum', 'loss_scale_factor',
  // optimizers
  'momentum', 'beta_1', 'beta_2', 'epsilon', 'rho', 'initial_accumulator_value', 'learning_rate_power',
  'l1_regularization_strength', 'l2_regularization_strength', 'l2_shrinkage_regularization_strength', 'beta',
  'schedule_decay',
  // schedules
  'initial_learning_rate', 'decay_rate', 'end_learning_rate', 'power', 'alpha', 'warmup_target', 't_mul', 'm_mul', 'values',
]);

/** Options of {@link optimizerToPythonJson}. */
export interface PythonJsonOptions {
  /**
   * `keras3` (default): `keras.optimizers.serialize` form with `module` and
   * `registered_name`, as in `.keras` archives and Keras 3 configs.
   * `legacy_h5`: `{"class_name", "config"}`, as Keras 3 writes
   * `training_config.optimizer_config` in legacy `.h5` files.
   */
  form?: 'keras3' | 'legacy_h5';
}

/**
 * The JSON text of a serialized optimizer as Python's `json.dumps` writes it
 * (floats as floats, `", "` and `": "` separators, Keras's key order).
 * Splice it into a larger JSON document as raw text.
 * @example optimizerToPythonJson(new SGD()) // '{"module": "keras.optimizers", "class_name": "SGD", "config": {"name": "sgd", "learning_rate": 0.009999999776482582, …, "momentum": 0.0, "nesterov": false}, "registered_name": null}'
 */
export function optimizerToPythonJson(optimizer: Optimizer, options: PythonJsonOptions = {}): string {
  const s = serializeOptimizer(optimizer);
  const value = options.form === 'legacy_h5' ? { class_name: s.class_name, config: s.config } : s;
  return dumps(value, false);
}

/**
 * Python's `repr` of a float: the shortest digits that read back the same,
 * in exponent form below 1e-4 and from 1e16 up, with a `.0` on whole numbers.
 * @example pythonFloatRepr(1e-7) // '1e-07'; pythonFloatRepr(0) // '0.0'
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // Shortest round-trip digits and decimal exponent, from JS's own formatting.
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

function dumps(value: unknown, asFloat: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return asFloat || !Number.isInteger(value) ? pythonFloatRepr(value) : String(value);
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map((v) => dumps(v, asFloat)).join(', ')}]`;
  const entries = Object.entries(value as Record<string, unknown>);
  return `{${entries.map(([k, v]) => `${pythonString(k)}: ${dumps(v, FLOAT_KEYS.has(k))}`).join(', ')}}`;
}

/** A JSON string as Python writes it with `ensure_ascii=True`: non-ASCII as `\uXXXX`. */
function pythonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
