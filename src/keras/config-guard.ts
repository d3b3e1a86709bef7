/**
 * Safe handling of Keras config documents (model_config, training_config,
 * to_json output): parsing with a location on syntax errors, and a walk that
 * refuses prototype keys (`__proto__`, `constructor`, `prototype`) and
 * absurd nesting before any other code looks at the tree. Lookups by
 * `class_name` elsewhere go through `Map`s, so no name can reach an object
 * prototype either.
 */
import { KerasFormatError, describeValue } from './errors.js';

/** A JSON value as found in a Keras config. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
/** A JSON object as found in a Keras config. */
export interface JsonObject { [key: string]: Json }

/** Deepest nesting accepted in a config (real Keras configs stay below 15). */
export const MAX_CONFIG_DEPTH = 100;

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** JSON's literal words, and Python's for non-finite floats (`-Infinity` before any number). */
const WORDS: ReadonlyMap<string, Json> = new Map<string, Json>([
  ['true', true], ['false', false], ['null', null], ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity],
]);

/** True for a plain JSON object (not an array, not null). */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own-property read that never consults a prototype. */
export function own(obj: JsonObject, key: string): Json | undefined {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Joins a config path and a key: `a` + `b` → `a.b`; `a` + 2 → `a[2]`. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Parses a JSON document as Python's `json.loads` does (`NaN`, `Infinity`
 * and `-Infinity` accepted: see {@link parsePythonJson}), then checks it
 * with {@link checkConfigTree}.
 * @param text the JSON text.
 * @param what what the text is, for messages (`model_config`, `JSON`).
 * @throws KerasFormatError `BAD_JSON` (with line and column),
 *   `PROTOTYPE_KEY`, `CONFIG_TOO_DEEP`.
 */
export function parseConfigJson(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Python's NaN / Infinity tokens, or a syntax error to locate.
    const parsed = parsePythonJson(text);
    if ('errorAt' in parsed) {
      const msg = e instanceof Error ? e.message : String(e);
      const before = text.slice(0, parsed.errorAt);
      const line = before.split('\n').length;
      const column = parsed.errorAt - before.lastIndexOf('\n');
      throw new KerasFormatError('BAD_JSON', `${what} is not valid JSON (line ${line}, column ${column}): ${msg}`, { cause: e });
    }
    value = parsed.value;
  }
  checkConfigTree(value, '');
  return value as Json;
}

/**
 * Walks a config tree iteratively (no recursion, so no stack overflow) and
 * refuses prototype keys and nesting deeper than {@link MAX_CONFIG_DEPTH}.
 * @throws KerasFormatError `PROTOTYPE_KEY` / `CONFIG_TOO_DEEP` at the offending path.
 */
export function checkConfigTree(root: unknown, rootPath: string): void {
  // Paths are built only for an error: each visited node records its parent
  // and key, so the walk itself allocates no strings.
  const values: unknown[] = [root];
  const parents: number[] = [-1];
  const keys: (string | number)[] = [''];
  const depths: number[] = [0];
  const pathOf = (i: number): string => {
    const parts: (string | number)[] = [];
    for (let j = i; j > 0; j = parents[j]!) parts.push(keys[j]!);
    let path = rootPath;
    for (let k = parts.length - 1; k >= 0; k--) path = joinPath(path, parts[k]!);
    return path;
  };
  const stack: number[] = [0];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const v = values[i];
    if (typeof v !== 'object' || v === null) continue;
    const depth = depths[i]!;
    if (depth > MAX_CONFIG_DEPTH) {
      throw new KerasFormatError('CONFIG_TOO_DEEP', `config nested deeper than ${MAX_CONFIG_DEPTH} levels`, { configPath: pathOf(i) });
    }
    const push = (child: unknown, key: string | number): void => {
      if (typeof child !== 'object' || child === null) return;
      values.push(child); parents.push(i); keys.push(key); depths.push(depth + 1);
      stack.push(values.length - 1);
    };
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) push(v[k], k);
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new KerasFormatError('BAD_CONFIG', `expected plain JSON data, got ${describeValue(v)}`, { configPath: pathOf(i) });
    }
    for (const k of Object.keys(v)) {
      if (PROTOTYPE_KEYS.has(k)) {
        throw new KerasFormatError('PROTOTYPE_KEY', `the key '${k}' is not allowed in a config`, { configPath: joinPath(pathOf(i), k) });
      }
      push((v as Record<string, unknown>)[k], k);
    }
  }
}

