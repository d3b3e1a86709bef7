/**
 * `stringifyYaml`: JavaScript values to the YAML text PyYAML's default
 * `yaml.dump` writes for the equivalent Python values — the representer
 * (sorted keys, number spellings, `!!python/tuple`, flow style, anchors for
 * shared values) and the emitter's states (`yaml/representer.py`,
 * `serializer.py`, `emitter.py`), byte for byte.
 */
import { A_BLOCK_PLAIN, A_EMPTY, A_FLOW_PLAIN, A_MULTILINE, A_SINGLE, analyzeScalar, analyzedLength } from './analyze.js';
import { Emitter } from './emitter.js';
import { yamlValueError } from './errors.js';
import { numberText, pythonFloatText } from './float-repr.js';
import { YAML_DEFAULT_LIMITS } from './parse.js';
import { PythonTuple } from './python-tuple.js';
import { resolvesAsString } from './resolve.js';

/** A value's place in the document: mapping keys and sequence indices from the top. */
export type YamlPath = readonly (string | number)[];

/** Options of {@link stringifyYaml}. */
export interface StringifyYamlOptions {
  /**
   * PyYAML's `default_flow_style`. `false` (default, PyYAML ≥ 5.1): block
   * style everywhere. `null` (PyYAML < 5.1, what most Keras 2 YAML files
   * show): a collection holding only scalars is written in flow style
   * (`[null, 1]`, `{mode: fan_avg, seed: null}`). `true`: flow style everywhere.
   */
  flowStyle?: boolean | null;
  /**
   * Which arrays to write as `!!python/tuple` (Keras 2 wrote shapes, kernel
   * sizes and strides so). `false` (default): none, except `PythonTuple`
   * instances, which always are. `true`: every array. A function: the arrays
   * for which it returns true; it gets the array's path (reused between
   * calls: copy it to keep it) and the array.
   */
  pythonTuples?: boolean | ((path: YamlPath, value: readonly unknown[]) => boolean);
  /**
   * Which integer-valued numbers to write as Python floats (`1.0` rather
   * than `1`), since JavaScript cannot tell `1.0` from `1`. Non-integers,
   * -0, ±Infinity, NaN and integers beyond ±(2^53 − 1) are always floats.
   * Gets the number's path (reused between calls) and the number.
   */
  pythonFloats?: (path: YamlPath, value: number) => boolean;
  /** PyYAML's `sort_keys`: write mapping keys in code-point order. Default true. */
  sortKeys?: boolean;
  /**
   * PyYAML's `allow_unicode`: write non-ASCII characters as they are.
   * Default false: they are escaped inside double quotes, as PyYAML does.
   */
  allowUnicode?: boolean;
  /** PyYAML's `indent`: spaces per level, 2 to 9. Default 2. */
  indent?: number;
  /** PyYAML's `width`: the column past which long scalars wrap. Default 80; `Infinity` never wraps. */
  width?: number;
  /** How deep collections may nest. Default 512, as for reading. */
  maxDepth?: number;
}

/** A simple key as written, and its width in columns. */
interface KeyText { text: string; width: number }
/** Marks a key that needs the `? key` form. */
const NOT_SIMPLE: KeyText = { text: '', width: 0 };

/** Thrown inside the first pass when a value is met twice: the writer restarts with anchors. */
const SHARED = Symbol('shared value');

/**
 * Writes a value as YAML text, exactly as PyYAML's default `yaml.dump`
 * (`Dumper`, `sort_keys=True`) writes the matching Python value: block style
 * (or PyYAML < 5.1's mixed style with `flowStyle: null`), keys sorted,
 * strings quoted only where needed (single quotes first, double quotes with
 * escapes when required), numbers as Python prints them, `PythonTuple`s (and
 * arrays chosen by `pythonTuples`) tagged `!!python/tuple`, values used
 * twice written once with an `&id001` anchor and then as `*id001`.
 *
 * Accepts null, booleans, numbers, bigints, strings, arrays, `PythonTuple`
 * and plain objects (prototype `Object.prototype` or null).
 *
 * @param value the value to write.
 * @param options see {@link StringifyYamlOptions}; defaults match `yaml.dump(value)`.
 * @returns the YAML text, ending in a line break.
 * @throws YamlError UNSUPPORTED_VALUE (undefined, functions, symbols, other
 *   objects) or CIRCULAR_VALUE, with the value's `path`; TOO_DEEP past `maxDepth`.
 *
 * @example
 * stringifyYaml({ units: 1, batch_input_shape: new PythonTuple([null, 1]) }, { flowStyle: null });
 * // 'batch_input_shape: !!python/tuple [null, 1]\nunits: 1\n'
 */
