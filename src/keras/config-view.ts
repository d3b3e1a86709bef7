/**
 * A reader over one config dict that knows where it sits (layer name and
 * path) and which keys were consumed, so a translation can refuse what it
 * does not understand by path instead of dropping it.
 */
import { KerasFormatError, describeValue } from './errors.js';
import { isObject, joinPath, own, type Json, type JsonObject } from './config-guard.js';

/** A shape with `null` for unknown dimensions, as Keras writes it. */
export type ConfigShape = (number | null)[];

/** Reads one config dict with its location. */
export class ConfigView {
  private readonly used = new Set<string>();

  /**
   * @throws KerasFormatError `BAD_CONFIG` when `obj` is not a dict.
   */
  constructor(readonly obj: Json | undefined, readonly layerName: string, readonly path: string) {
    if (!isObject(obj)) {
      throw new KerasFormatError('BAD_CONFIG', `expected a config dict, got ${describeValue(obj)}`, { layerName, configPath: path });
    }
  }

  private get dict(): JsonObject {
    return this.obj as JsonObject;
  }

  /** The path of `key` inside this dict. */
  at(key: string): string {
    return joinPath(this.path, key);
  }

  /** The raw value, `undefined` when absent. Marks the key used. */
  raw(key: string): Json | undefined {
    this.used.add(key);
    return own(this.dict, key);
  }

  /** True when the key is present and not null. Marks it used. */
  has(key: string): boolean {
    const v = this.raw(key);
    return v !== undefined && v !== null;
  }

  /** The first of `keys` that is present and not null (its key and value), else undefined. */
  first(...keys: string[]): { key: string; value: Json } | undefined {
    let found: { key: string; value: Json } | undefined;
    for (const k of keys) {
      const v = this.raw(k);
      if (found === undefined && v !== undefined && v !== null) found = { key: k, value: v };
    }
    return found;
  }

  /** Marks keys as consumed without reading them. */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** A string, `def` when absent or null. */
  string(key: string, def?: string): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'string') this.fail(key, `expected a string, got ${describeValue(v)}`);
    return v;
  }

  /** A boolean, `def` when absent or null. */
  bool(key: string, def: boolean): boolean {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'boolean') this.fail(key, `expected true or false, got ${describeValue(v)}`);
    return v;
  }

  /** A finite number, `def` when absent or null. */
  number(key: string, def?: number): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return def;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, `expected a number, got ${describeValue(v)}`);
    return v;
  }

  /** A shape (array of non-negative integers or nulls), undefined when absent or null. */
  shape(key: string): ConfigShape | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    return readShape(v, this.layerName, this.at(key));
  }

  /**
   * Refuses every key not consumed.
   * @throws KerasFormatError `BAD_CONFIG` naming the first unknown key by path.
   */
  done(): void {
    for (const k of Object.keys(this.dict)) {
      if (!this.used.has(k)) {
        this.fail(k, `unknown or unsupported config key '${k}' (value ${describeValue(this.dict[k])})`);
      }
    }
  }

  /** Throws `BAD_CONFIG` (or `code`) at `key`. */
  fail(key: string, message: string, code = 'BAD_CONFIG'): never {
    throw this.err(key, message, code);
  }

  /** The `BAD_CONFIG` (or `code`) error at `key`, for `throw v.err(…)` where narrowing matters. */
  err(key: string, message: string, code = 'BAD_CONFIG'): KerasFormatError {
    return new KerasFormatError(code, message, { layerName: this.layerName, configPath: this.at(key) });
  }
}

/**
 * Validates a shape as Keras writes it (tuples arrive as arrays).
 * @throws KerasFormatError `BAD_CONFIG` at `path`.
 */
export function readShape(v: unknown, layerName: string, path: string): ConfigShape {
  if (!Array.isArray(v)) {
    throw new KerasFormatError('BAD_CONFIG', `expected a shape (array of sizes), got ${describeValue(v)}`, { layerName, configPath: path });
  }
  if (v.length > 32) {
    throw new KerasFormatError('BAD_CONFIG', `a shape of rank ${v.length} is not supported`, { layerName, configPath: path });
  }
  const out: ConfigShape = [];
  for (let i = 0; i < v.length; i++) {
    const d = v[i] as unknown;
    if (d === null) { out.push(null); continue; }
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 0 || d > 0x7fffffff) {
      throw new KerasFormatError('BAD_CONFIG', `expected a dimension size, got ${describeValue(d)}`, { layerName, configPath: joinPath(path, i) });
    }
    out.push(d);
  }
  return out;
}
