/**
 * Which styles a string may be written in: PyYAML's `Emitter.analyze_scalar`
 * (`yaml/emitter.py`), character for character, so the writer picks the
 * same style PyYAML's dump would. Characters are code points, as in Python.
 *
 * One deliberate difference: NEL, LS and PS (U+0085, U+2028, U+2029) always
 * force double quotes (where they are escaped), also with `allowUnicode`,
 * because YAML 1.1 reads them as line breaks and YAML 1.2 does not; escaped,
 * every reader gets the same string back.
 */

/** The string is empty. */
export const A_EMPTY = 1;
/** The string holds a line break. */
export const A_MULTILINE = 2;
/** May be written plain inside a flow collection. */
export const A_FLOW_PLAIN = 4;
/** May be written plain in block context. */
export const A_BLOCK_PLAIN = 8;
/** May be written single-quoted. */
export const A_SINGLE = 16;

// Character classes for ASCII, as analyze_scalar tests them.
const LEADING_INDICATOR = 1; // # , [ ] { } & * ! | > ' " % @ `  — special as the first character
const QUESTION_COLON = 2; // ? :
const INNER_FLOW = 4; // , ? [ ] { }  — flow indicators anywhere
const SPECIAL = 8; // control characters other than \n, and DEL
const BLANK = 16; // \0 space \t \r \n  — Python's "whitespace" set for these tests
const CLASS = new Uint8Array(128);
for (const c of '#,[]{}&*!|>\'"%@`') CLASS[c.charCodeAt(0)]! |= LEADING_INDICATOR;
for (const c of '?:') CLASS[c.charCodeAt(0)]! |= QUESTION_COLON;
for (const c of ',?[]{}') CLASS[c.charCodeAt(0)]! |= INNER_FLOW;
for (let c = 0; c < 32; c++) if (c !== 10) CLASS[c]! |= SPECIAL;
CLASS[127]! |= SPECIAL;
for (const c of '\0 \t\r\n') CLASS[c.charCodeAt(0)]! |= BLANK;

/** Characters that never restrict a style anywhere in a string: A–Z a–z 0–9 _ . / - */
const WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c++) WORD[c] = 1;
for (let c = 65; c <= 90; c++) WORD[c] = 1;
for (let c = 97; c <= 122; c++) WORD[c] = 1;
for (const c of '_./-') WORD[c.charCodeAt(0)] = 1;

/** Code points of the string last analysed (Python's `len`), for the 128-character simple-key limit. */
export let analyzedLength = 0;

function isBlank(c: number): boolean {
  return c < 128 ? (CLASS[c]! & BLANK) !== 0 : c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * Analyses `s` and returns A_* flags (double quotes are always allowed);
 * sets `analyzedLength`.
 *
 * @param allowUnicode PyYAML's `allow_unicode`: when false, any character
 *   outside printable ASCII forces double quotes (and is escaped there).
 */
export function analyzeScalar(s: string, allowUnicode: boolean): number {
  const n = s.length;
  if (n === 0) {
    analyzedLength = 0;
    return A_EMPTY | A_BLOCK_PLAIN | A_SINGLE;
  }
  // Fast path for names like `dense_1`, `glorot_uniform`, `2.2.4`: letters,
  // digits and `_ . / -` (no leading `-`, no `...` start) allow every style.
  let k = 0;
  while (k < n) {
    const c = s.charCodeAt(k);
    if (c >= 128 || WORD[c] === 0) break;
    k++;
  }
  if (k === n && s.charCodeAt(0) !== 45 && !(n >= 3 && s.charCodeAt(0) === 46 && s.charCodeAt(1) === 46 && s.charCodeAt(2) === 46)) {
    analyzedLength = n;
    return A_FLOW_PLAIN | A_BLOCK_PLAIN | A_SINGLE;
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  const c0 = s.charCodeAt(0);
  if ((c0 === 45 || c0 === 46) && s.charCodeAt(1) === c0 && s.charCodeAt(2) === c0) { // --- or ...
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByBlank = true;
  let previousSpace = false;
  let previousBreak = false;
  let count = 0;
  let i = 0;
  while (i < n) {
    let ch = s.charCodeAt(i);
    let next = i + 1;
    if (ch >= 0xd800 && ch <= 0xdbff && next < n) {
      const lo = s.charCodeAt(next);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        ch = ((ch - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        next++;
      }
    }
    const followedByBlank = next >= n || isBlank(s.charCodeAt(next));
    const cls = ch < 128 ? CLASS[ch]! : 0;
    if (i === 0) {
      if ((cls & LEADING_INDICATOR) !== 0) {
        flowIndicators = true;
        blockIndicators = true;
      }
      if ((cls & QUESTION_COLON) !== 0) {
        flowIndicators = true;
        if (followedByBlank) blockIndicators = true;
      }
      if (ch === 45 && followedByBlank) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else {
      if ((cls & INNER_FLOW) !== 0) flowIndicators = true;
      if (ch === 58) {
        flowIndicators = true;
        if (followedByBlank) blockIndicators = true;
      }
      if (ch === 35 && precededByBlank) {
        flowIndicators = true;
        blockIndicators = true;
      }
    }
    const isBreak = ch === 10 || ch === 0x85 || ch === 0x2028 || ch === 0x2029;
    if (isBreak) lineBreaks = true;
    if (ch >= 128) {
      if ((ch >= 0xa0 && ch <= 0xd7ff) || (ch >= 0xe000 && ch <= 0xfffd && ch !== 0xfeff) || (ch >= 0x10000 && ch < 0x10ffff)) {
        if (!allowUnicode || ch === 0x2028 || ch === 0x2029) special = true;
      } else {
        special = true; // NEL, C1 controls, lone surrogates, U+FEFF, U+FFFE/FFFF, U+10FFFF
      }
    } else if ((cls & SPECIAL) !== 0) {
      special = true;
    }
    if (ch === 32) {
      if (i === 0) leadingSpace = true;
      if (next >= n) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak) {
      if (i === 0) leadingBreak = true;
      if (next >= n) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByBlank = ch < 128 ? (cls & BLANK) !== 0 : isBreak;
    i = next;
    count++;
  }
  analyzedLength = count;

  let flowPlain = true;
  let blockPlain = true;
  let single = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) flowPlain = blockPlain = false;
  if (breakSpace) flowPlain = blockPlain = single = false;
  if (spaceBreak || special) flowPlain = blockPlain = single = false;
  if (lineBreaks) flowPlain = blockPlain = false;
  if (flowIndicators) flowPlain = false;
  if (blockIndicators) blockPlain = false;
  return (lineBreaks ? A_MULTILINE : 0) | (flowPlain ? A_FLOW_PLAIN : 0) | (blockPlain ? A_BLOCK_PLAIN : 0) | (single ? A_SINGLE : 0);
}