export function stringifyYaml(value: unknown, options: StringifyYamlOptions = {}): string {
  let writer = new Writer(options, null);
  try {
    const text = writer.document(value);
    keepShape(writer);
    return text;
  } catch (e) {
    if (e === SHARED) {
      writer = new Writer(options, anchorsFor(value, options));
      return writer.document(value);
    }
    if (e instanceof RangeError) throw yamlValueError('TOO_DEEP', 'the value nests too deeply for this JavaScript stack; lower maxDepth', '');
    throw e;
  }
}

/**
 * One emptied writer kept for the life of the module: V8 holds the hidden
 * classes of class instances only weakly, and with none alive a full GC
 * drops them and deoptimises every compiled writer method (see parser.ts).
 */
let keptWriter: Writer | null = null;

function keepShape(writer: Writer): void {
  if (keptWriter !== null) return;
  writer.release();
  keptWriter = writer;
}

class Writer extends Emitter {
  private readonly flowStyle: boolean | null;
  private readonly sortKeys: boolean;
  private readonly tuples: boolean | ((path: YamlPath, value: readonly unknown[]) => boolean);
  private readonly floats: ((path: YamlPath, value: number) => boolean) | undefined;
  private readonly maxDepth: number;
  private readonly path: (string | number)[] = [];
  private depth = 0;
  /** Anchors for values used more than once (second pass), else null. */
  private readonly anchors: Map<object, string> | null;
  /** First pass: collections met so far; second pass: anchored collections already written. */
  private readonly met = new Set<object>();
  /** Rendered simple keys, for block and for flow context (`simpleKey`). */
  private readonly blockKeys = new Map<string, KeyText>();
  private readonly flowKeys = new Map<string, KeyText>();

  constructor(options: StringifyYamlOptions, anchors: Map<object, string> | null) {
    super(options.indent ?? 2, options.width ?? 80, options.allowUnicode === true);
    this.flowStyle = options.flowStyle === undefined ? false : options.flowStyle;
    this.sortKeys = options.sortKeys !== false;
    this.tuples = options.pythonTuples ?? false;
    this.floats = options.pythonFloats;
    this.maxDepth = options.maxDepth ?? YAML_DEFAULT_LIMITS.maxDepth;
    this.anchors = anchors;
  }

  /** Drops the text and the values met, keeping the object's shape (see `keepShape`). */
  release(): void {
    this.out = '';
    this.met.clear();
    this.blockKeys.clear();
    this.flowKeys.clear();
    this.path.length = 0;
  }

  document(value: unknown): string {
    this.node(value, true, false);
    this.writeIndent();
    if (this.openEnded) {
      this.writeIndicator('...', true);
      this.writeIndent();
    }
    return this.out;
  }

