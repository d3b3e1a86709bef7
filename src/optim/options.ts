/**
 * One reader for optimizer and schedule options, whether they arrive as
 * camelCase constructor options or as a snake_case Keras config. Each class
 * declares its fields once (snake name, camel name, rules); the reader
 * validates types and ranges, reports the offending key with its full path,
 * and refuses keys nobody read.
 */
import { OptimizerError } from './errors.js';

/** How option keys are spelled in the source being read. */
export type Naming = 'camel' | 'snake';

/** Range and kind rules for a numeric option. */
export interface NumberRules {
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Must be a whole number. */
  integer?: boolean;
  /** Kept in a float32 (as Keras keeps it in a float32 variable): must not round to infinity there. */
  float32?: boolean;
  /** `Infinity` is accepted (Keras's "no limit": `clipvalue=float('inf')`). */
  infinity?: boolean;
}

/** Keys no object may carry (prototype pollution guards). */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Carries a config reader through a constructor's options argument. */
export const READER = Symbol('purekeras.optim.reader');

/** The internal shape of options that carry a reader. */
export interface ReaderCarrier {
  [READER]?: OptionReader;
}

/**
 * Reads and validates one options object.
 * Values are looked up with `Object.hasOwn`, never through the prototype.
 */
export class OptionReader {
  readonly naming: Naming;
  /** Path prefix for error locations, e.g. `optimizer_config.config`. */
  readonly prefix: string;
  private readonly source: Record<string, unknown>;
  private readonly used = new Set<string>();

  constructor(source: unknown, naming: Naming, prefix: string) {
    if (source === null || typeof source !== 'object' || Array.isArray(source)) {
      throw new OptimizerError('OPTIMIZER_BAD_CONFIG', prefix, `expected an options object, got ${describe(source)}`);
    }
    this.source = source as Record<string, unknown>;
    this.naming = naming;
    this.prefix = prefix;
    for (const key of Object.keys(this.source)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new OptimizerError('OPTIMIZER_UNKNOWN_KEY', this.pathOf(key), `the key "${key}" is not allowed`);
      }
    }
  }

  /** The reader carried by `options` (a config being deserialized), or a camelCase reader over it. */
  static of(options: unknown): OptionReader {
    if (options !== null && typeof options === 'object' && READER in options) {
      return (options as ReaderCarrier)[READER]!;
    }
    return new OptionReader(options ?? {}, 'camel', '');
  }

  /** The key for a field in this reader's naming. */
  keyOf(snake: string, camel: string): string {
    return this.naming === 'snake' ? snake : camel;
  }

  /** The error location of a key. */
  pathOf(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  /** Whether the field is present (and not undefined). Marks it as read. */
  has(snake: string, camel: string): boolean {
    const key = this.keyOf(snake, camel);
    this.used.add(key);
    return Object.hasOwn(this.source, key) && this.source[key] !== undefined;
  }

  /** The raw value of a field (undefined when absent). Marks it as read. */
  raw(snake: string, camel: string): unknown {
    const key = this.keyOf(snake, camel);
    this.used.add(key);
    return Object.hasOwn(this.source, key) ? this.source[key] : undefined;
  }

  /** Marks keys as read without using them (accepted and ignored). */
  ignore(...keys: string[]): void {
    for (const k of keys) this.used.add(k);
  }

  /** Throws a bad-value error located at the field. */
  fail(snake: string, camel: string, message: string, code = 'OPTIMIZER_BAD_VALUE'): never {
    throw new OptimizerError(code, this.pathOf(this.keyOf(snake, camel)), message);
  }

  /** A required-or-defaulted finite number. */
  number(snake: string, camel: string, fallback: number, rules: NumberRules = {}): number {
    const v = this.raw(snake, camel);
    if (v === undefined || v === null) {
      if (v === null && this.naming === 'camel') this.fail(snake, camel, 'expected a number, got null');
      return fallback;
    }
    return this.checkNumber(snake, camel, v, rules);
  }

  /** A number that must be present. */
  requiredNumber(snake: string, camel: string, rules: NumberRules = {}): number {
    const v = this.raw(snake, camel);
    if (v === undefined || v === null) this.fail(snake, camel, 'is required');
    return this.checkNumber(snake, camel, v, rules);
  }

  /** A number, or null when absent or null (Keras's `None`). */
  optionalNumber(snake: string, camel: string, rules: NumberRules = {}): number | null {
    const v = this.raw(snake, camel);
    if (v === undefined || v === null) return null;
    return this.checkNumber(snake, camel, v, rules);
  }

  /** A boolean with a default. */
  bool(snake: string, camel: string, fallback: boolean): boolean {
    const v = this.raw(snake, camel);
    if (v === undefined || (v === null && this.naming === 'snake')) return fallback;
    if (typeof v !== 'boolean') this.fail(snake, camel, `expected true or false, got ${describe(v)}`);
    return v;
  }

  /** A string, or null when absent. */
  optionalString(snake: string, camel: string): string | null {
    const v = this.raw(snake, camel);
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') this.fail(snake, camel, `expected a string, got ${describe(v)}`);
    return v;
  }

  /** An array of finite numbers. */
  numberArray(snake: string, camel: string): number[] {
    const v = this.raw(snake, camel);
    if (!Array.isArray(v)) this.fail(snake, camel, `expected an array of numbers, got ${describe(v)}`);
    const out: number[] = [];
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new OptimizerError('OPTIMIZER_BAD_VALUE', `${this.pathOf(this.keyOf(snake, camel))}[${i}]`, `expected a finite number, got ${describe(x)}`);
      }
      out.push(x);
    }
    return out;
  }

  /** Refuses any key that no field read. */
  finish(): void {
    for (const key of Object.keys(this.source)) {
      if (!this.used.has(key)) {
        throw new OptimizerError('OPTIMIZER_UNKNOWN_KEY', this.pathOf(key), `unknown option "${key}"`);
      }
    }
  }

  private checkNumber(snake: string, camel: string, v: unknown, rules: NumberRules): number {
    if (typeof v !== 'number' || Number.isNaN(v)) this.fail(snake, camel, `expected a number, got ${describe(v)}`);
    if (v === Infinity && rules.infinity) return v;
    if (!Number.isFinite(v)) this.fail(snake, camel, `expected a finite number, got ${v}`);
    if (rules.float32 && !Number.isFinite(Math.fround(v))) {
      this.fail(snake, camel, `${v} overflows float32, the type Keras keeps it in (largest magnitude 3.4028234663852886e+38)`);
    }
    if (rules.integer && !Number.isInteger(v)) this.fail(snake, camel, `expected a whole number, got ${v}`);
    if (rules.min !== undefined && v < rules.min) this.fail(snake, camel, `must be >= ${rules.min}, got ${v}`);
    if (rules.max !== undefined && v > rules.max) this.fail(snake, camel, `must be <= ${rules.max}, got ${v}`);
    if (rules.above !== undefined && v <= rules.above) this.fail(snake, camel, `must be > ${rules.above}, got ${v}`);
    return v;
  }
}

/** A short description of a value for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}
