/**
 * The writing half of PyYAML's `Emitter` (`yaml/emitter.py`): indicators,
 * indentation, and the plain / single-quoted / double-quoted scalar writers
 * with their line wrapping at `width`, ported rule for rule so the output is
 * byte-equal to PyYAML's `yaml.dump`. Columns count code points, as Python's
 * `len` does.
 */

/** Escapes PyYAML's double-quoted writer uses (ESCAPE_REPLACEMENTS). */
const ESCAPE = new Map<number, string>([
  [0x00, '\\0'], [0x07, '\\a'], [0x08, '\\b'], [0x09, '\\t'], [0x0a, '\\n'], [0x0b, '\\v'],
  [0x0c, '\\f'], [0x0d, '\\r'], [0x1b, '\\e'], [0x22, '\\"'], [0x5c, '\\\\'], [0x85, '\\N'],
  [0xa0, '\\_'], [0x2028, '\\L'], [0x2029, '\\P'],
]);

const SPACES = ' '.repeat(64);

/** Code points in `s` (surrogate pairs count once). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) { n--; i++; }
    }
  }
  return n;
}

function hex(n: number, digits: number): string {
  return n.toString(16).toUpperCase().padStart(digits, '0');
}

export class Emitter {
  /** The text written so far. */
  out = '';
  column = 0;
  /** The last character written is a blank (so an indicator needs no space before it). */
  whitespace = true;
  /** Only indentation and indicators are on the current line. */
  indention = true;
  /** The document needs an explicit `...` end (a plain scalar at the root). */
  openEnded = false;
  /** The current indentation; -1 stands for PyYAML's None (nothing opened yet). */
  indent = -1;
  flowLevel = 0;
  readonly bestIndent: number;
  readonly bestWidth: number;
  readonly allowUnicode: boolean;

  constructor(indent: number, width: number, allowUnicode: boolean) {
    this.bestIndent = indent > 1 && indent < 10 ? indent : 2;
    this.bestWidth = width > this.bestIndent * 2 ? width : 80;
    this.allowUnicode = allowUnicode;
  }

  /** Opens a level (`increase_indent`); returns the indentation to restore when it closes. */
  increaseIndent(flow: boolean, indentless: boolean): number {
    const previous = this.indent;
    if (previous < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent = previous + this.bestIndent;
    return previous;
  }

  writeIndicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    const data = this.whitespace || !needWhitespace ? indicator : ` ${indicator}`;
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
    this.column += data.length;
    this.openEnded = false;
    this.out += data;
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.writeLineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      const n = indent - this.column;
      this.out += n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
      this.column = indent;
    }
  }

  writeLineBreak(): void {
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
    this.out += '\n';
  }

  /** Writes raw text that holds no line break, advancing the column by its code points. */
  private writeText(data: string): void {
    this.column += this.allowUnicode ? codePoints(data) : data.length;
    this.out += data;
  }

  /** `write_plain`: `split` allows breaking at single spaces past the width. */
  writePlain(text: string, split: boolean, root: boolean): void {
    if (root) this.openEnded = true;
    const n = text.length;
    if (n === 0) return;
    if (!this.whitespace) {
      this.out += ' ';
      this.column++;
    }
    this.whitespace = false;
    this.indention = false;
    if (!split || text.indexOf(' ') === -1) { // nothing to wrap (plain text never holds line breaks)
      this.writeText(text);
      return;
    }
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= n; end++) {
      const ch = end < n ? text.charCodeAt(end) : -1;
      if (spaces) {
        if (ch !== 32) {
          if (start + 1 === end && this.column > this.bestWidth) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else {
            this.writeText(text.slice(start, end));
          }
          start = end;
        }
      } else if (ch === -1 || ch === 32) {
        this.writeText(text.slice(start, end));
        start = end;
      }
      spaces = ch === 32;
    }
  }

  /** `write_single_quoted`: `''` for a quote; line breaks doubled; wraps at single spaces. */
  writeSingleQuoted(text: string, split: boolean): void {
    this.writeIndicator("'", true);
    const n = text.length;
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= n; end++) {
      const ch = end < n ? text.charCodeAt(end) : -1;
      if (spaces) {
        if (ch !== 32) {
          if (start + 1 === end && this.column > this.bestWidth && split && start !== 0 && end !== n) {
            this.writeIndent();
          } else {
            this.writeText(text.slice(start, end));
          }
          start = end;
        }
      } else if (breaks) {
        if (ch !== 10) {
          if (text.charCodeAt(start) === 10) this.writeLineBreak();
          for (let k = start; k < end; k++) this.writeLineBreak();
          this.writeIndent();
          start = end;
        }
      } else if ((ch === -1 || ch === 32 || ch === 10 || ch === 39) && start < end) {
        this.writeText(text.slice(start, end));
        start = end;
      }
      if (ch === 39) {
        this.column += 2;
        this.out += "''";
        start = end + 1;
      }
      if (ch !== -1) {
        spaces = ch === 32;
        breaks = ch === 10;
      }
    }
    this.writeIndicator("'", false);
  }

  /** `write_double_quoted`: escapes, and `\` line continuations past the width. */
  writeDoubleQuoted(text: string, split: boolean): void {
    this.writeIndicator('"', true);
    const n = text.length;
    const allowUnicode = this.allowUnicode;
    let start = 0;
    let end = 0;
    while (end <= n) {
      let ch = -1;
      let size = 1;
      if (end < n) {
        ch = text.charCodeAt(end);
        if (ch >= 0xd800 && ch <= 0xdbff && end + 1 < n) {
          const lo = text.charCodeAt(end + 1);
          if (lo >= 0xdc00 && lo <= 0xdfff) {
            ch = ((ch - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
            size = 2;
          }
        }
      }
      if (ch === -1 || ch === 0x22 || ch === 0x5c || ch === 0x85 || ch === 0x2028 || ch === 0x2029 || ch === 0xfeff
        || !((ch >= 0x20 && ch <= 0x7e) || (allowUnicode && ((ch >= 0xa0 && ch <= 0xd7ff) || (ch >= 0xe000 && ch <= 0xfffd))))) {
        if (start < end) {
          const data = text.slice(start, end);
          this.column += data.length; // raw BMP characters only: units are code points
          this.out += data;
          start = end;
        }
        if (ch !== -1) {
          const data = ESCAPE.get(ch) ?? (ch <= 0xff ? `\\x${hex(ch, 2)}` : ch <= 0xffff ? `\\u${hex(ch, 4)}` : `\\U${hex(ch, 8)}`);
          this.column += data.length;
          this.out += data;
          start = end + size;
        }
      }
      // Python compares end - start in characters; after an escape start is one character past end.
      const pending = start > end ? -1 : end - start;
      if (end > 0 && end + size < n && (ch === 32 || start >= end) && this.column + pending > this.bestWidth && split) {
        const data = `${start < end ? text.slice(start, end) : ''}\\`;
        if (start < end) start = end;
        this.column += data.length;
        this.out += data;
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (text.charCodeAt(start) === 32) {
          this.column += 1;
          this.out += '\\';
        }
      }
      end += size;
    }
    this.writeIndicator('"', false);
  }
}
