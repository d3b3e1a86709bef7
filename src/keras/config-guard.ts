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
 * Parses a JSON document, then checks it with {@link checkConfigTree}.
 * @param text the JSON text.
 * @param what what the text is, for messages (`model_config`, `JSON`).
 * @throws KerasFormatError `BAD_JSON` (with line and column when the engine
 *   reports a position), `PROTOTYPE_KEY`, `CONFIG_TOO_DEEP`.
 */
export function parseConfigJson(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = jsonErrorOffset(text);
    let where = '';
    if (pos >= 0) {
      const before = text.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      where = ` (line ${line}, column ${column})`;
    }
    throw new KerasFormatError('BAD_JSON', `${what} is not valid JSON${where}: ${msg}`, { cause: e });
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
 * The offset of the first JSON syntax error in `text` (-1 when none is
 * found): a scan that only validates, run after `JSON.parse` failed, since
 * engines differ in whether their messages carry a position.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++; else break;
    }
  };
  // Containers are tracked on an explicit stack: '{' or '['.
  const stack: number[] = [];
  let expectValue = true;
  for (;;) {
    ws();
    if (expectValue) {
      if (i >= n) return i;
      const c = text[i]!;
      if (c === '{' || c === '[') {
        stack.push(c === '{' ? 1 : 2);
        i++;
        ws();
        if (text[i] === (c === '{' ? '}' : ']')) { stack.pop(); i++; expectValue = false; continue; }
        if (c === '{') {
          if (!scanString()) return i;
          ws();
          if (text[i] !== ':') return i;
          i++;
        }
        continue;
      }
      if (c === '"') { if (!scanString()) return i; expectValue = false; continue; }
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) return i;
      i += m[0].length;
      expectValue = false;
      continue;
    }
    if (stack.length === 0) return i < n ? i : -1;
    const top = stack[stack.length - 1]!;
    const c = text[i];
    if (c === ',') {
      i++;
      if (top === 1) {
        ws();
        if (!scanString()) return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
      }
      expectValue = true;
      continue;
    }
    if ((top === 1 && c === '}') || (top === 2 && c === ']')) { stack.pop(); i++; continue; }
    return i;
  }

  function scanString(): boolean {
    if (text[i] !== '"') return false;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) { i++; return true; }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  }
}
