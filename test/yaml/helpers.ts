/**
 * Shared pieces of the YAML tests: the PyYAML oracle (scripts/yaml_oracle.py,
 * one batched process per test file), the tagged JSON that carries Python
 * values without losing int / float / tuple, and a deep comparison that
 * tells where two values differ.
 */
import { runPython } from '../helpers/oracles.js';
import { PythonTuple } from '../../src/yaml/index.js';

const F = '\u0001float';
const I = '\u0001int';
const T = '\u0001tuple';
const M = '\u0001map';

/** A test-only marker: this number is a Python float even if it is integer-valued. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type OracleOp =
  | { op: 'load' | 'load_all' | 'full_load'; text: string }
  | { op: 'dump'; value: unknown; options?: Record<string, unknown> }
  | { op: 'repr'; value: unknown }
  | { op: 'h5_config'; path: string; attr: string };

export interface OracleResult {
  ok: boolean;
  value?: unknown;
  text?: string;
  error?: string;
  message?: string;
  line?: number;
  column?: number;
}

/** Runs all ops in one Python process. */
export function runOracle(ops: OracleOp[]): OracleResult[] {
  return runPython<{ results: OracleResult[] }>(['scripts/yaml_oracle.py'], { ops }).results;
}

/**
 * JavaScript value → tagged JSON for the oracle, as the Python value our
 * writer means: safe integers (not -0) are ints, other numbers and PyFloat
 * are floats, PythonTuple (and arrays `isTuple` picks) are tuples.
 */
export function toOracle(v: unknown, isTuple: (path: (string | number)[]) => boolean = () => false, path: (string | number)[] = []): unknown {
  if (v instanceof PyFloat) return { [F]: floatString(v.value) };
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) && !Object.is(v, -0) ? v : { [F]: floatString(v) };
    case 'bigint':
      return { [I]: String(v) };
    case 'object': {
      if (v === null) return null;
      if (v instanceof PythonTuple) return { [T]: v.items.map((x, i) => toOracle(x, isTuple, [...path, i])) };
      if (Array.isArray(v)) {
        const items = v.map((x, i) => toOracle(x, isTuple, [...path, i]));
        return isTuple(path) ? { [T]: items } : items;
      }
      return { [M]: Object.keys(v).map((k) => [k, toOracle((v as Record<string, unknown>)[k], isTuple, [...path, k])]) };
    }
    default:
      return v;
  }
}

function floatString(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Tagged JSON from the oracle → JavaScript (tuples as PythonTuple when `keepTuples`, else arrays). */
export function fromOracle(v: unknown, keepTuples = false): unknown {
  if (Array.isArray(v)) return v.map((x) => fromOracle(x, keepTuples));
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (F in o) {
      const s = o[F] as string;
      return s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' ? NaN : Number(s);
    }
    if (I in o) return BigInt(o[I] as string);
    if (T in o) {
      const items = (o[T] as unknown[]).map((x) => fromOracle(x, keepTuples));
      return keepTuples ? new PythonTuple(items) : items;
    }
    if (M in o) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of o[M] as [string, unknown][]) {
        Object.defineProperty(out, k, { value: fromOracle(x, keepTuples), writable: true, enumerable: true, configurable: true });
      }
      return out;
    }
    throw new Error('untagged object from the oracle');
  }
  return v;
}

/** Replaces PyFloat markers by their numbers. */
export function stripFloats(v: unknown): unknown {
  if (v instanceof PyFloat) return v.value;
  if (v instanceof PythonTuple) return new PythonTuple(v.items.map(stripFloats));
  if (Array.isArray(v)) return v.map(stripFloats);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: stripFloats((v as Record<string, unknown>)[k]), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** The paths (as JSON text) of PyFloat markers, for a `pythonFloats` predicate. */
export function floatPaths(v: unknown, path: (string | number)[] = [], out = new Set<string>()): Set<string> {
  if (v instanceof PyFloat) out.add(JSON.stringify(path));
  else if (v instanceof PythonTuple) v.items.forEach((x, i) => floatPaths(x, [...path, i], out));
  else if (Array.isArray(v)) v.forEach((x, i) => floatPaths(x, [...path, i], out));
  else if (typeof v === 'object' && v !== null) for (const k of Object.keys(v)) floatPaths((v as Record<string, unknown>)[k], [...path, k], out);
  return out;
}

/** Replaces PythonTuple by arrays (what parseYaml gives without keepTuples). */
export function tuplesToArrays(v: unknown): unknown {
  if (v instanceof PythonTuple) return v.items.map(tuplesToArrays);
  if (Array.isArray(v)) return v.map(tuplesToArrays);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: tuplesToArrays((v as Record<string, unknown>)[k]), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/**
 * Deep comparison: numbers by Object.is (so NaN equals NaN and -0 differs
 * from 0), bigints by value, PythonTuple only with PythonTuple, mappings by
 * key set (order ignored). Returns null when equal, else where they differ.
 */
export function difference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b) ? null : `${path}: ${a} vs ${b}`;
  if (typeof a !== typeof b) return `${path}: ${describe(a)} vs ${describe(b)}`;
  if (typeof a !== 'object' || a === null || b === null) return a === b ? null : `${path}: ${describe(a)} vs ${describe(b)}`;
  if ((a instanceof PythonTuple) !== (b instanceof PythonTuple)) return `${path}: tuple vs non-tuple`;
  const aItems = a instanceof PythonTuple ? a.items : Array.isArray(a) ? a : null;
  const bItems = b instanceof PythonTuple ? (b as PythonTuple).items : Array.isArray(b) ? b : null;
  if ((aItems === null) !== (bItems === null)) return `${path}: sequence vs mapping`;
  if (aItems !== null && bItems !== null) {
    if (aItems.length !== bItems.length) return `${path}: length ${aItems.length} vs ${bItems.length}`;
    for (let i = 0; i < aItems.length; i++) {
      const d = difference(aItems[i], bItems[i], `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  const ak = Object.keys(a).sort();
  const bk = Object.keys(b as object).sort();
  if (ak.join('\u0000') !== bk.join('\u0000')) return `${path}: keys ${JSON.stringify(ak)} vs ${JSON.stringify(bk)}`;
  for (const k of ak) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d !== null) return d;
  }
  return null;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'array' : 'object';
  return String(v);
}

/** A readable one-line form of a test input for failure messages. */
export function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
}
