/**
 * The YAML domain's error: bad, hostile or unsupported YAML text, and values
 * that cannot be written as YAML.
 */
import { PureKerasError } from '../errors.js';

/**
 * Stable codes carried by {@link YamlError}. Tests and callers switch on
 * these, never on the wording of the message.
 *
 * Reading:
 * - `TOO_LONG`: the text is longer than `maxLength`.
 * - `TOO_DEEP`: collections nest deeper than `maxDepth`.
 * - `ALIAS_LIMIT`: aliases would expand to more than `maxAliasExpansion` nodes.
 * - `INVALID_CHARACTER`: a control or non-character code point PyYAML refuses too.
 * - `TAB_INDENTATION`: a tab where block indentation is expected.
 * - `BAD_INDENTATION`: a line indented where no node can continue.
 * - `UNEXPECTED_CHARACTER`: a character that cannot start or continue a node here.
 * - `UNEXPECTED_CONTENT`: content after a complete node on the same line.
 * - `MISSING_COLON`: a mapping key without its `:`.
 * - `INLINE_MAPPING`: `a: b: c`, a block mapping started on a value's line.
 * - `INLINE_SEQUENCE`: `a: - b`, a block sequence started on a value's line.
 * - `MULTILINE_KEY`: an implicit key spanning lines.
 * - `UNTERMINATED_SCALAR`: a quoted scalar without its closing quote.
 * - `UNTERMINATED_FLOW`: a `[` or `{` without its closing bracket.
 * - `BAD_ESCAPE`: an unknown or malformed escape in a double-quoted scalar.
 * - `BAD_BLOCK_SCALAR`: a malformed `|` / `>` header.
 * - `DOCUMENT_MARKER`: `---` or `...` inside a quoted scalar or flow collection.
 * - `UNKNOWN_ALIAS`: `*name` before any `&name`.
 * - `RECURSIVE_ALIAS`: an alias inside the node its anchor names.
 * - `BAD_ANCHOR`: an empty anchor or alias name.
 * - `UNSAFE_TAG`: a `!!python/...` tag that would make or name Python objects.
 * - `UNSUPPORTED_TAG`: any other tag outside the supported set.
 * - `BAD_TAG`: a malformed tag or an undeclared tag handle.
 * - `TAG_MISMATCH`: a tag on the wrong kind of node (`!!map [1]`).
 * - `BAD_SCALAR`: text an explicit tag cannot convert (`!!int abc`).
 * - `UNHASHABLE_KEY`: a sequence or mapping used as a mapping key.
 * - `BAD_MERGE`: a `<<` merge whose value is not a mapping or list of mappings.
 * - `BAD_DIRECTIVE`: a malformed `%YAML` / `%TAG` directive.
 * - `MULTIPLE_DOCUMENTS`: `parseYaml` met more than one document.
 *
 * Writing:
 * - `UNSUPPORTED_VALUE`: a value with no YAML form here (undefined, function,
 *   symbol, class instance other than `PythonTuple`).
 * - `CIRCULAR_VALUE`: a value that contains itself.
 */
export type YamlErrorCode =
  | 'TOO_LONG' | 'TOO_DEEP' | 'ALIAS_LIMIT' | 'INVALID_CHARACTER'
  | 'TAB_INDENTATION' | 'BAD_INDENTATION' | 'UNEXPECTED_CHARACTER' | 'UNEXPECTED_CONTENT'
  | 'MISSING_COLON' | 'INLINE_MAPPING' | 'INLINE_SEQUENCE' | 'MULTILINE_KEY'
  | 'UNTERMINATED_SCALAR' | 'UNTERMINATED_FLOW' | 'BAD_ESCAPE' | 'BAD_BLOCK_SCALAR'
  | 'DOCUMENT_MARKER' | 'UNKNOWN_ALIAS' | 'RECURSIVE_ALIAS' | 'BAD_ANCHOR'
  | 'UNSAFE_TAG' | 'UNSUPPORTED_TAG' | 'BAD_TAG' | 'TAG_MISMATCH' | 'BAD_SCALAR'
  | 'UNHASHABLE_KEY' | 'BAD_MERGE' | 'BAD_DIRECTIVE' | 'MULTIPLE_DOCUMENTS'
  | 'UNSUPPORTED_VALUE' | 'CIRCULAR_VALUE';

