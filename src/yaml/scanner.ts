/**
 * The character level of the YAML reader: a cursor over the text, the
 * whitespace / comment / line rules, and the four scalar styles (plain,
 * single-quoted, double-quoted, literal / folded block). YAML 1.2 §6–§8,
 * with PyYAML's readings where the two differ and PyYAML's output depends on
 * it (see parser.ts).
 *
 * Line breaks are `\n` only: `parseYaml` turns `\r\n` and `\r` into `\n`
 * before scanning. NEL, LS and PS are ordinary characters here (YAML 1.2).
 *
 * Hot loops read `charCodeAt` into locals; `charCodeAt` past the end gives
 * NaN, which fails every comparison, so loops stop there without a bounds
 * test where noted.
 */
import { yamlErrorAt, type YamlErrorCode } from './errors.js';

/** `skipToContent` result: the end of the text. */
export const AT_END = -1;
/** `skipToContent` result: a `---` or `...` document marker at column 0. */
export const AT_DOCUMENT_MARKER = -2;

/** Flags per ASCII code for plain-scalar scanning: 1 = may stop a block plain scalar, 2 = also stops a flow one. */
const PLAIN_STOP = new Uint8Array(128);
for (const c of ': \t\n') PLAIN_STOP[c.charCodeAt(0)] = 3;
for (const c of ',[]{}') PLAIN_STOP[c.charCodeAt(0)] = 2;

/** Single-character escapes of double-quoted scalars (PyYAML's ESCAPE_REPLACEMENTS). */
const ESCAPES: readonly (string | undefined)[] = (() => {
  const t: (string | undefined)[] = new Array<string | undefined>(128).fill(undefined);
  const pairs: [string, string][] = [
    ['0', '\0'], ['a', '\x07'], ['b', '\b'], ['t', '\t'], ['\t', '\t'], ['n', '\n'], ['v', '\v'],
    ['f', '\f'], ['r', '\r'], ['e', '\x1b'], [' ', ' '], ['"', '"'], ['/', '/'], ['\\', '\\'],
    ['N', '\x85'], ['_', '\xa0'], ['L', '\u2028'], ['P', '\u2029'],
  ];
  for (const [k, v] of pairs) t[k.charCodeAt(0)] = v;
  return t;
})();

/** True for space, tab, line break or the end of the text (NaN). */
export function isBlankOrEnd(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c !== c;
}

/** True for `,`, `[`, `]`, `{`, `}`. */
export function isFlowIndicator(c: number): boolean {
  return c === 44 || c === 91 || c === 93 || c === 123 || c === 125;
}

/**
 * Whether `c` (followed by `next`) may start a plain scalar: not an
 * indicator, except `-`, `?`, `:` followed by a non-blank (`:` in flow
 * context also not by a flow indicator; `?` never in flow context, where
 * PyYAML always reads it as an explicit key).
 */
export function isPlainStart(c: number, next: number, flow: boolean): boolean {
  switch (c) {
    case 45: // - (PyYAML: also before a flow indicator, as in [-, a])
      return !isBlankOrEnd(next);
    case 63: // ? (PyYAML: in flow context always an explicit key, as in [?a])
      return !flow && !isBlankOrEnd(next);
    case 58: // :
      return !isBlankOrEnd(next) && !(flow && isFlowIndicator(next));
    case 32: case 9: case 10: case 44: case 91: case 93: case 123: case 125: // blank , [ ] { }
    case 35: case 38: case 42: case 33: case 124: case 62: case 39: case 34: // # & * ! | > ' "
    case 37: case 64: case 96: // % @ `
      return false;
    default:
      return c === c; // false at the end (NaN)
  }
}