  /** `expect_node` for any value. */
  private node(v: unknown, root: boolean, mapping: boolean): void {
    switch (typeof v) {
      case 'string': this.string(v, root, false, analyzeScalar(v, this.allowUnicode)); return;
      case 'number': this.plainScalar(this.number(v), root); return;
      case 'boolean': this.plainScalar(v ? 'true' : 'false', root); return;
      case 'bigint': this.plainScalar(String(v), root); return;
      case 'object':
        if (v === null) { this.plainScalar('null', root); return; }
        break;
      default:
        throw yamlValueError('UNSUPPORTED_VALUE', `cannot write ${typeof v === 'undefined' ? 'undefined' : `a ${typeof v}`} as YAML`, formatPath(this.path));
    }
    let items: readonly unknown[] | null = null;
    let tuple = false;
    if (Array.isArray(v)) {
      items = v as unknown[];
      tuple = this.tuples === true || (typeof this.tuples === 'function' && this.tuples(this.path, items));
    } else if (v instanceof PythonTuple) {
      items = v.items;
      tuple = true;
    } else {
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        const name = (v as { constructor?: { name?: string } }).constructor?.name ?? 'object';
        throw yamlValueError('UNSUPPORTED_VALUE', `cannot write a ${name} as YAML (only plain objects, arrays, PythonTuple and scalars)`, formatPath(this.path));
      }
    }
    if (!(tuple && items!.length === 0)) { // PyYAML never anchors the empty tuple
      if (this.anchors === null) {
        if (this.met.has(v)) throw SHARED;
        this.met.add(v);
      } else {
        const anchor = this.anchors.get(v);
        if (anchor !== undefined) {
          if (this.met.has(v)) {
            this.writeIndicator(`*${anchor}`, true);
            return;
          }
          this.met.add(v);
          this.writeIndicator(`&${anchor}`, true);
        }
      }
    }
    if (++this.depth > this.maxDepth) {
      throw yamlValueError('TOO_DEEP', `collections nest deeper than maxDepth (${this.maxDepth})`, formatPath(this.path));
    }
    if (items !== null) {
      if (tuple) this.writeIndicator('!!python/tuple', true);
      if (this.flowLevel > 0 || items.length === 0 || this.flowStyleOf(items)) this.flowSequence(items);
      else this.blockSequence(items, mapping);
    } else {
      const map = v as Record<string, unknown>;
      const keys = this.keysOf(map);
      if (this.flowLevel > 0 || keys.length === 0 || this.flowStyleOfMap(map, keys)) this.flowMapping(map, keys);
      else this.blockMapping(map, keys);
    }
    this.depth--;
  }

  private number(v: number): string {
    const floats = this.floats;
    if (floats !== undefined && Number.isSafeInteger(v) && floats(this.path, v)) return pythonFloatText(v);
    return numberText(v);
  }

  /** The representer's flow-style choice for a sequence. */
  private flowStyleOf(items: readonly unknown[]): boolean {
    if (this.flowStyle !== null) return this.flowStyle;
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item === 'object' && item !== null) return false;
    }
    return true;
  }

  private flowStyleOfMap(map: Record<string, unknown>, keys: readonly string[]): boolean {
    if (this.flowStyle !== null) return this.flowStyle;
    for (let i = 0; i < keys.length; i++) {
      const item = map[keys[i]!];
      if (typeof item === 'object' && item !== null) return false;
    }
    return true;
  }

  private keysOf(map: Record<string, unknown>): string[] {
    const keys = Object.keys(map);
    return this.sortKeys ? sortByCodePoint(keys) : keys;
  }

  /** A scalar PyYAML always writes plain: numbers, booleans, null. */
  private plainScalar(text: string, root: boolean): void {
    const previous = this.increaseIndent(true, false);
    this.writePlain(text, true, root);
    this.indent = previous;
  }

  /** A string, in the style `choose_scalar_style` picks from its analysis `a`. */
  private string(text: string, root: boolean, simpleKey: boolean, a: number): void {
    const previous = this.increaseIndent(true, false);
    if ((a & (this.flowLevel > 0 ? A_FLOW_PLAIN : A_BLOCK_PLAIN)) !== 0
      && !(simpleKey && (a & (A_EMPTY | A_MULTILINE)) !== 0)
      && resolvesAsString(text)) {
      this.writePlain(text, !simpleKey, root);
    } else if ((a & A_SINGLE) !== 0 && !(simpleKey && (a & A_MULTILINE) !== 0)) {
      this.writeSingleQuoted(text, !simpleKey);
    } else {
      this.writeDoubleQuoted(text, !simpleKey);
    }
    this.indent = previous;
  }

  private blockSequence(items: readonly unknown[], mapping: boolean): void {
    const previous = this.increaseIndent(false, mapping && !this.indention);
    const path = this.path;
    for (let i = 0; i < items.length; i++) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      path.push(i);
      this.node(items[i], false, false);
      path.pop();
    }
    this.indent = previous;
  }

  /**
   * Writes `key` as a simple key (`check_simple_key`) and returns true, or
   * writes nothing and returns false when it needs the `? key` form. A
   * simple key never wraps, so its text depends only on the key and on
   * block vs flow context: it is rendered once and cached.
   */
  private simpleKey(key: string): boolean {
    const cache = this.flowLevel > 0 ? this.flowKeys : this.blockKeys;
    let entry = cache.get(key);
    if (entry === undefined) {
      const a = analyzeScalar(key, this.allowUnicode);
      if (isSimpleKey(a)) {
        const out = this.out;
        const column = this.column;
        const whitespace = this.whitespace;
        const indention = this.indention;
        this.out = '';
        this.whitespace = true;
        this.string(key, false, true, a);
        entry = { text: this.out, width: this.column - column };
        this.out = out;
        this.column = column;
        this.whitespace = whitespace;
        this.indention = indention;
      } else {
        entry = NOT_SIMPLE;
      }
      if (cache.size < 4096) cache.set(key, entry);
    }
    if (entry === NOT_SIMPLE) return false;
    if (!this.whitespace) {
      this.out += ' ';
      this.column++;
    }
    this.out += entry.text;
    this.column += entry.width;
    this.whitespace = false;
    this.indention = false;
    return true;
  }

  private blockMapping(map: Record<string, unknown>, keys: readonly string[]): void {
    const previous = this.increaseIndent(false, false);
    const path = this.path;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      this.writeIndent();
      path.push(key);
      if (this.simpleKey(key)) {
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.string(key, false, false, analyzeScalar(key, this.allowUnicode));
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.node(map[key], false, true);
      path.pop();
    }
    this.indent = previous;
  }

  private flowSequence(items: readonly unknown[]): void {
    this.writeIndicator('[', true, true);
    this.flowLevel++;
    const previous = this.increaseIndent(true, false);
    const path = this.path;
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      path.push(i);
      this.node(items[i], false, false);
      path.pop();
    }
    this.indent = previous;
    this.flowLevel--;
    this.writeIndicator(']', false);
  }

  private flowMapping(map: Record<string, unknown>, keys: readonly string[]): void {
    this.writeIndicator('{', true, true);
    this.flowLevel++;
    const previous = this.increaseIndent(true, false);
    const path = this.path;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0) this.writeIndicator(',', false);
      if (this.column > this.bestWidth) this.writeIndent();
      path.push(key);
      if (this.simpleKey(key)) {
        this.writeIndicator(':', false);
      } else {
        this.writeIndicator('?', true);
        this.string(key, false, false, analyzeScalar(key, this.allowUnicode));
        if (this.column > this.bestWidth) this.writeIndent();
        this.writeIndicator(':', true);
      }
      this.node(map[key], false, true);
      path.pop();
    }
    this.indent = previous;
    this.flowLevel--;
    this.writeIndicator('}', false);
  }
}