/**
 * A deep copy of a JSON tree (configs are translated, never mutated in
 * place, so the caller's document stays as it was).
 */
export function cloneJson<T extends Json>(v: T): T {
  return structuredCloneJson(v) as T;
}

function structuredCloneJson(v: Json): Json {
  if (Array.isArray(v)) return v.map(structuredCloneJson);
  if (isObject(v)) {
    const out: JsonObject = {};
    for (const k of Object.keys(v)) {
      if (PROTOTYPE_KEYS.has(k)) defineOwn(out, k, structuredCloneJson(v[k]!));
      else out[k] = structuredCloneJson(v[k]!);
    }
    return out;
  }
  return v;
}

/** Sets an own data property, even for a key named like a prototype member. */
export function defineOwn(obj: JsonObject, key: string, value: Json): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Parses JSON as Python's `json.loads` reads it: standard JSON plus the bare
 * tokens `NaN`, `Infinity` and `-Infinity`, which Python's `json.dumps`
 * writes for non-finite floats, so Keras configs carry them (an optimizer
 * saved with `clipvalue=float('inf')` has `"clipvalue": Infinity` in its
 * training_config). Run after `JSON.parse` failed: it also gives the offset
 * of the first syntax error, which engines' messages do not always carry.
 * Iterative (no recursion, so no stack overflow on deep input); object keys
 * named like prototype members become own properties, as with `JSON.parse`.
 * @returns `{ value }`, or `{ errorAt }` with the offset of the first error.
 */
export function parsePythonJson(text: string): { value: Json } | { errorAt: number } {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++; else break;
    }
  };
  // Open containers, and for an object the key its next value goes to.
  const open: (JsonObject | Json[])[] = [];
  const keys: string[] = [];
  let root: Json = null;
  const attach = (v: Json): void => {
    const top = open[open.length - 1];
    if (top === undefined) root = v;
    else if (Array.isArray(top)) top.push(v);
    else if (PROTOTYPE_KEYS.has(keys[keys.length - 1]!)) defineOwn(top, keys[keys.length - 1]!, v);
    else top[keys[keys.length - 1]!] = v;
  };
  // An object key and its colon; false on a syntax error (at `i`).
  const key = (): boolean => {
    ws();
    const k = scanString();
    if (k === undefined) return false;
    ws();
    if (text[i] !== ':') return false;
    i++;
    keys[keys.length - 1] = k;
    return true;
  };
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return { errorAt: i };
      const c = text[i]!;
      if (c === '{' || c === '[') {
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) { i++; attach(c === '{' ? {} : []); expectValue = false; continue; }
        open.push(c === '{' ? {} : []);
        keys.push('');
        if (c === '{' && !key()) return { errorAt: i };
        continue;
      }
      let v: Json | undefined;
      if (c === '"') v = scanString();
      else if ((v = scanWord()) === undefined) v = scanNumber();
      if (v === undefined) return { errorAt: i };
      attach(v);
      expectValue = false;
      continue;
    }
    const top = open[open.length - 1];
    if (top === undefined) return i < n ? { errorAt: i } : { value: root };
    const c = text[i];
    if (c === ',') {
      i++;
      if (!Array.isArray(top) && !key()) return { errorAt: i };
      expectValue = true;
      continue;
    }
    if (c === (Array.isArray(top) ? ']' : '}')) {
      i++;
      open.pop();
      keys.pop();
      attach(top);
      continue;
    }
    return { errorAt: i };
  }

  function scanWord(): Json | undefined {
    for (const [word, value] of WORDS) {
      if (text.startsWith(word, i)) { i += word.length; return value; }
    }
    return undefined;
  }

  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? as in JSON and Python.
  function scanNumber(): number | undefined {
    const start = i;
    const digits = (): number => { const from = i; while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++; return i - from; };
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else if (digits() === 0) { i = start; return undefined; }
    if (text[i] === '.') { i++; if (digits() === 0) return undefined; }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      if (digits() === 0) return undefined;
    }
    return Number(text.slice(start, i));
  }

  // A string token, decoded; undefined on a syntax error (at `i`).
  function scanString(): string | undefined {
    if (text[i] !== '"') return undefined;
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return JSON.parse(text.slice(start, i)) as string; }
      if (c < 0x20) return undefined;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return undefined;
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return undefined;
        i += 2;
        continue;
      }
      i++;
    }
    return undefined;
  }
}