export class Scanner {
  /** The text, line breaks normalised to `\n` ('' once released). */
  src: string;
  /** `src.length`. */
  end: number;
  /** The cursor: a UTF-16 offset into `src`. */
  pos = 0;
  /** Offset of the first character of the cursor's line. */
  lineStart = 0;
  /** Set by the quoted-scalar scanners: the scalar spanned more than one line. */
  quotedMultiline = false;
  /** Lines inside the current flow collection need this many spaces before a tab (set by the parser). */
  flowIndent = 0;
  /** `skipToContent` memo: the position it last stopped at and that position's column. */
  private contentPos = -1;
  private contentCol = 0;

  constructor(src: string) {
    this.src = src;
    this.end = src.length;
  }

  /**
   * Where `\r\n` pairs were folded into `\n` before scanning: the
   * normalised offsets of those `\n`s, ascending (null when none were), so
   * errors report offsets into the caller's text.
   */
  crlfAt: Int32Array | null = null;

  /** Throws a YamlError at `at` (default: the cursor). */
  fail(code: YamlErrorCode, message: string, at: number = this.pos): never {
    throw yamlErrorAt(code, message, this.src, at, this.originalOffset(at));
  }

  private originalOffset(at: number): number {
    const crlf = this.crlfAt;
    if (crlf === null) return at;
    let lo = 0;
    let hi = crlf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (crlf[mid]! < at) lo = mid + 1;
      else hi = mid;
    }
    return at + lo;
  }

  /** The column of the cursor (UTF-16 units from the line start; indentation is ASCII spaces). */
  column(): number {
    return this.pos - this.lineStart;
  }

  /** True when `---` or `...` followed by a blank or the end starts at `p` (which must be a line start). */
  isDocumentMarker(p: number): boolean {
    const src = this.src;
    const c = src.charCodeAt(p);
    return (c === 45 || c === 46) && src.charCodeAt(p + 1) === c && src.charCodeAt(p + 2) === c
      && isBlankOrEnd(src.charCodeAt(p + 3));
  }

  /**
   * Moves the cursor to the next content: past the rest of the current line
   * (which may hold only blanks and a comment), blank lines, comment lines and
   * indentation. Returns the content's column, AT_END, or AT_DOCUMENT_MARKER
   * (cursor on the marker).
   *
   * @throws YamlError UNEXPECTED_CONTENT for anything else left on the current
   *   line; TAB_INDENTATION for a tab in front of content.
   */
  skipToContent(): number {
    const src = this.src;
    const end = this.end;
    let pos = this.pos;
    if (pos === this.contentPos) return this.contentCol;
    let c: number;
    if (pos !== this.lineStart) {
      c = src.charCodeAt(pos);
      while (c === 32 || c === 9) c = src.charCodeAt(++pos);
      if (c === 35) { // a comment runs to the end of the line
        pos = src.indexOf('\n', pos);
        if (pos === -1) pos = end;
      } else if (c !== 10 && pos < end) {
        this.fail('UNEXPECTED_CONTENT', 'expected a comment or the end of the line after this node', pos);
      }
      if (pos >= end) { this.pos = end; return AT_END; }
      pos++;
      this.lineStart = pos;
    }
    for (;;) {
      const lineStart = pos;
      c = src.charCodeAt(pos);
      while (c === 32) c = src.charCodeAt(++pos);
      if (c === 10) { pos++; continue; }
      if (c === 35) {
        pos = src.indexOf('\n', pos);
        if (pos === -1) break;
        pos++;
        continue;
      }
      if (c === 9) { // a tab is fine on a blank or comment line, not in front of content
        let q = pos;
        while (c === 9 || c === 32) c = src.charCodeAt(++q);
        if (c === 10 || c === 35 || q >= end) { pos = q; continue; }
        this.lineStart = lineStart;
        this.fail('TAB_INDENTATION', 'found a tab character where indentation is expected', pos);
      }
      if (pos >= end) break;
      this.lineStart = lineStart;
      this.pos = pos;
      this.contentPos = pos;
      if (pos === lineStart && this.isDocumentMarker(pos)) return this.contentCol = AT_DOCUMENT_MARKER;
      return this.contentCol = pos - lineStart;
    }
    this.pos = end;
    this.lineStart = end;
    return AT_END;
  }

  /**
   * Skips blanks, line breaks and comments inside a flow collection and
   * returns the next character code (cursor on it).
   *
   * @throws YamlError UNTERMINATED_FLOW at `open` at the end of the text;
   *   DOCUMENT_MARKER for `---` / `...` at the start of a line.
   */
  skipFlowSpace(open: number): number {
    const src = this.src;
    let pos = this.pos;
    for (;;) {
      const c = src.charCodeAt(pos);
      if (c === 32 || c === 9) { pos++; continue; }
      if (c === 10) {
        pos++;
        this.lineStart = pos;
        if (this.isDocumentMarker(pos)) this.fail('DOCUMENT_MARKER', 'found a document marker inside a flow collection', pos);
        let q = pos;
        while (src.charCodeAt(q) === 32) q++;
        if (src.charCodeAt(q) === 9 && q - pos < this.flowIndent) {
          let r = q;
          let d = 9;
          while (d === 9 || d === 32) d = src.charCodeAt(++r);
          if (d !== 10 && d !== 35 && r < this.end) this.fail('TAB_INDENTATION', 'found a tab where this flow collection\'s lines need indentation', q);
        }
        continue;
      }
      if (c === 35) {
        pos = src.indexOf('\n', pos);
        if (pos === -1) pos = this.end;
        continue;
      }
      this.pos = pos;
      if (pos >= this.end) {
        this.fail('UNTERMINATED_FLOW', `found the end of the text inside this flow collection (no closing '${src.charAt(open) === '[' ? ']' : '}'}')`, open);
      }
      return c;
    }
  }

  /**
   * Scans the part of a plain scalar on the cursor's line: stops before
   * `: ` (or `:` at the end of the line), before blanks followed by `#` or
   * the end of the line, at a line break, and in flow context before
   * `,[]{}` and before `:` followed by one of them. Returns the end offset of
   * the text (trailing blanks excluded) and leaves the cursor there.
   */
  scanPlainLine(flow: boolean): number {
    const src = this.src;
    const end = this.end;
    const stopMask = flow ? 2 : 1;
    let pos = this.pos;
    let textEnd = pos;
    for (;;) {
      if (pos >= end) break;
      const c = src.charCodeAt(pos);
      if (c < 128 && (PLAIN_STOP[c]! & stopMask) !== 0) {
        if (c === 58) { // ':' ends the scalar only before a blank (or a flow indicator in flow context)
          const d = src.charCodeAt(pos + 1);
          if (isBlankOrEnd(d) || (flow && isFlowIndicator(d))) break;
        } else if (c === 32 || c === 9) {
          let q = pos + 1;
          let d = src.charCodeAt(q);
          while (d === 32 || d === 9) d = src.charCodeAt(++q);
          if (d === 35 || d === 10 || q >= end) break;
          pos = q;
          continue;
        } else {
          break; // line break, or a flow indicator in flow context
        }
      }
      pos++;
      textEnd = pos;
    }
    this.pos = textEnd;
    return textEnd;
  }

  /**
   * Continues a block-context plain scalar whose first line is `text` onto
   * the following lines that are indented more than `parentIndent` (line
   * folding: one break → space, n + 1 breaks → n newlines). Stops at a
   * comment line, a document marker, a less indented line, or a line that
   * begins with `: `. The cursor is left after the last text taken, or at the
   * start of the line that stopped the scalar.
   */
  continuePlainBlock(text: string, parentIndent: number): string {
    const src = this.src;
    const end = this.end;
    for (;;) {
      let p = this.pos;
      let c = src.charCodeAt(p);
      while (c === 32 || c === 9) c = src.charCodeAt(++p);
      if (c !== 10) return text;
      let breaks = 0;
      let lineStart: number;
      let col: number;
      for (;;) {
        p++;
        lineStart = p;
        c = src.charCodeAt(p);
        while (c === 32) c = src.charCodeAt(++p);
        col = p - lineStart;
        while (c === 32 || c === 9) c = src.charCodeAt(++p);
        if (c !== 10) break;
        breaks++;
      }
      if (p >= end || c === 35 || col <= parentIndent || (col === 0 && this.isDocumentMarker(lineStart))) {
        if (p >= end) {
          this.pos = end;
          this.lineStart = lineStart;
        } else {
          this.pos = lineStart;
          this.lineStart = lineStart;
        }
        return text;
      }
      const savedPos = this.pos;
      const savedLineStart = this.lineStart;
      this.pos = p;
      this.lineStart = lineStart;
      const stop = this.scanPlainLine(false);
      if (stop === p) { // the line starts with ': ' — not part of this scalar
        this.pos = savedPos;
        this.lineStart = savedLineStart;
        return text;
      }
      text += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + src.slice(p, stop);
    }
  }

  /** As `continuePlainBlock`, in flow context: no indentation rule; stops before flow indicators and comments. */
  continuePlainFlow(text: string): string {
    const src = this.src;
    for (;;) {
      let p = this.pos;
      let c = src.charCodeAt(p);
      while (c === 32 || c === 9) c = src.charCodeAt(++p);
      if (c !== 10) return text;
      let breaks = 0;
      let lineStart: number;
      for (;;) {
        p++;
        lineStart = p;
        if (this.isDocumentMarker(p)) return text;
        c = src.charCodeAt(p);
        while (c === 32 || c === 9) c = src.charCodeAt(++p);
        if (c !== 10) break;
        breaks++;
      }
      if (p >= this.end || c === 35 || isFlowIndicator(c)
        || (c === 58 && (isBlankOrEnd(src.charCodeAt(p + 1)) || isFlowIndicator(src.charCodeAt(p + 1))))) {
        return text;
      }
      this.pos = p;
      this.lineStart = lineStart;
      const stop = this.scanPlainLine(true);
      text += (breaks === 0 ? ' ' : '\n'.repeat(breaks)) + src.slice(p, stop);
    }
  }

  /**
   * After a line break inside a quoted scalar: skips the following blank
   * lines and leading blanks, and returns the folded text for the break(s):
   * a space for one break, n newlines for n + 1.
   *
   * @throws YamlError DOCUMENT_MARKER, UNTERMINATED_SCALAR (at `open`).
   */
  private foldQuotedBreaks(open: number, trimmed: boolean): string {
    const src = this.src;
    let pos = this.pos;
    let breaks = 0;
    for (;;) {
      // cursor just after a '\n'
      this.lineStart = pos;
      if (this.isDocumentMarker(pos)) this.fail('DOCUMENT_MARKER', 'found a document marker inside a quoted scalar', pos);
      let c = src.charCodeAt(pos);
      while (c === 32 || c === 9) c = src.charCodeAt(++pos);
      if (c === 10) { breaks++; pos++; continue; }
      if (pos >= this.end) this.fail('UNTERMINATED_SCALAR', 'found the end of the text inside this quoted scalar', open);
      break;
    }
    this.pos = pos;
    this.quotedMultiline = true;
    if (breaks > 0) return '\n'.repeat(breaks);
    return trimmed ? ' ' : '';
  }

  /**
   * Scans a double-quoted scalar at the cursor (on the `"`), with every
   * YAML escape (`\0 \a \b \t \n \v \f \r \e \  \" \/ \\ \N \_ \L \P \xXX
   * \uXXXX \UXXXXXXXX`, and `\` before a line break), and line folding.
   *
   * @throws YamlError BAD_ESCAPE, UNTERMINATED_SCALAR, DOCUMENT_MARKER.
   */
  scanDoubleQuoted(): string {
    const src = this.src;
    const end = this.end;
    const open = this.pos;
    let pos = open + 1;
    let chunk = pos;
    let out = '';
    this.quotedMultiline = false;
    for (;;) {
      let c = src.charCodeAt(pos);
      while (c !== 34 && c !== 92 && c !== 10 && pos < end) c = src.charCodeAt(++pos);
      if (pos >= end) this.fail('UNTERMINATED_SCALAR', 'found the end of the text inside this double-quoted scalar', open);
      if (c === 34) {
        out += src.slice(chunk, pos);
        this.pos = pos + 1;
        return out;
      }
      if (c === 10) {
        out += trimTrailingBlanks(src, chunk, pos);
        this.pos = pos + 1;
        out += this.foldQuotedBreaks(open, true);
        pos = chunk = this.pos;
        continue;
      }
      // a backslash escape
      out += src.slice(chunk, pos);
      const e = src.charCodeAt(pos + 1);
      const simple = e < 128 ? ESCAPES[e] : undefined;
      if (simple !== undefined) {
        out += simple;
        pos += 2;
      } else if (e === 120 || e === 117 || e === 85) { // x u U
        const digits = e === 120 ? 2 : e === 117 ? 4 : 8;
        const hex = src.slice(pos + 2, pos + 2 + digits);
        if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) {
          this.fail('BAD_ESCAPE', `expected ${digits} hexadecimal digits after '\\${String.fromCharCode(e)}'`, pos);
        }
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) this.fail('BAD_ESCAPE', `'\\U${hex}' is beyond the last Unicode code point`, pos);
        out += code <= 0xffff ? String.fromCharCode(code) : String.fromCodePoint(code);
        pos += 2 + digits;
      } else if (e === 10) { // an escaped line break joins the lines without a space
        this.pos = pos + 2;
        out += this.foldQuotedBreaks(open, false);
        pos = this.pos;
      } else {
        this.fail('BAD_ESCAPE', pos + 1 >= end
          ? 'found the end of the text after a backslash'
          : `unknown escape '\\${String.fromCodePoint(src.codePointAt(pos + 1)!)}'`, pos);
      }
      chunk = pos;
    }
  }

  /**
   * Scans a single-quoted scalar at the cursor (on the `'`): `''` is a
   * quote; line folding as for double quotes.
   *
   * @throws YamlError UNTERMINATED_SCALAR, DOCUMENT_MARKER.
   */
  scanSingleQuoted(): string {
    const src = this.src;
    const end = this.end;
    const open = this.pos;
    let pos = open + 1;
    let chunk = pos;
    let out = '';
    this.quotedMultiline = false;
    for (;;) {
      let c = src.charCodeAt(pos);
      while (c !== 39 && c !== 10 && pos < end) c = src.charCodeAt(++pos);
      if (pos >= end) this.fail('UNTERMINATED_SCALAR', 'found the end of the text inside this single-quoted scalar', open);
      if (c === 39) {
        if (src.charCodeAt(pos + 1) === 39) { // '' is one quote
          out += src.slice(chunk, pos + 1);
          pos += 2;
          chunk = pos;
          continue;
        }
        out += src.slice(chunk, pos);
        this.pos = pos + 1;
        return out;
      }
      out += trimTrailingBlanks(src, chunk, pos);
      this.pos = pos + 1;
      out += this.foldQuotedBreaks(open, true);
      pos = chunk = this.pos;
    }
  }

  /**
   * Scans a literal (`|`) or folded (`>`) block scalar at the cursor, with
   * its header (chomping `-` / `+`, indentation indicator 1–9, either order)
   * and content lines indented more than `parentIndent`. The cursor is left
   * at the start of the first line after the scalar.
   *
   * @throws YamlError BAD_BLOCK_SCALAR for a malformed header.
   */
  scanBlockScalar(parentIndent: number): string {
    const src = this.src;
    const end = this.end;
    const folded = src.charCodeAt(this.pos) === 62;
    let pos = this.pos + 1;
    let chomp = 0; // -1 strip, 0 clip, +1 keep
    let increment = 0;
    for (let i = 0; i < 2; i++) {
      const c = src.charCodeAt(pos);
      if ((c === 43 || c === 45) && chomp === 0) { chomp = c === 43 ? 1 : -1; pos++; }
      else if (c >= 49 && c <= 57 && increment === 0) { increment = c - 48; pos++; }
      else if (c === 48) this.fail('BAD_BLOCK_SCALAR', 'the indentation indicator of a block scalar must be 1 to 9', pos);
    }
    let c = src.charCodeAt(pos);
    const afterHeader = pos;
    while (c === 32 || c === 9) c = src.charCodeAt(++pos);
    if (c === 35 && pos > afterHeader) {
      pos = src.indexOf('\n', pos);
      if (pos === -1) pos = end;
      c = src.charCodeAt(pos);
    }
    if (c !== 10 && pos < end) this.fail('BAD_BLOCK_SCALAR', 'expected a comment or the end of the line after a block scalar header', pos);
    pos = pos < end ? pos + 1 : end;
    let lineStart = pos;

    const minIndent = parentIndent + 1 < 0 ? 0 : parentIndent + 1;
    let indent: number;
    let breaks = '';
    if (increment > 0) {
      indent = parentIndent < 0 ? increment - 1 : parentIndent + increment;
      // leading blank lines: up to `indent` spaces each
      for (;;) {
        let q = pos;
        while (q - lineStart < indent && src.charCodeAt(q) === 32) q++;
        if (src.charCodeAt(q) !== 10) { pos = q; break; }
        breaks += '\n';
        pos = q + 1;
        lineStart = pos;
      }
    } else {
      // auto-detect: the deepest indentation among the leading blank lines and the first content line
      let maxIndent = 0;
      for (;;) {
        while (src.charCodeAt(pos) === 32) pos++;
        if (pos - lineStart > maxIndent) maxIndent = pos - lineStart;
        if (src.charCodeAt(pos) !== 10) break;
        breaks += '\n';
        pos++;
        lineStart = pos;
      }
      indent = maxIndent > minIndent ? maxIndent : minIndent;
    }

    let out = '';
    let lineBreak = '';
    while (pos - lineStart === indent && pos < end && !(indent === 0 && this.isDocumentMarker(pos))) {
      out += breaks;
      const first = src.charCodeAt(pos);
      const leadingNonBlank = first !== 32 && first !== 9;
      let eol = src.indexOf('\n', pos);
      if (eol === -1) eol = end;
      out += src.slice(pos, eol);
      lineBreak = eol < end ? '\n' : '';
      pos = eol < end ? eol + 1 : end;
      lineStart = pos;
      // following blank lines
      breaks = '';
      for (;;) {
        while (pos - lineStart < indent && src.charCodeAt(pos) === 32) pos++;
        if (src.charCodeAt(pos) !== 10) break;
        breaks += '\n';
        pos++;
        lineStart = pos;
      }
      if (pos - lineStart === indent && pos < end && !(indent === 0 && this.isDocumentMarker(pos))) {
        const next = src.charCodeAt(pos);
        if (folded && leadingNonBlank && next !== 32 && next !== 9) {
          if (breaks === '') out += ' ';
        } else {
          out += lineBreak;
        }
      } else {
        break;
      }
    }
    if (chomp >= 0) out += lineBreak;
    if (chomp > 0) out += breaks;
    this.pos = pos >= end ? end : lineStart;
    this.lineStart = lineStart;
    return out;
  }
}

/** `src.slice(from, to)` without its trailing spaces and tabs. */
function trimTrailingBlanks(src: string, from: number, to: number): string {
  let t = to;
  while (t > from) {
    const c = src.charCodeAt(t - 1);
    if (c !== 32 && c !== 9) break;
    t--;
  }
  return src.slice(from, t);
}
