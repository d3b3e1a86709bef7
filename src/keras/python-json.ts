/**
 * JSON as Python's `json.dumps` writes Keras configs, byte for byte: `", "`
 * and `": "` separators, `ensure_ascii` escapes, and Python's float `repr`
 * (`1e-07`, not `1e-7`). JavaScript has one number type, Python two, and
 * Keras 3 refuses an integer where it wants a float (`learning_rate`, SGD's
 * `momentum`: "should be float"), so options that are floats in Keras are
 * marked and written as floats (`1.0`, not `1`).
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
 * Marks every number under the given keys of a config tree (at any depth)
 * as a float, for {@link stringifyPythonJson}.
 */
export function markFloats<T extends Json>(tree: T, keys: ReadonlySet<string>): T {
  const walk = (v: Json, key: string): Json => {
    if (typeof v === 'number') return keys.has(key) ? (new PyFloat(v) as unknown as Json) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (isObject(v)) {
      const out: JsonObject = {};
      for (const k of Object.keys(v)) out[k] = walk(v[k]!, k);
      return out;
    }
    return v;
  };
  return walk(tree, '') as T;
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

/**
 * Python's `repr` of a float (what `json.dumps` writes): the shortest digits
 * that round-trip (the same digits JavaScript picks), in positional form
 * for decimal exponents -4…15 (`0.0001`, `1234.5`, `1.0`) and in scientific
 * form otherwise with a signed two-digit exponent (`1e-05`, `1e+16`), where
 * JavaScript would write `0.00001` and `10000000000000000`.
 */
export function pythonFloatRepr(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0';
  const text = v.toExponential(); // shortest round-trip digits: "-1.2345e-7"
  const e = text.indexOf('e');
  const neg = text.charCodeAt(0) === 45;
  const digits = text.slice(neg ? 1 : 0, e).replace('.', '');
  const exp = Number(text.slice(e + 1));
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const whole = digits.length > exp + 1 ? digits.slice(0, exp + 1) : digits.padEnd(exp + 1, '0');
  const frac = digits.length > exp + 1 ? digits.slice(exp + 1) : '0';
  return `${sign}${whole}.${frac}`;
}

function dumpString(s: string): string {
  return ensureAscii(JSON.stringify(s));
}

/** One value as `json.dumps` writes it (recursive: configs are depth-checked before they get here). */
function dump(v: unknown, out: string[]): void {
  if (v === null || v === undefined) { out.push('null'); return; }
  if (v instanceof PyFloat) { out.push(pythonFloatRepr(v.value)); return; }
  switch (typeof v) {
    case 'string': out.push(dumpString(v)); return;
    case 'boolean': out.push(v ? 'true' : 'false'); return;
    case 'number':
      out.push(Number.isSafeInteger(v) && !Object.is(v, -0) ? String(v) : pythonFloatRepr(v));
      return;
    default:
  }
  if (Array.isArray(v)) {
    out.push('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out.push(', ');
      dump(v[i], out);
    }
    out.push(']');
    return;
  }
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  out.push('{');
  let first = true;
  for (const k of keys) {
    if (o[k] === undefined) continue;
    if (!first) out.push(', ');
    first = false;
    out.push(dumpString(k), ': ');
    dump(o[k], out);
  }
  out.push('}');
}

/**
 * JSON text exactly as Python's `json.dumps(value)` writes it with its
 * defaults, as Keras stores configs: `", "` and `": "` separators, non-ASCII
 * escaped as `\uXXXX` (`ensure_ascii`), whole numbers as integers, every
 * other number (and every number marked by {@link optimizerConfigFloats})
 * as Python's float `repr`.
 */
export function stringifyPythonJson(value: unknown): string {
  const out: string[] = [];
  dump(value, out);
  return out.join('');
}

/** Escapes every non-ASCII character as `\uXXXX`, as Python's `json.dumps` does by default (`ensure_ascii=True`). */
export function ensureAscii(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
