/**
 * What a scalar means: PyYAML's implicit resolvers for plain scalars (YAML
 * 1.1 as PyYAML applies it, `yaml/resolver.py`) and its SafeConstructor's
 * conversions for the `!!int`, `!!float`, `!!bool` tags
 * (`yaml/constructor.py`).
 *
 * The same table answers the writer's question "would this string read back
 * as a string if written plain?" (`resolvesAsString`).
 *
 * Deliberate differences from PyYAML, all on the lenient side:
 * - timestamps (`2001-12-14`) stay strings; PyYAML makes `datetime` objects;
 * - a plain `<<` or `=` outside a key position is the string itself; PyYAML
 *   refuses it (no constructor for the merge / value tags);
 * - integers beyond ±(2^53 - 1) become `bigint` so no digit is lost.
 */

// The kinds a plain scalar resolves to (the writer needs only STR or not).
const STR = 0;
const NULL = 1;
const BOOL = 2;
const INT = 3;
const FLOAT = 4;
const MERGE = 5;
const VALUE = 6;
const TIMESTAMP = 7;
const INDICATOR = 8;

// The patterns, from PyYAML's resolver.py; each is tried only for the first
// characters PyYAML registers it for.
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

/** Classifies a plain scalar's text as PyYAML's resolver does, without converting it. */
function classifyPlain(text: string): number {
  const n = text.length;
  if (n === 0) return NULL;
  switch (text.charCodeAt(0)) {
    case 0x7e: // ~
      return n === 1 ? NULL : STR;
    case 0x6e: case 0x4e: // n N
      return text === 'null' || text === 'Null' || text === 'NULL' ? NULL
        : text === 'no' || text === 'No' || text === 'NO' ? BOOL : STR;
    case 0x79: case 0x59: // y Y
      return text === 'yes' || text === 'Yes' || text === 'YES' ? BOOL : STR;
    case 0x74: case 0x54: // t T
      return text === 'true' || text === 'True' || text === 'TRUE' ? BOOL : STR;
    case 0x66: case 0x46: // f F
      return text === 'false' || text === 'False' || text === 'FALSE' ? BOOL : STR;
    case 0x6f: case 0x4f: // o O
      return text === 'on' || text === 'On' || text === 'ON' || text === 'off' || text === 'Off' || text === 'OFF'
        ? BOOL : STR;
    case 0x3c: // <
      return text === '<<' ? MERGE : STR;
    case 0x3d: // =
      return n === 1 ? VALUE : STR;
    case 0x21: case 0x26: case 0x2a: // ! & *
      return n === 1 ? INDICATOR : STR;
    case 0x2d: case 0x2b: case 0x2e: // - + .
    case 0x30: case 0x31: case 0x32: case 0x33: case 0x34:
    case 0x35: case 0x36: case 0x37: case 0x38: case 0x39:
      if (FLOAT_RE.test(text)) return FLOAT;
      if (INT_RE.test(text)) return INT;
      if (TIMESTAMP_RE.test(text)) return TIMESTAMP;
      return STR;
    default:
      return STR;
  }
}

/** True when PyYAML resolves the plain scalar `text` as a float. */
export function isFloatPlain(text: string): boolean {
  return classifyPlain(text) === FLOAT;
}

/** True when `text`, written as a plain scalar, reads back as this same string. */
export function resolvesAsString(text: string): boolean {
  return classifyPlain(text) === STR;
}

/**
 * The value of a plain scalar: null, boolean, number, bigint or the string
 * itself, as PyYAML's SafeLoader would build it (see the file comment for the
 * three deliberate differences).
 */
export function resolvePlain(text: string): unknown {
  const n = text.length;
  if (n === 0) return null;
  const c = text.charCodeAt(0);
  // Fast exits for the common cases before the full classification (by
  // hand, not by regex: V8 may drop compiled regexps at each full GC, and
  // recompiling them costs more than a whole small document).
  if (c >= 0x30 && c <= 0x39 || c === 0x2d) {
    const simple = simpleNumber(text);
    if (simple === 1) {
      const v = +text;
      return v === 0 ? 0 : v; // an int has no negative zero
    }
    if (simple === 2) return +text;
  } else if (c >= 0x61 && c <= 0x7a && c !== 0x6e && c !== 0x79 && c !== 0x74 && c !== 0x66 && c !== 0x6f) {
    return text; // a lowercase word that no resolver claims
  }
  switch (classifyPlain(text)) {
    case NULL: return null;
    case BOOL: return boolValue(text.toLowerCase());
    case INT: return intValue(text);
    case FLOAT: return floatValue(text);
    default: return text;
  }
}

/**
 * 1 for `-?(0|[1-9][0-9]{0,14})` (a safe decimal int), 2 for
 * `-?[0-9]{1,15}.[0-9]{1,17}` (a plain decimal fraction), else 0.
 */