/**
 * PyYAML's `check_simple_key` for a string key: not empty, one line, and
 * shorter than 128 characters counting the `!!str` tag PyYAML prepares for
 * the check even though it never writes it — so at most 122 characters.
 * Longer keys are written `? key` / `: value`.
 */
function isSimpleKey(analysis: number): boolean {
  return analyzedLength + '!!str'.length < 128 && (analysis & (A_EMPTY | A_MULTILINE)) === 0;
}

/**
 * The anchors PyYAML's serializer would give: walking in writing order, a
 * collection met a second time gets `id001`, `id002`, … in order of those
 * second meetings. Refuses values that contain themselves.
 */
function anchorsFor(root: unknown, options: StringifyYamlOptions): Map<object, string> {
  const state = new Map<object, string | null>();
  const open = new Set<object>();
  const path: (string | number)[] = [];
  const sortKeys = options.sortKeys !== false;
  const tuples = options.pythonTuples ?? false;
  let last = 0;
  const walk = (v: unknown): void => {
    if (typeof v !== 'object' || v === null) return;
    let items: readonly unknown[] | null = null;
    let emptyTuple = false;
    if (Array.isArray(v)) {
      items = v as unknown[];
      emptyTuple = items.length === 0 && (tuples === true || (typeof tuples === 'function' && tuples(path, items)));
    } else if (v instanceof PythonTuple) {
      items = v.items;
      emptyTuple = items.length === 0;
    }
    if (emptyTuple) return;
    if (state.has(v)) {
      if (open.has(v)) throw yamlValueError('CIRCULAR_VALUE', 'the value contains itself; YAML written here cannot hold cycles', formatPath(path));
      if (state.get(v) === null) state.set(v, `id${String(++last).padStart(3, '0')}`);
      return;
    }
    state.set(v, null);
    open.add(v);
    if (items !== null) {
      for (let i = 0; i < items.length; i++) {
        path.push(i);
        walk(items[i]);
        path.pop();
      }
    } else {
      const map = v as Record<string, unknown>;
      const keys = Object.keys(map);
      for (const key of sortKeys ? sortByCodePoint(keys) : keys) {
        path.push(key);
        walk(map[key]);
        path.pop();
      }
    }
    open.delete(v);
  };
  walk(root);
  const anchors = new Map<object, string>();
  for (const [value, anchor] of state) if (anchor !== null) anchors.set(value, anchor);
  return anchors;
}

/** Sorts keys in code-point order (Python's), which differs from UTF-16 order only above U+D7FF. */
function sortByCodePoint(keys: string[]): string[] {
  const n = keys.length;
  if (n < 2) return keys;
  if (n <= 24) { // insertion sort: faster than Array#sort for a config's handful of keys
    for (let i = 1; i < n; i++) {
      const x = keys[i]!;
      let j = i - 1;
      while (j >= 0 && keys[j]! > x) {
        keys[j + 1] = keys[j]!;
        j--;
      }
      keys[j + 1] = x;
    }
  } else {
    keys.sort();
  }
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    for (let j = 0; j < key.length; j++) if (key.charCodeAt(j) >= 0xd800) return keys.sort(compareCodePoints);
  }
  return keys;
}

function compareCodePoints(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n;) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    i += x > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

/** `config.layers[2].name`, with keys that are not identifiers quoted: `["a b"]`. */
function formatPath(path: readonly (string | number)[]): string {
  let s = '';
  for (const part of path) {
    if (typeof part === 'number') s += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) s += s === '' ? part : `.${part}`;
    else s += `[${JSON.stringify(part)}]`;
  }
  return s;
}