/** Where a {@link YamlError} happened. */
export interface YamlErrorLocation {
  /** 1-based line in the text; 0 when the error is about a value being written. */
  line: number;
  /** 1-based column in code points; 0 when the error is about a value being written. */
  column: number;
  /** UTF-16 offset into the text; -1 when the error is about a value being written. */
  offset: number;
  /** For writing errors: the path of the bad value, such as `config.layers[2].name`. */
  path?: string;
}

/**
 * Bad, hostile or unsupported YAML, or a value that cannot be written as YAML.
 *
 * Reading errors carry the 1-based `line` and `column` of the offending text
 * and their message ends with the line and a caret under the column. Writing
 * errors carry the `path` of the offending value and line/column 0.
 *
 * @example
 * try { parseYaml('a: !!python/object:os.system {}'); }
 * catch (e) { if (e instanceof YamlError) console.log(e.code, e.line, e.column); } // UNSAFE_TAG 1 4
 */
export class YamlError extends PureKerasError {
  /** 1-based line, or 0 for writing errors. */
  readonly line: number;
  /** 1-based column in code points, or 0 for writing errors. */
  readonly column: number;
  /** UTF-16 offset into the text, or -1 for writing errors. */
  readonly offset: number;
  /** The value's path for writing errors, else undefined. */
  readonly path: string | undefined;

  constructor(code: YamlErrorCode, message: string, where: YamlErrorLocation, excerpt = '') {
    const at = where.line > 0
      ? ` (line ${where.line}, column ${where.column})`
      : where.path !== undefined ? ` (at ${where.path === '' ? 'the top level' : where.path})` : '';
    super(code, `${message}${at}${excerpt === '' ? '' : `\n${excerpt}`}`);
    this.line = where.line;
    this.column = where.column;
    this.offset = where.offset;
    this.path = where.path;
  }
}

/** How many characters of the offending line an excerpt shows at most. */
const EXCERPT_WIDTH = 72;

/**
 * Builds a reading error at a UTF-16 offset of `text`: computes the line and
 * code-point column, and an excerpt of that line (clipped around the column,
 * so a 10 MB line never lands in a message) with a caret under the column.
 * `reportedOffset` is the offset to report when `text` is a normalised copy
 * of what the caller passed.
 */
export function yamlErrorAt(code: YamlErrorCode, message: string, text: string, offset: number, reportedOffset?: number): YamlError {
  const at = offset < 0 ? 0 : offset > text.length ? text.length : offset;
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd === -1) lineEnd = text.length;
  const column = codePointCount(text, lineStart, at) + 1;

  let from = lineStart;
  let to = lineEnd;
  if (at - from > EXCERPT_WIDTH / 2 && to - from > EXCERPT_WIDTH) from = at - EXCERPT_WIDTH / 2;
  if (to - from > EXCERPT_WIDTH) to = from + EXCERPT_WIDTH;
  const shown = text.slice(from, to).replace(/[\t\r]/g, ' ');
  const lead = from > lineStart ? '…' : '';
  const tail = to < lineEnd ? '…' : '';
  const caretAt = lead.length + codePointCount(text, from, at);
  const excerpt = `  ${lead}${shown}${tail}\n  ${' '.repeat(caretAt)}^`;
  return new YamlError(code, message, { line, column, offset: reportedOffset ?? at }, excerpt);
}

/** Builds a writing error about the value at `path`. */
export function yamlValueError(code: YamlErrorCode, message: string, path: string): YamlError {
  return new YamlError(code, message, { line: 0, column: 0, offset: -1, path });
}

function codePointCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
