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
const S = '\u0001shared';

/** A test-only marker: this number is a Python float even if it is integer-valued. */
export class PyFloat {
  constructor(readonly value: number) {}
}

export type OracleOp =
  | { op: 'load' | 'load_all' | 'full_load'; text: string }
  | { op: 'dump'; value: unknown; options?: Record<string, unknown> }
  | { op: 'repr'; value: unknown }
  | { op: 'h5_config'; path: string; attr: string }
  | { op: 'keras_dump'; path?: string; text?: string; tuple_keys: string[]; options: Record<string, unknown>[] };

export interface OracleResult {
  ok: boolean;
  value?: unknown;
  text?: string;
  texts?: string[];
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
 * Collects the ops of several describe blocks so a test file starts one
 * Python process: `add` queues ops and returns a getter for their results,
 * which runs the whole batch the first time any getter is called (inside a
 * test, so skipped suites never start Python).
 */
export class OracleBatch {
  private readonly ops: OracleOp[] = [];
  private results: OracleResult[] | null = null;

  add(ops: OracleOp[]): () => OracleResult[] {
    const start = this.ops.length;
    this.ops.push(...ops);
    return () => {
      this.results ??= runOracle(this.ops);
      return this.results.slice(start, start + ops.length);
    };
  }
}

/**
 * JavaScript value → tagged JSON for the oracle, as the Python value our
 * writer means: safe integers (not -0) are ints, other numbers and PyFloat
 * are floats, PythonTuple (and arrays `isTuple` picks) are tuples, and a
 * collection met twice is one shared Python object.
 */
export function toOracle(v: unknown, isTuple: (path: (string | number)[]) => boolean = () => false): unknown {
  const shared = new Map<object, number>();
  const encode = (x: unknown, path: (string | number)[]): unknown => {
    if (x instanceof PyFloat) return { [F]: floatString(x.value) };
    switch (typeof x) {
      case 'number':
        return Number.isSafeInteger(x) && !Object.is(x, -0) ? x : { [F]: floatString(x) };
      case 'bigint':
        return { [I]: String(x) };
      case 'object': {
        if (x === null) return null;
        const id = shared.get(x);
        if (id !== undefined) return { [S]: id };
        const n = shared.size;
        shared.set(x, n);
        let out: unknown;
        if (x instanceof PythonTuple) out = { [T]: x.items.map((y, i) => encode(y, [...path, i])) };
        else if (Array.isArray(x)) {
          const items = x.map((y, i) => encode(y, [...path, i]));
          out = isTuple(path) ? { [T]: items } : items;
        } else {
          out = { [M]: Object.keys(x).map((k) => [k, encode((x as Record<string, unknown>)[k], [...path, k])]) };
        }
        return { [S]: n, value: out };
      }
      default:
        return x;
    }
  };
  return encode(v, []);
}

function floatString(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * Tagged JSON from the oracle → JavaScript: tuples as PythonTuple when
 * `keepTuples` (else arrays), floats as PyFloat when `keepFloats` (else numbers).
 */
export function fromOracle(v: unknown, keepTuples = false, keepFloats = false): unknown {
  if (Array.isArray(v)) return v.map((x) => fromOracle(x, keepTuples, keepFloats));
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (F in o) {
      const s = o[F] as string;
      const x = s === 'inf' ? Infinity : s === '-inf' ? -Infinity : s === 'nan' ? NaN : Number(s);
      return keepFloats ? new PyFloat(x) : x;
    }
    if (I in o) return BigInt(o[I] as string);
    if (T in o) {
      const items = (o[T] as unknown[]).map((x) => fromOracle(x, keepTuples, keepFloats));
      return keepTuples ? new PythonTuple(items) : items;
    }
    if (M in o) {
      const out: Record<string, unknown> = {};
      for (const [k, x] of o[M] as [string, unknown][]) {
        Object.defineProperty(out, k, { value: fromOracle(x, keepTuples, keepFloats), writable: true, enumerable: true, configurable: true });
      }
      return out;
    }
    throw new Error('untagged object from the oracle');
  }
  return v;
}

/** Marks every number our writer writes as a Python float (non-safe-integers and -0) as PyFloat. */
export function markFloats(v: unknown): unknown {
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? v : new PyFloat(v);
  if (v instanceof PyFloat) return v;
  if (v instanceof PythonTuple) return new PythonTuple(v.items.map(markFloats));
  if (Array.isArray(v)) return v.map(markFloats);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      Object.defineProperty(out, k, { value: markFloats((v as Record<string, unknown>)[k]), writable: true, enumerable: true, configurable: true });
    }
    return out;
  }
  return v;
}

/** Replaces PyFloat markers by their numbers, keeping shared collections shared. */
export function stripFloats(v: unknown, memo = new Map<object, unknown>()): unknown {
  if (v instanceof PyFloat) return v.value;
  if (typeof v !== 'object' || v === null) return v;
  const known = memo.get(v);
  if (known !== undefined) return known;
  let out: unknown;
  if (v instanceof PythonTuple) {
    const items: unknown[] = [];
    out = new PythonTuple(items);
    memo.set(v, out);
    for (const x of v.items) items.push(stripFloats(x, memo));
  } else if (Array.isArray(v)) {
    const items: unknown[] = [];
    memo.set(v, items);
    for (const x of v) items.push(stripFloats(x, memo));
    out = items;
  } else {
    const map: Record<string, unknown> = {};
    memo.set(v, map);
    for (const k of Object.keys(v)) {
      Object.defineProperty(map, k, { value: stripFloats((v as Record<string, unknown>)[k], memo), writable: true, enumerable: true, configurable: true });
    }
    out = map;
  }
  return out;
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
  if (a instanceof PyFloat || b instanceof PyFloat) {
    if (!(a instanceof PyFloat && b instanceof PyFloat)) return `${path}: float vs non-float (${describe(a)} vs ${describe(b)})`;
    return Object.is(a.value, b.value) ? null : `${path}: float ${a.value} vs ${b.value}`;
  }
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
  if (v instanceof PyFloat) return `float ${v.value}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'array' : 'object';
  return String(v);
}

/** A readable one-line form of a test input for failure messages. */
export function show(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
}