function simpleNumber(text: string): number {
  const n = text.length;
  let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
  const first = i;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d < 0x30 || d > 0x39) break;
    i++;
  }
  const whole = i - first;
  if (whole === 0 || whole > 15) return 0;
  if (i === n) return whole === 1 || text.charCodeAt(first) !== 0x30 ? 1 : 0;
  if (text.charCodeAt(i) !== 0x2e) return 0;
  const dot = ++i;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (d < 0x30 || d > 0x39) return 0;
    i++;
  }
  const fraction = i - dot;
  return fraction >= 1 && fraction <= 17 ? 2 : 0;
}

const BOOL_VALUES: Readonly<Record<string, boolean>> = Object.freeze(Object.assign(Object.create(null) as Record<string, boolean>, {
  yes: true, no: false, true: true, false: false, on: true, off: false,
}));

function boolValue(lower: string): boolean | undefined {
  return BOOL_VALUES[lower];
}

/**
 * PyYAML's `construct_yaml_int`: underscores dropped, sign, `0b` binary,
 * `0x` hex, leading `0` octal, `a:b:c` base 60, else decimal.
 * Returns undefined when the text is not an integer in any of these forms.
 */
export function intValue(text: string): number | bigint | undefined {
  let s = text.indexOf('_') === -1 ? text : text.replace(/_/g, '');
  let negative = false;
  const c = s.charCodeAt(0);
  if (c === 0x2d || c === 0x2b) { negative = c === 0x2d; s = s.slice(1); }
  if (s === '') return undefined;
  let magnitude: number | bigint;
  if (s === '0') return 0;
  if (s.startsWith('0b')) {
    if (!/^[01]+$/.test(s.slice(2))) return undefined;
    magnitude = radixValue(s.slice(2), 2, '0b');
  } else if (s.startsWith('0x')) {
    if (!/^[0-9a-fA-F]+$/.test(s.slice(2))) return undefined;
    magnitude = radixValue(s.slice(2), 16, '0x');
  } else if (s.charCodeAt(0) === 0x30) {
    if (!/^[0-7]+$/.test(s)) return undefined;
    magnitude = radixValue(s, 8, '0o');
  } else if (s.indexOf(':') !== -1) {
    if (!/^[0-9]+(?::[0-9]+)+$/.test(s)) return undefined;
    magnitude = sexagesimalInt(s.split(':'));
  } else {
    if (!/^[0-9]+$/.test(s)) return undefined;
    magnitude = radixValue(s, 10, '');
  }
  if (typeof magnitude === 'bigint') return negative ? -magnitude : magnitude;
  return negative && magnitude !== 0 ? -magnitude : magnitude;
}

function radixValue(digits: string, radix: number, bigintPrefix: string): number | bigint {
  const v = radix === 10 ? +digits : parseInt(digits, radix);
  return v <= Number.MAX_SAFE_INTEGER ? v : BigInt(bigintPrefix + digits);
}

function sexagesimalInt(parts: string[]): number | bigint {
  let value = 0;
  let base = 1;
  for (let i = parts.length - 1; i >= 0; i--) {
    value += +parts[i]! * base;
    base *= 60;
  }
  if (value <= Number.MAX_SAFE_INTEGER) return value;
  let big = 0n;
  let bigBase = 1n;
  for (let i = parts.length - 1; i >= 0; i--) {
    big += BigInt(parts[i]!) * bigBase;
    bigBase *= 60n;
  }
  return big;
}

/**
 * PyYAML's `construct_yaml_float`: underscores dropped, lower-cased, sign,
 * `.inf`, `.nan`, `a:b.c` base 60, else Python's `float()` of the rest.
 * Returns undefined when the text is not a float in any of these forms.
 */
export function floatValue(text: string): number | undefined {
  let s = (text.indexOf('_') === -1 ? text : text.replace(/_/g, '')).toLowerCase();
  let sign = 1;
  const c = s.charCodeAt(0);
  if (c === 0x2d || c === 0x2b) { sign = c === 0x2d ? -1 : 1; s = s.slice(1); }
  if (s === '.inf' || s === 'inf' || s === 'infinity') return sign * Infinity;
  if (s === '.nan' || s === 'nan') return NaN;
  if (s.indexOf(':') !== -1) {
    if (!/^[0-9]+(?::[0-9]+)*:[0-9]+(?:\.[0-9]*)?$/.test(s)) return undefined;
    const parts = s.split(':');
    let value = 0;
    let base = 1;
    for (let i = parts.length - 1; i >= 0; i--) {
      value += +parts[i]! * base;
      base *= 60;
    }
    return sign * value;
  }
  if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:e[-+]?[0-9]+)?$/.test(s)) return undefined;
  return sign * +s;
}

/** PyYAML's `construct_yaml_bool`: any casing of yes/no/true/false/on/off. */
export function explicitBool(text: string): boolean | undefined {
  return boolValue(text.toLowerCase());
}
