/**
 * JSON as Python's `json.dumps` writes Keras configs, where it matters:
 * JavaScript has one number type, Python two, and Keras 3 refuses an integer
 * where it wants a float (`learning_rate`, SGD's `momentum`: "should be
 * float"). Optimizer configs are therefore written with every non-integer
 * option as a float (`1.0`, not `1`).
 */
import { isObject, type Json, type JsonObject } from './config-guard.js';

/** Optimizer and schedule options that Keras keeps as integers. */
const INTEGER_KEYS = new Set([
  'ema_overwrite_frequency', 'gradient_accumulation_steps', 'decay_steps', 'first_decay_steps',
  'warmup_steps', 'boundaries', 'seed', 'iterations',
]);

/** A number Python must read as a float. */
class PyFloat {
  constructor(readonly value: number) {}
}

/**
 * Marks every number in an optimizer config (including a nested schedule
 * config) as a float, except the integer options.
 */
export function optimizerConfigFloats(config: JsonObject): JsonObject {
  const walk = (v: Json, key: string): Json => {
    if (typeof v === 'number') return INTEGER_KEYS.has(key) ? v : (new PyFloat(v) as unknown as Json);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (isObject(v)) {
      const out: JsonObject = {};
      for (const k of Object.keys(v)) out[k] = walk(v[k]!, k === 'config' ? key : k);
      return out;
    }
    return v;
  };
  return walk(config, '') as JsonObject;
}

/** Python's `repr` of a float that JavaScript prints as an integer. */
function floatText(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  const s = String(v);
  if (Object.is(v, -0)) return '-0.0';
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/**
 * `JSON.stringify` that writes numbers marked by {@link optimizerConfigFloats}
 * as Python floats.
 */
export function stringifyPythonJson(value: unknown): string {
  const nonce = `\u0000f${Math.random().toString(36).slice(2)}:`;
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof PyFloat ? `${nonce}${floatText(v.value)}` : v));
  const token = JSON.stringify(nonce).slice(1, -1).replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  return ensureAscii(text.replace(new RegExp(`"${token}([^"]*)"`, 'g'), '$1'));
}

/** Escapes every non-ASCII character as `\uXXXX`, as Python's `json.dumps` does by default (`ensure_ascii=True`). */
export function ensureAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
