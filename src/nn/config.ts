/**
 * On-disk Keras config values (the JSON Keras writes) and a reader that
 * walks one config dict with its path, so every bad or unknown key is
 * reported where it sits (`layers[2].config.units`). Prototype keys are
 * refused; keys a reader does not consume are refused by `done()`, never
 * dropped silently.
 */
import { LayerConfigError, describe } from './errors.js';

/** A JSON value as found in a Keras config. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object as found in a Keras config. */
export interface JsonObject { [key: string]: Json }

/** A shape with `null` for unknown dimensions (the batch), as Keras writes it. */
export type Shape = readonly (number | null)[];

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Joins a config path and a key: `a` + `b` → `a.b`; `a` + `[2]` → `a[2]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/** Reads one Keras config dict, tracking which keys were used. */
export class ConfigReader {
  private readonly used = new Set<string>();

  /**
   * @param obj the config dict.
   * @param layerName the layer it belongs to, for errors.
   * @param path where the dict sits, for errors (`''` at the top).
   * @throws LayerConfigError `LAYER_BAD_CONFIG` when `obj` is not a dict or holds a prototype key.
   */
  constructor(readonly obj: JsonObject, readonly layerName: string, readonly path: string) {
    if (!isJsonObject(obj)) {
      throw new LayerConfigError('LAYER_BAD_CONFIG', layerName, path, `expected a config dict, got ${describe(obj)}`);
    }
    for (const k of Object.keys(obj)) {
      if (FORBIDDEN_KEYS.has(k)) {
        throw new LayerConfigError('LAYER_BAD_CONFIG', layerName, joinPath(path, k), `the key '${k}' is not allowed in a config`);
      }
    }
  }

  /** The path of `key` inside this dict. */
  at(key: string): string {
    return joinPath(this.path, key);
  }

  /** Whether the key is present (and not null). Marks it used. */
  has(key: string): boolean {
    this.used.add(key);
    return Object.prototype.hasOwnProperty.call(this.obj, key) && this.obj[key] !== null && this.obj[key] !== undefined;
  }

  /** The raw value (undefined when absent). Marks it used. */
  raw(key: string): Json | undefined {
    this.used.add(key);
    return Object.prototype.hasOwnProperty.call(this.obj, key) ? this.obj[key] : undefined;
  }

  /** Marks keys as consumed without reading them (keys Keras itself ignores). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** A number (or `def` when absent or null). */
  number(key: string, def?: number): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.bad(key, `expected a finite number, got ${describe(v)}`);
    return v;
  }

  /** A boolean (or `def` when absent or null). */
  bool(key: string, def: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'boolean') this.bad(key, `expected true or false, got ${describe(v)}`);
    return v;
  }

  /** A string (or `def` when absent or null). */
  string(key: string, def?: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'string') this.bad(key, `expected a string, got ${describe(v)}`);
    return v;
  }

  /** A shape (array of non-negative integers or nulls), or undefined. */
  shape(key: string): Shape | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    return readShape(v, this.layerName, this.at(key));
  }

  /**
   * Refuses every key not read, so nothing in a config is dropped silently.
   * @throws LayerConfigError `LAYER_UNKNOWN_KEY` naming the first unknown key.
   */
  done(): void {
    for (const k of Object.keys(this.obj)) {
      if (!this.used.has(k)) {
        throw new LayerConfigError('LAYER_UNKNOWN_KEY', this.layerName, this.at(k),
          `unknown or unsupported config key '${k}' (value ${describe(this.obj[k])})`);
      }
    }
  }

  /** Throws `LAYER_BAD_VALUE` at `key`. */
  bad(key: string, message: string): never {
    throw new LayerConfigError('LAYER_BAD_VALUE', this.layerName, this.at(key), message);
  }
}

/**
 * Validates a shape as Keras writes it: an array of non-negative integers or
 * nulls.
 * @throws LayerConfigError `LAYER_BAD_VALUE` at `path`.
 */
export function readShape(v: unknown, layerName: string, path: string): Shape {
  if (!Array.isArray(v)) throw new LayerConfigError('LAYER_BAD_VALUE', layerName, path, `expected a shape (array of sizes), got ${describe(v)}`);
  if (v.length > 32) throw new LayerConfigError('LAYER_BAD_VALUE', layerName, path, `a shape of rank ${v.length} is not supported (at most 32)`);
  const out: (number | null)[] = [];
  for (let i = 0; i < v.length; i++) {
    const d = v[i] as unknown;
    if (d === null) { out.push(null); continue; }
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0 || d > 0x7fffffff) {
      throw new LayerConfigError('LAYER_BAD_VALUE', layerName, joinPath(path, i), `expected a dimension size (non-negative integer or null), got ${describe(d)}`);
    }
    out.push(d);
  }
  return out;
}

/** Checks an option is a finite number within bounds. */
export function checkNumber(v: unknown, layerName: string, key: string, opts: { integer?: boolean; min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean } = {}): number {
  const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.integer || Number.isSafeInteger(v));
  if (!ok) {
    throw new LayerConfigError('LAYER_BAD_VALUE', layerName, key, `expected ${opts.integer ? 'an integer' : 'a finite number'}, got ${describe(v)}`);
  }
  const n = v as number;
  if (opts.min !== undefined && (opts.minExclusive ? n <= opts.min : n < opts.min)) {
    throw new LayerConfigError('LAYER_BAD_VALUE', layerName, key, `expected a value ${opts.minExclusive ? '>' : '>='} ${opts.min}, got ${n}`);
  }
  if (opts.max !== undefined && (opts.maxExclusive ? n >= opts.max : n > opts.max)) {
    throw new LayerConfigError('LAYER_BAD_VALUE', layerName, key, `expected a value ${opts.maxExclusive ? '<' : '<='} ${opts.max}, got ${n}`);
  }
  return n;
}

/** Formats a shape as Keras prints it: `(None, 3)`, `(5,)`. */
export function formatKerasShape(shape: Shape): string {
  const parts = shape.map((d) => (d === null ? 'None' : String(d)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

/** A deep copy of a JSON value (configs handed out are never shared). */
export function cloneJson<T extends Json | undefined>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cloneJson(x)) as T;
  const out: JsonObject = {};
  for (const k of Object.keys(v)) out[k] = cloneJson((v as JsonObject)[k]!);
  return out as T;
}
