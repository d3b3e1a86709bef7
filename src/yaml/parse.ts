/**
 * `parseYaml` / `parseAllYaml`: YAML text to JavaScript values, read as
 * PyYAML's SafeLoader reads it, with limits against hostile input.
 */
import { YamlError, yamlErrorAt } from './errors.js';
import { Parser, keepShape } from './parser.js';

/** Options of {@link parseYaml} and {@link parseAllYaml}. */
export interface ParseYamlOptions {
  /**
   * The longest text accepted, in UTF-16 code units (checked before any
   * scanning). Default 8 MiB (8,388,608); the largest Keras configs are
   * well under 1 MB.
   */
  maxLength?: number;
  /** How deep sequences and mappings may nest. Default 512. */
  maxDepth?: number;
  /**
   * How many nodes aliases may add in total, each alias counting every node
   * of the anchored value (including the nodes its own aliases add), so a
   * "billion laughs" document fails fast. Default 100,000.
   */
  maxAliasExpansion?: number;
  /**
   * Return `!!python/tuple` sequences as {@link PythonTuple} instances
   * instead of plain arrays. Default false.
   */
  keepTuples?: boolean;
}

/** Default limits; exported so callers can show or scale them. */
export const YAML_DEFAULT_LIMITS: Readonly<Required<Omit<ParseYamlOptions, 'keepTuples'>>> = Object.freeze({
  maxLength: 8 * 1024 * 1024,
  maxDepth: 512,
  maxAliasExpansion: 100_000,
});

/**
 * Code units that may be part of a character YAML (and PyYAML's reader)
 * refuses: C0 / C1 controls but tab, line break and NEL; surrogates (fine
 * when paired); U+FFFE, U+FFFF. A plain class without the `u` flag compiles
 * fast, which matters because V8 may drop compiled regexps at a full GC.
 */
const SUSPECT_UNIT = /[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]/g;

/**
 * Reads a YAML document into plain JavaScript values, as PyYAML's
 * `yaml.safe_load` would (YAML 1.1 resolution: `yes`/`no`/`on`/`off` are
 * booleans, `1e3` is a string, `0x1F`, octal `017` and `1_000` are
 * integers, `<<` merges mappings), plus `!!python/tuple`, `!!python/unicode` and `!!python/str`,
 * so configs written by Keras ≤ 2.5 `to_yaml()` read back. Every other tag,
 * above all `!!python/object…`, `!!python/name…`, `!!python/module…`, is
 * refused: no YAML input can run code or reach a prototype.
 *
 * Results are `null`, booleans, numbers, `bigint` (integers beyond
 * ±(2^53 − 1)), strings, arrays and plain objects; mapping keys that are not
 * strings become their JSON spelling (`1`, `true`, `null`). Timestamps stay
 * strings. An empty document is `null`.
 *
 * @param text the YAML text.
 * @param options limits (defaults in {@link YAML_DEFAULT_LIMITS}) and `keepTuples` (default false).
 * @returns the document's value.
 * @throws YamlError with a stable `code`, `line`, `column` and an excerpt with a caret,
 *   for malformed or hostile text, refused tags, and more than one document
 *   (`MULTIPLE_DOCUMENTS`; use {@link parseAllYaml} for streams).
 * @throws TypeError when `text` is not a string.
 *
 * @example
 * parseYaml('batch_input_shape: !!python/tuple [null, 1]\nunits: 1\n');
 * // { batch_input_shape: [null, 1], units: 1 }
 */
export function parseYaml(text: string, options: ParseYamlOptions = {}): unknown {
  const docs = read(text, options, false);
  return docs.length === 0 ? null : docs[0];
}

/**
 * Reads every document of a YAML stream (`---`-separated), as PyYAML's
 * `yaml.safe_load_all`. Same reading rules and options as {@link parseYaml}.
 *
 * @returns one value per document; an empty stream gives `[]`.
 * @throws YamlError as {@link parseYaml}, except MULTIPLE_DOCUMENTS.
 */
export function parseAllYaml(text: string, options: ParseYamlOptions = {}): unknown[] {
  return read(text, options, true);
}

/** The offset of the first character YAML refuses, or -1. */
function findInvalidCharacter(src: string): number {
  SUSPECT_UNIT.lastIndex = 0;
  for (let m = SUSPECT_UNIT.exec(src); m !== null; m = SUSPECT_UNIT.exec(src)) {
    const at = m.index;
    const c = src.charCodeAt(at);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = src.charCodeAt(at + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { // a surrogate pair: every astral code point is allowed
        SUSPECT_UNIT.lastIndex = at + 2;
        continue;
      }
    }
    return at;
  }
  return -1;
}

function read(text: string, options: ParseYamlOptions, all: boolean): unknown[] {
  if (typeof text !== 'string') throw new TypeError(`parseYaml expects a string, got ${text === null ? 'null' : typeof text}`);
  const maxLength = options.maxLength ?? YAML_DEFAULT_LIMITS.maxLength;
  if (text.length > maxLength) {
    throw new YamlError('TOO_LONG', `the text is ${text.length} characters long, more than maxLength (${maxLength})`,
      { line: 1, column: 1, offset: 0 });
  }
  let src = text;
  let crlfAt: Int32Array | null = null;
  if (text.indexOf('\r') !== -1) {
    const folded: number[] = [];
    src = text.replace(/\r\n?/g, (m: string, offset: number) => {
      if (m.length === 2) folded.push(offset - folded.length);
      return '\n';
    });
    if (folded.length > 0) crlfAt = Int32Array.from(folded);
  }
  const at = findInvalidCharacter(src);
  if (at >= 0) {
    const cp = src.codePointAt(at)!;
    const reported = crlfAt === null ? at : at + crlfAt.filter((p) => p < at).length;
    throw yamlErrorAt('INVALID_CHARACTER', `found the character U+${cp.toString(16).toUpperCase().padStart(4, '0')}, which YAML does not allow`, src, at, reported);
  }
  const parser = new Parser(src, {
    maxDepth: options.maxDepth ?? YAML_DEFAULT_LIMITS.maxDepth,
    maxAliasExpansion: options.maxAliasExpansion ?? YAML_DEFAULT_LIMITS.maxAliasExpansion,
    keepTuples: options.keepTuples === true,
  });
  parser.crlfAt = crlfAt;
  try {
    const docs = parser.parseStream(all);
    keepShape(parser);
    return docs;
  } catch (e) {
    // A host with a small stack may run out before maxDepth is reached.
    if (e instanceof RangeError) parser.fail('TOO_DEEP', 'collections nest too deeply for this JavaScript stack; lower maxDepth');
    throw e;
  }
}
