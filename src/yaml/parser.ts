/**
 * The structure level of the YAML reader: documents and directives, block
 * sequences and mappings (indentation), flow collections, node properties
 * (anchors and tags), aliases and `<<` merges, built straight into
 * JavaScript values (YAML 1.2 §6.8, §7, §8, §9; merge keys from the YAML 1.1
 * type repository as PyYAML's SafeLoader applies them).
 *
 * Where YAML 1.1 as read by PyYAML and YAML 1.2 differ, values follow PyYAML
 * (resolve.ts), so what Keras ≤ 2.5 wrote reads back as Keras read it, and
 * where PyYAML is looser than the spec (`[?a]`, `&a : v`, a `|` header at
 * its parent's column) we read what it reads. Some things PyYAML refuses are
 * accepted (tabs inside plain scalars and as separation, re-defined anchors,
 * `: value` with an empty key, a bare document after `...`); nothing PyYAML
 * accepts is read differently (test/yaml/differential.test.ts), except NEL,
 * LS and PS, which are not line breaks here.
 *
 * Safety: there is no code path that builds anything but plain objects,
 * arrays, strings, numbers, bigints, booleans, null and `PythonTuple`. Keys
 * are set as own data properties (`__proto__` via defineProperty), so no key
 * reaches a prototype. Nesting depth and alias expansion are bounded.
 */
import { PythonTuple } from './python-tuple.js';
import { pythonFloatRepr } from './float-repr.js';
import { explicitBool, floatValue, intValue, isFloatPlain, resolvePlain } from './resolve.js';
import { AT_DOCUMENT_MARKER, AT_END, Scanner, isBlankOrEnd, isFlowIndicator, isPlainStart } from './scanner.js';
import {
  CORE_PREFIX, TAG_BOOL, TAG_FLOAT, TAG_INT, TAG_MAP, TAG_NONE, TAG_NON_SPECIFIC, TAG_NULL, TAG_SEQ,
  TAG_STR, TAG_TUPLE, lookUpTag, tagNodeKind,
} from './tags.js';

// What the node being parsed follows; decides which compact forms may start on its line.
/** After `- `: a compact sequence or mapping may start on the same line. */
const SEQ_ENTRY = 0;
/** After `? ` or the `:` of an explicit entry: compact collections allowed too. */
const EXPLICIT = 1;
/** After the `:` of an implicit entry (`a: b`): only scalars, aliases and flow collections on the same line. */
const MAP_VALUE = 2;
/** After `---`: as MAP_VALUE. */
const DOCUMENT = 3;

/** Slots of the key-interning table (a power of two). */
const KEY_TABLE_SIZE = 512;

// Kinds of the one-line node scanned by scanCandidate (it may turn out to be an implicit key).
const CAND_PLAIN = 0;
const CAND_QUOTED = 1;
const CAND_ALIAS = 2;
const CAND_FLOW = 3;

/** A node's properties: anchor and tag. */
interface Props {
  anchor: string | null;
  anchorPos: number;
  tag: number;
  tagPos: number;
  tagText: string;
}

interface AnchorEntry {
  value: unknown;
  /** How many nodes the anchored node holds, counting through its own aliases. */
  size: number;
}
/** Marks an anchor whose node is still being parsed: an alias to it would make a cycle. */
const IN_PROGRESS: AnchorEntry = { value: undefined, size: 0 };

/** The reader's limits and choices; see `ParseYamlOptions` for the meanings. */
export interface ParserSettings {
  maxDepth: number;
  maxAliasExpansion: number;
  keepTuples: boolean;
}

type YamlMap = Record<string, unknown>;

export class Parser extends Scanner {
  private readonly settings: ParserSettings;
  private depth = 0;
  /** Nodes built so far, aliases counted at their expanded size. */
  private nodeCount = 0;
  /** Nodes contributed by aliases so far. */
  private aliasNodes = 0;
  private readonly anchors = new Map<string, AnchorEntry>();
  private readonly handles = new Map<string, string>();

  // The last one-line node scanned by scanCandidate.
  private candKind = CAND_PLAIN;
  private candText = '';
  private candValue: unknown = null;
  private candMultiline = false;
  private candStart = 0;
  /** End of a plain candidate's first line. */
  private candEnd = 0;
  /** Recently seen key strings by a hash of their characters (internSlice). */
  private readonly keyTable: (string | undefined)[] = new Array<string | undefined>(KEY_TABLE_SIZE);
  /** parseValue met a tab between the indicator and the node. */
  private tabbedLine = false;
  /** Set by parseFlowNode: the text of the node when it was an untagged plain scalar, else null. */
  private flowPlainText: string | null = null;

  constructor(src: string, settings: ParserSettings) {
    super(src);
    this.settings = settings;
  }

  /**
   * Drops the text and everything read from it, keeping the object (and
   * so its hidden class) for `keepShape`. Every field keeps its type.
   */
  release(): void {
    this.src = '';
    this.end = 0;
    this.crlfAt = null;
    this.anchors.clear();
    this.handles.clear();
    this.keyTable.fill(undefined);
    this.candValue = null;
  }

  // ---------------------------------------------------------------- documents

  /**
   * Reads every document of the stream (at most one unless `all`).
   *
   * @throws YamlError for any error in the text, MULTIPLE_DOCUMENTS when not `all`.
   */
  parseStream(all: boolean): unknown[] {
    const docs: unknown[] = [];
    if (this.src.charCodeAt(0) === 0xfeff) this.pos = this.lineStart = 1;
    for (;;) {
      this.anchors.clear();
      this.handles.clear();
      this.handles.set('!', '!');
      this.handles.set('!!', CORE_PREFIX);
      let col = this.skipToContent();
      let directives = 0;
      let sawYaml = false;
      const declared = new Set<string>();
      while (col === 0 && this.src.charCodeAt(this.pos) === 37 /* % */) {
        sawYaml = this.parseDirective(sawYaml, declared) || sawYaml;
        directives++;
        col = this.skipToContent();
      }
      if (col === AT_END) {
        if (directives > 0) this.fail('BAD_DIRECTIVE', "directives must be followed by '---'");
        break;
      }
      const start = this.pos;
      const explicitStart = col === AT_DOCUMENT_MARKER && this.src.charCodeAt(this.pos) === 45;
      if (col === AT_DOCUMENT_MARKER && !explicitStart) { // a stray '...'
        if (directives > 0) this.fail('BAD_DIRECTIVE', "directives must be followed by '---'");
        this.pos += 3;
        continue;
      }
      if (directives > 0 && !explicitStart) this.fail('BAD_DIRECTIVE', "directives must be followed by '---'");
      if (!all && docs.length === 1) this.fail('MULTIPLE_DOCUMENTS', 'expected a single document, found a second one', start);
      let value: unknown;
      if (explicitStart) {
        this.pos += 3;
        value = this.parseValue(-1, DOCUMENT);
      } else {
        value = this.parseNodeHere(-1, DOCUMENT, null, true);
      }
      docs.push(value);
      col = this.skipToContent();
      if (col === AT_END) break;
      if (col === AT_DOCUMENT_MARKER) {
        if (this.src.charCodeAt(this.pos) === 46) this.pos += 3; // '...' ends this document; '---' starts the next
        continue;
      }
      this.fail('UNEXPECTED_CONTENT', "expected the end of the document or '---'");
    }
    return docs;
  }

  /** Reads one `%YAML` / `%TAG` directive line (others are ignored, as PyYAML does). Returns true for %YAML. */
  private parseDirective(sawYaml: boolean, declared: Set<string>): boolean {
    const src = this.src;
    const start = this.pos;
    let eol = src.indexOf('\n', start);
    if (eol === -1) eol = this.end;
    let line = src.slice(start + 1, eol);
    const comment = line.search(/[ \t]#/);
    if (comment !== -1) line = line.slice(0, comment);
    const parts = line.trim().split(/[ \t]+/);
    this.pos = eol;
    if (parts[0] === 'YAML') {
      if (parts.length !== 2 || !/^[0-9]+\.[0-9]+$/.test(parts[1]!)) this.fail('BAD_DIRECTIVE', 'expected %YAML <major>.<minor>', start);
      if (sawYaml) this.fail('BAD_DIRECTIVE', 'found a second %YAML directive', start);
      if (!parts[1]!.startsWith('1.')) this.fail('BAD_DIRECTIVE', `unsupported YAML version ${parts[1]}`, start);
      return true;
    }
    if (parts[0] === 'TAG') {
      const handle = parts[1] ?? '';
      if (parts.length !== 3 || !/^!(?:[0-9A-Za-z-]*!)?$/.test(handle)) this.fail('BAD_DIRECTIVE', 'expected %TAG <handle> <prefix>', start);
      if (declared.has(handle)) this.fail('BAD_DIRECTIVE', `the tag handle ${handle} is declared twice`, start);
      declared.add(handle);
      this.handles.set(handle, this.decodeTag(parts[2]!, start));
    }
    return false;
  }

  // ------------------------------------------------------------ block context

  /**
   * Parses the node that follows an indicator (`- `, `? `, `: `, `---`) on
   * the cursor's line, or on the lines below when the line holds nothing
   * more. `parentIndent` is the indentation of the enclosing block
   * collection (-1 at the top).
   */
  private parseValue(parentIndent: number, kind: number): unknown {
    const src = this.src;
    let pos = this.pos;
    let c = src.charCodeAt(pos);
    let tabbed = false;
    while (c === 32 || c === 9) {
      if (c === 9) tabbed = true;
      c = src.charCodeAt(++pos);
    }
    this.pos = pos;
    if (c === 10 || c === 35 || pos >= this.end) return this.parseBelow(parentIndent, kind, null);
    this.tabbedLine = tabbed;
    return this.parseNodeHere(parentIndent, kind, null, false);
  }

  /**
   * Parses a node that starts on a later line (after properties or an
   * indicator that ended its line): a node indented more than
   * `parentIndent`, or a sequence at the same indentation as a mapping's key
   * (`key:\n- a`), or a block scalar header there (as PyYAML allows), or
   * else an empty node.
   */
  private parseBelow(parentIndent: number, kind: number, props: Props | null): unknown {
    const col = this.skipToContent();
    if (col > parentIndent) return this.parseNodeHere(parentIndent, kind, props, true);
    if (col === parentIndent && kind !== SEQ_ENTRY && kind !== DOCUMENT && this.atBlockIndicator(45)) {
      const mark = this.openAnchor(props);
      return this.closeCollection(props, this.parseBlockSequence(col), mark);
    }
    if (col === parentIndent) {
      const c = this.src.charCodeAt(this.pos);
      if (c === 124 || c === 62) { // PyYAML takes a block scalar at the parent's column as the value
        const mark = this.openAnchor(props);
        return this.closeScalar(props, this.scanBlockScalar(parentIndent), false, mark);
      }
    }
    return this.emptyNode(props);
  }

  /** True when the cursor is on `c` (`-` or `?`) followed by a blank or the end. */
  private atBlockIndicator(c: number): boolean {
    return this.src.charCodeAt(this.pos) === c && isBlankOrEnd(this.src.charCodeAt(this.pos + 1));
  }

  /**
   * Parses the node at the cursor. `atLineStart`: it is the first content of
   * its line, so it may open any block collection; otherwise it follows an
   * indicator on the same line and only SEQ_ENTRY / EXPLICIT allow compact
   * collections. `outerProps` are properties met on an earlier line.
   */
  private parseNodeHere(parentIndent: number, kind: number, outerProps: Props | null, atLineStart: boolean): unknown {
    const src = this.src;
    const nodeCol = this.pos - this.lineStart;
    const compactOk = atLineStart || kind === SEQ_ENTRY || kind === EXPLICIT;
    // a compact collection's indentation is its column: a tab cannot make it
    const tabbed = !atLineStart && this.tabbedLine;
    this.tabbedLine = false;
    let c = src.charCodeAt(this.pos);
    if ((c === 45 || c === 63) && isBlankOrEnd(src.charCodeAt(this.pos + 1))) {
      if (!compactOk) {
        this.fail(c === 45 ? 'INLINE_SEQUENCE' : 'INLINE_MAPPING', c === 45
          ? 'a block sequence cannot start on the line of a mapping value; put it on the next line'
          : 'an explicit key cannot start on the line of a mapping value');
      }
      if (tabbed) this.fail('TAB_INDENTATION', 'a block collection cannot be indented with a tab');
      const mark = this.openAnchor(outerProps);
      const v = c === 45 ? this.parseBlockSequence(nodeCol) : this.parseBlockMapping(nodeCol, null, false, true, this.pos);
      return this.closeCollection(outerProps, v, mark);
    }
    let props: Props | null = null;
    if (c === 38 || c === 33) { // & !
      props = this.parseProperties(false);
      c = src.charCodeAt(this.pos);
      if (c === 10 || c === 35 || this.pos >= this.end) {
        // properties alone on their line belong to the node below
        return this.parseBelow(parentIndent, kind, mergeProps(this, outerProps, props));
      }
      if ((c === 45 || c === 63) && isBlankOrEnd(src.charCodeAt(this.pos + 1))) {
        this.fail(c === 45 ? 'INLINE_SEQUENCE' : 'INLINE_MAPPING', 'a block collection cannot start on the line of its properties');
      }
      if (c === 58 && isBlankOrEnd(src.charCodeAt(this.pos + 1))) { // `&a : v`: an empty key with properties (as PyYAML)
        if (!compactOk) this.fail('INLINE_MAPPING', 'a mapping cannot start on the line of a mapping value; put it on the next line');
        const keyPos = this.pos;
        const key = this.keyString(this.emptyNode(props), props.tag === TAG_FLOAT, keyPos);
        const mark = this.openAnchor(outerProps);
        return this.closeCollection(outerProps, this.parseBlockMapping(nodeCol, key, false, false, keyPos), mark);
      }
    }
    if (c === 124 || c === 62) { // | >
      const all = mergeProps(this, outerProps, props);
      const mark = this.openAnchor(all);
      const text = this.scanBlockScalar(parentIndent);
      return this.closeScalar(all, text, false, mark);
    }
    if (c === 42 && props !== null) this.fail('UNEXPECTED_CHARACTER', 'an alias cannot have an anchor or a tag', props.tagPos >= 0 ? props.tagPos : props.anchorPos);
    const outerMark = this.openAnchor(outerProps);
    const innerMark = this.openAnchor(props);
    this.scanCandidate(parentIndent);
    if (this.atImplicitKeyColon()) {
      if (!compactOk) this.fail('INLINE_MAPPING', 'a mapping cannot start on the line of a mapping value; put it on the next line');
      if (tabbed) this.fail('TAB_INDENTATION', 'a block mapping cannot be indented with a tab', this.candStart);
      const isMerge = this.candKind === CAND_PLAIN && props === null && this.candIsMerge();
      const key = this.finishKey(props, innerMark);
      const map = this.parseBlockMapping(nodeCol, key, isMerge, false, this.candStart);
      return this.closeCollection(outerProps, map, outerMark);
    }
    const all = mergeProps(this, outerProps, props);
    let value: unknown;
    switch (this.candKind) {
      case CAND_PLAIN:
        value = this.closeScalar(all, this.continuePlainBlock(src.slice(this.candStart, this.candEnd), parentIndent), true, innerMark);
        break;
      case CAND_QUOTED:
        value = this.closeScalar(all, this.candText, false, innerMark);
        break;
      case CAND_ALIAS:
        if (all !== null) this.fail('UNEXPECTED_CHARACTER', 'an alias cannot have an anchor or a tag', all.tagPos >= 0 ? all.tagPos : all.anchorPos);
        value = this.candValue;
        break;
      default:
        value = this.closeCollection(all, this.candValue, innerMark);
    }
    if (outerProps !== null && outerProps.anchor !== null) this.closeAnchor(outerProps, value, outerMark);
    return value;
  }

  /**
   * Scans a node that fits on one line and may turn out to be an implicit
   * key: an alias, a flow collection, a quoted scalar, or the first line of
   * a plain scalar. Leaves the result in the cand* fields. `parentIndent`
   * is the enclosing block's indentation (lines of a flow collection may
   * not use tabs to reach past it).
   */
  private scanCandidate(parentIndent: number): void {
    const src = this.src;
    const c = src.charCodeAt(this.pos);
    const line = this.lineStart;
    this.candStart = this.pos;
    switch (c) {
      case 42: // *
        this.candKind = CAND_ALIAS;
        this.candValue = this.parseAlias(false);
        this.candMultiline = false;
        return;
      case 91: // [
      case 123: // {
        this.candKind = CAND_FLOW;
        this.flowIndent = parentIndent + 1;
        this.candValue = c === 91 ? this.parseFlowSequence() : this.parseFlowMapping();
        this.candMultiline = this.lineStart !== line;
        return;
      case 34: // "
      case 39: // '
        this.candKind = CAND_QUOTED;
        this.candText = c === 34 ? this.scanDoubleQuoted() : this.scanSingleQuoted();
        this.candMultiline = this.quotedMultiline;
        return;
      default: {
        if (!isPlainStart(c, src.charCodeAt(this.pos + 1), false)) {
          this.fail('UNEXPECTED_CHARACTER', c === 9
            ? 'found a tab character that cannot start a node'
            : `found '${String.fromCodePoint(src.codePointAt(this.pos)!)}', which cannot start a node here`);
        }
        this.candKind = CAND_PLAIN;
        this.candEnd = this.scanPlainLine(false);
        this.candText = ''; // sliced on demand: keys are interned instead (internSlice)
        this.candMultiline = false;
      }
    }
  }

  /** The plain candidate is `<<`, the merge key. */
  private candIsMerge(): boolean {
    return this.candEnd - this.candStart === 2 && this.src.charCodeAt(this.candStart) === 60 && this.src.charCodeAt(this.candStart + 1) === 60;
  }

  /**
   * `src.slice(start, end)`, reusing the string made for the same key
   * earlier in this text: a config repeats a few dozen keys hundreds of
   * times, and a string already used as a property name is stored much
   * faster than a fresh one.
   */
  private internSlice(start: number, end: number): string {
    const src = this.src;
    const n = end - start;
    if (n > 48) return src.slice(start, end);
    let h = n;
    for (let i = start; i < end; i++) h = (Math.imul(h, 31) + src.charCodeAt(i)) | 0;
    const slot = (h ^ (h >>> 15)) & (KEY_TABLE_SIZE - 1);
    const known = this.keyTable[slot];
    if (known !== undefined && known.length === n && src.startsWith(known, start)) return known;
    const key = src.slice(start, end);
    this.keyTable[slot] = key;
    return key;
  }

  /** True (cursor on the `:`) when blanks and then `:` followed by a blank or the end come next. */
  private atImplicitKeyColon(): boolean {
    const src = this.src;
    let p = this.pos;
    let c = src.charCodeAt(p);
    while (c === 32 || c === 9) c = src.charCodeAt(++p);
    if (c === 58 && isBlankOrEnd(src.charCodeAt(p + 1))) {
      this.pos = p;
      return true;
    }
    return false;
  }

  /** Turns the scanned candidate into a mapping key (a string), closing the key's properties. */
  private finishKey(props: Props | null, mark: number): string {
    if (this.candMultiline) this.fail('MULTILINE_KEY', 'an implicit key must fit on one line; use "? " for a longer key');
    switch (this.candKind) {
      case CAND_PLAIN: {
        if (props === null) {
          this.nodeCount++;
          return plainKeyString(this.internSlice(this.candStart, this.candEnd));
        }
        const text = this.src.slice(this.candStart, this.candEnd);
        const value = this.closeScalar(props, text, true, mark);
        return this.keyString(value, props.tag === TAG_FLOAT || (props.tag === TAG_NON_SPECIFIC && isFloatPlain(text)), this.candStart);
      }
      case CAND_QUOTED: {
        if (props === null) {
          this.nodeCount++;
          return this.candText;
        }
        return this.keyString(this.closeScalar(props, this.candText, false, mark), props.tag === TAG_FLOAT, this.candStart);
      }
      case CAND_ALIAS:
        return this.keyString(this.candValue, false, this.candStart);
      default:
        return this.fail('UNHASHABLE_KEY', 'a sequence or mapping cannot be a mapping key', this.candStart);
    }
  }

  /** The string key for a scalar value (at `at`), spelled as Python's json.dumps spells dict keys. */
  private keyString(value: unknown, isFloat: boolean, at: number): string {
    switch (typeof value) {
      case 'string': return value;
      case 'boolean': return value ? 'true' : 'false';
      case 'bigint': return String(value);
      case 'number': return isFloat ? pythonFloatRepr(value) : String(value);
      default:
        if (value === null) return 'null';
        return this.fail('UNHASHABLE_KEY', 'a sequence or mapping cannot be a mapping key', at);
    }
  }

  /** Parses a block sequence whose first `-` is at the cursor, column `indent`. */
  private parseBlockSequence(indent: number): unknown[] {
    this.enter();
    this.nodeCount++;
    const items: unknown[] = [];
    let col: number;
    for (;;) {
      this.pos++; // past '-'
      items.push(this.parseValue(indent, SEQ_ENTRY));
      col = this.skipToContent();
      if (col !== indent || !this.atBlockIndicator(45)) break;
    }
    if (col > indent) this.fail('BAD_INDENTATION', 'this line is indented more than the sequence entries above it, but continues none of them');
    this.depth--;
    return items;
  }

  /**
   * Parses a block mapping at column `indent`. Either its first implicit key
   * is already scanned (`firstKey`, which started at `firstKeyPos`; cursor on
   * its `:`), or `explicit` and the cursor is on a `?`.
   */
  private parseBlockMapping(indent: number, firstKey: string | null, firstIsMerge: boolean, explicit: boolean, firstKeyPos: number): YamlMap {
    this.enter();
    this.nodeCount++;
    const src = this.src;
    const map: YamlMap = {};
    let merges: unknown[] | null = null;
    let key: string | null = firstKey;
    let isMerge = firstIsMerge;
    let keyPos = firstKeyPos;
    for (;;) {
      let value: unknown = null;
      if (explicit) {
        this.pos++; // past '?'
        const keyNode = this.parseValue(indent, EXPLICIT);
        key = this.keyString(keyNode, false, keyPos);
        isMerge = false;
        const col = this.skipToContent();
        if (col === indent && src.charCodeAt(this.pos) === 58 && isBlankOrEnd(src.charCodeAt(this.pos + 1))) {
          this.pos++;
          value = this.parseValue(indent, EXPLICIT);
        }
      } else {
        this.pos++; // past ':'
        value = this.parseValue(indent, MAP_VALUE);
      }
      if (isMerge) (merges ??= []).push(value, keyPos);
      else setKey(map, key ?? 'null', value);

      const col = this.skipToContent();
      if (col !== indent) {
        if (col > indent) this.fail('BAD_INDENTATION', 'this line is indented more than the mapping keys above it, but continues none of them');
        break;
      }
      // the next entry
      keyPos = this.pos;
      const c = src.charCodeAt(this.pos);
      explicit = c === 63 && isBlankOrEnd(src.charCodeAt(this.pos + 1));
      if (explicit) continue;
      if (c === 58 && isBlankOrEnd(src.charCodeAt(this.pos + 1))) { // ': value' with an empty key
        key = 'null';
        isMerge = false;
        continue;
      }
      let props: Props | null = null;
      if (c === 38 || c === 33) {
        props = this.parseProperties(false);
        const d = src.charCodeAt(this.pos);
        if (d === 10 || d === 35 || this.pos >= this.end) this.fail('MISSING_COLON', 'expected a mapping key after these properties', keyPos);
        if (d === 58 && isBlankOrEnd(src.charCodeAt(this.pos + 1))) { // `&a : v`: an empty key with properties
          key = this.keyString(this.emptyNode(props), props.tag === TAG_FLOAT, keyPos);
          isMerge = false;
          continue;
        }
      }
      if (props !== null && src.charCodeAt(this.pos) === 42) this.fail('UNEXPECTED_CHARACTER', 'an alias cannot have an anchor or a tag', keyPos);
      const mark = this.openAnchor(props);
      this.scanCandidate(indent);
      if (!this.atImplicitKeyColon()) this.fail('MISSING_COLON', "could not find the ':' after this mapping key", keyPos);
      isMerge = this.candKind === CAND_PLAIN && props === null && this.candIsMerge();
      key = this.finishKey(props, mark);
    }
    this.depth--;
    return merges === null ? map : this.applyMerges(map, merges);
  }

  // ------------------------------------------------------------- flow context

  /** Parses a node inside a flow collection, at the cursor (not on `,` `]` `}`); `asKey`: it is a mapping key. */
  private parseFlowNode(open: number, asKey = false): unknown {
    const src = this.src;
    this.flowPlainText = null;
    let props: Props | null = null;
    let c = src.charCodeAt(this.pos);
    if (c === 38 || c === 33) {
      props = this.parseProperties(true);
      c = this.skipFlowSpace(open);
      if (c === 44 || c === 93 || c === 125 || (c === 58 && this.atFlowValueIndicator())) {
        return this.emptyNode(props);
      }
    }
    const mark = this.openAnchor(props);
    let value: unknown;
    switch (c) {
      case 91: value = this.closeCollection(props, this.parseFlowSequence(), mark); break;
      case 123: value = this.closeCollection(props, this.parseFlowMapping(), mark); break;
      case 42:
        if (props !== null) this.fail('UNEXPECTED_CHARACTER', 'an alias cannot have an anchor or a tag');
        value = this.parseAlias(true);
        break;
      case 34: value = this.closeScalar(props, this.scanDoubleQuoted(), false, mark); break;
      case 39: value = this.closeScalar(props, this.scanSingleQuoted(), false, mark); break;
      default: {
        if (!isPlainStart(c, src.charCodeAt(this.pos + 1), true)) {
          if (c === 124 || c === 62) this.fail('UNEXPECTED_CHARACTER', 'a block scalar cannot appear inside a flow collection');
          this.fail('UNEXPECTED_CHARACTER', `found '${String.fromCodePoint(src.codePointAt(this.pos)!)}', which cannot start a node here`);
        }
        const start = this.pos;
        const end = this.scanPlainLine(true);
        const text = this.continuePlainFlow(asKey && props === null ? this.internSlice(start, end) : src.slice(start, end));
        value = this.closeScalar(props, text, true, mark);
        this.flowPlainText = props === null ? text : null;
        return value;
      }
    }
    this.flowPlainText = null;
    return value;
  }

  /** True when the cursor's `:` is a value indicator in flow context. */
  private atFlowValueIndicator(): boolean {
    const d = this.src.charCodeAt(this.pos + 1);
    return isBlankOrEnd(d) || isFlowIndicator(d);
  }

  /** The key string for the flow node just parsed, which started at `at`. */
  private flowKey(value: unknown, at: number): string {
    const text = this.flowPlainText;
    return text !== null ? plainKeyString(text) : this.keyString(value, false, at);
  }

  /** Parses `[ ... ]` at the cursor. Entries may be single-pair mappings (`[a: 1]`). */
  private parseFlowSequence(): unknown[] {
    const open = this.pos;
    this.enter();
    this.nodeCount++;
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      let c = this.skipFlowSpace(open);
      if (c === 93) break;
      let item: unknown;
      if (c === 63 || c === 58) { // '?' in flow context is always an explicit key (PyYAML)
        item = this.parseFlowPair(open, c === 63);
      } else {
        const at = this.pos;
        const line = this.lineStart;
        const node = this.parseFlowNode(open);
        c = this.skipFlowSpace(open);
        if (c === 58) {
          if (this.lineStart !== line) this.fail('MULTILINE_KEY', "an implicit key and its ':' must be on one line; use '? ' for a longer key", at);
          const key = this.flowKey(node, at);
          this.pos++;
          c = this.skipFlowSpace(open);
          const pair: YamlMap = {};
          setKey(pair, key, c === 44 || c === 93 ? null : this.parseFlowNode(open));
          this.nodeCount++;
          item = pair;
        } else {
          item = node;
        }
      }
      items.push(item);
      c = this.skipFlowSpace(open);
      if (c === 44) { this.pos++; continue; }
      if (c === 93) break;
      this.fail('UNEXPECTED_CHARACTER', "expected ',' or ']' in this flow sequence");
    }
    this.pos++;
    this.depth--;
    return items;
  }

  /** A single-pair mapping inside a flow sequence that starts with `?` or `:`. */
  private parseFlowPair(open: number, explicit: boolean): YamlMap {
    let key = 'null';
    if (explicit) {
      this.pos++;
      const c = this.skipFlowSpace(open);
      const at = this.pos;
      if (!(c === 44 || c === 93 || c === 58)) key = this.flowKey(this.parseFlowNode(open), at);
    }
    let value: unknown = null;
    let c = this.skipFlowSpace(open);
    if (c === 58) {
      this.pos++;
      c = this.skipFlowSpace(open);
      if (c !== 44 && c !== 93) value = this.parseFlowNode(open);
    }
    const pair: YamlMap = {};
    setKey(pair, key, value);
    this.nodeCount++;
    return pair;
  }

  /** Parses `{ ... }` at the cursor. */
  private parseFlowMapping(): YamlMap {
    const open = this.pos;
    this.enter();
    this.nodeCount++;
    this.pos++;
    const map: YamlMap = {};
    let merges: unknown[] | null = null;
    for (;;) {
      let c = this.skipFlowSpace(open);
      if (c === 125) break;
      const keyPos = this.pos;
      let key = 'null';
      let isMerge = false;
      if (c === 63) {
        this.pos++;
        c = this.skipFlowSpace(open);
        const at = this.pos;
        if (!(c === 44 || c === 125 || c === 58)) key = this.flowKey(this.parseFlowNode(open), at);
      } else if (c !== 58) {
        const line = this.lineStart;
        const node = this.parseFlowNode(open, true);
        isMerge = this.flowPlainText === '<<';
        key = this.flowKey(node, keyPos);
        c = this.skipFlowSpace(open);
        if (c === 58 && this.lineStart !== line) this.fail('MULTILINE_KEY', "an implicit key and its ':' must be on one line; use '? ' for a longer key", keyPos);
      }
      let value: unknown = null;
      c = this.skipFlowSpace(open);
      if (c === 58) {
        this.pos++;
        c = this.skipFlowSpace(open);
        if (c !== 44 && c !== 125) value = this.parseFlowNode(open);
      }
      if (isMerge) (merges ??= []).push(value, keyPos);
      else setKey(map, key, value);
      c = this.skipFlowSpace(open);
      if (c === 44) { this.pos++; continue; }
      if (c === 125) break;
      this.fail('UNEXPECTED_CHARACTER', "expected ',' or '}' in this flow mapping");
    }
    this.pos++;
    this.depth--;
    return merges === null ? map : this.applyMerges(map, merges);
  }

  // --------------------------------------------------- properties and aliases

  /** Reads an anchor and / or a tag at the cursor, and the blanks after them. */
  private parseProperties(flow: boolean): Props {
    const src = this.src;
    const props: Props = { anchor: null, anchorPos: -1, tag: TAG_NONE, tagPos: -1, tagText: '' };
    for (;;) {
      const c = src.charCodeAt(this.pos);
      if (c === 38) {
        if (props.anchor !== null) this.fail('BAD_ANCHOR', 'a node cannot have two anchors');
        props.anchorPos = this.pos;
        props.anchor = this.scanAnchorName(flow);
      } else if (c === 33) {
        if (props.tagPos >= 0) this.fail('BAD_TAG', 'a node cannot have two tags');
        props.tagPos = this.pos;
        this.scanTag(props, flow);
      } else {
        break;
      }
      let p = this.pos;
      let d = src.charCodeAt(p);
      while (d === 32 || d === 9) d = src.charCodeAt(++p);
      this.pos = p;
    }
    return props;
  }

  /** Reads the name after `&` or `*` (PyYAML's set: letters, digits, `-`, `_`). */
  private scanAnchorName(flow: boolean): string {
    const src = this.src;
    const start = this.pos + 1;
    let p = start;
    let c = src.charCodeAt(p);
    while ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95) c = src.charCodeAt(++p);
    if (p === start) this.fail('BAD_ANCHOR', `expected a name of letters, digits, '-' or '_' after '${src.charAt(this.pos)}'`, p);
    if (!(isBlankOrEnd(c) || c === 58 || (flow && isFlowIndicator(c)))) {
      this.fail('BAD_ANCHOR', `found '${String.fromCodePoint(src.codePointAt(p)!)}' in an anchor name (allowed: letters, digits, '-', '_')`, p);
    }
    this.pos = p;
    return src.slice(start, p);
  }

  /** Reads a tag at the cursor into `props`, refusing every tag outside the supported table. */
  private scanTag(props: Props, flow: boolean): void {
    const src = this.src;
    const start = this.pos;
    let p = start + 1;
    let c = src.charCodeAt(p);
    let full: string;
    if (c === 60) { // !<verbatim>
      const close = src.indexOf('>', p);
      const eol = src.indexOf('\n', p);
      if (close === -1 || (eol !== -1 && close > eol) || close === p + 1) this.fail('BAD_TAG', "expected '>' to close this verbatim tag", start);
      full = this.decodeTag(src.slice(p + 1, close), start);
      p = close + 1;
    } else if (isBlankOrEnd(c) || (flow && isFlowIndicator(c))) {
      props.tag = TAG_NON_SPECIFIC;
      props.tagText = '!';
      this.pos = p;
      return;
    } else {
      let q = p;
      while ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95) c = src.charCodeAt(++q);
      let handle = '!';
      let suffixStart = p;
      if (c === 33) {
        handle = src.slice(start, q + 1);
        suffixStart = q + 1;
      }
      let e = suffixStart;
      c = src.charCodeAt(e);
      while (isTagChar(c)) c = src.charCodeAt(++e);
      if (e === suffixStart) this.fail('BAD_TAG', `expected a tag name after '${handle}'`, start);
      const prefix = this.handles.get(handle);
      if (prefix === undefined) this.fail('BAD_TAG', `the tag handle ${handle} is not declared by a %TAG directive`, start);
      full = prefix + this.decodeTag(src.slice(suffixStart, e), start);
      p = e;
    }
    const written = src.slice(start, p);
    const kind = lookUpTag(full);
    if (kind === 'unsafe') {
      this.fail('UNSAFE_TAG', `refusing the tag ${written}: it would build or name a Python object`, start);
    }
    if (kind === 'unsupported') {
      this.fail('UNSUPPORTED_TAG', `the tag ${written} is not supported (supported: !!str !!int !!float !!bool !!null !!seq !!map !!python/tuple !!python/unicode !!python/str)`, start);
    }
    c = src.charCodeAt(p);
    if (!(isBlankOrEnd(c) || (flow && isFlowIndicator(c)))) this.fail('BAD_TAG', 'expected a blank after this tag', p);
    props.tag = kind;
    props.tagText = written;
    this.pos = p;
  }

  /** Decodes `%XX` escapes (UTF-8) in a tag or tag prefix. */
  private decodeTag(text: string, at: number): string {
    if (text.indexOf('%') === -1) return text;
    try {
      return decodeURIComponent(text);
    } catch {
      return this.fail('BAD_TAG', 'found a malformed %-escape in this tag', at);
    }
  }

  /** Reads `*name` at the cursor and returns the anchored value, counting its size against the alias budget. */
  private parseAlias(flow: boolean): unknown {
    const start = this.pos;
    const name = this.scanAnchorName(flow);
    const entry = this.anchors.get(name);
    if (entry === undefined) this.fail('UNKNOWN_ALIAS', `found the alias *${name}, but no anchor &${name} before it`, start);
    if (entry === IN_PROGRESS) this.fail('RECURSIVE_ALIAS', `the alias *${name} is inside the node anchored &${name}; recursive structures are not supported`, start);
    this.aliasNodes += entry.size;
    this.nodeCount += entry.size;
    if (this.aliasNodes > this.settings.maxAliasExpansion) {
      this.fail('ALIAS_LIMIT', `aliases expand to more than maxAliasExpansion (${this.settings.maxAliasExpansion}) nodes`, start);
    }
    return entry.value;
  }

  /** Marks the anchor in `props` as being defined; returns the node count to size the node with. */
  private openAnchor(props: Props | null): number {
    if (props !== null && props.anchor !== null) this.anchors.set(props.anchor, IN_PROGRESS);
    return this.nodeCount;
  }

  private closeAnchor(props: Props, value: unknown, mark: number): void {
    const size = this.nodeCount - mark;
    this.anchors.set(props.anchor!, { value, size: size > 0 ? size : 1 });
  }

  /** Builds a scalar from its text and style under its tag, and closes its anchor. */
  private closeScalar(props: Props | null, text: string, plain: boolean, mark: number): unknown {
    this.nodeCount++;
    if (props === null) return plain ? resolvePlain(text) : text;
    let value: unknown;
    switch (props.tag) {
      case TAG_NONE: value = plain ? resolvePlain(text) : text; break;
      case TAG_NON_SPECIFIC: value = resolvePlain(text); break; // PyYAML resolves '!'-tagged scalars implicitly
      case TAG_STR: value = text; break;
      case TAG_NULL: value = null; break;
      case TAG_INT: value = intValue(text); break;
      case TAG_FLOAT: value = floatValue(text); break;
      case TAG_BOOL: value = explicitBool(text); break;
      default: this.tagMismatch(props, 'scalar');
    }
    if (value === undefined) this.fail('BAD_SCALAR', `${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} is not a valid ${props.tagText} value`, props.tagPos);
    if (props.anchor !== null) this.closeAnchor(props, value, mark);
    return value;
  }

  /** Checks a collection's tag and closes its anchor. */
  private closeCollection(props: Props | null, value: unknown, mark: number): unknown {
    if (props === null) return value;
    const isSeq = Array.isArray(value);
    switch (props.tag) {
      case TAG_NONE: case TAG_NON_SPECIFIC: break;
      case TAG_SEQ: if (!isSeq) this.tagMismatch(props, 'mapping'); break;
      case TAG_MAP: if (isSeq) this.tagMismatch(props, 'sequence'); break;
      case TAG_TUPLE:
        if (!isSeq) this.tagMismatch(props, 'mapping');
        if (this.settings.keepTuples) value = new PythonTuple(value as unknown[]);
        break;
      default: this.tagMismatch(props, isSeq ? 'sequence' : 'mapping');
    }
    if (props.anchor !== null) this.closeAnchor(props, value, mark);
    return value;
  }

  /** A node with no content: null, or what its tag makes of the empty string. */
  private emptyNode(props: Props | null): unknown {
    if (props !== null && (props.tag === TAG_SEQ || props.tag === TAG_MAP || props.tag === TAG_TUPLE)) {
      this.tagMismatch(props, 'scalar');
    }
    return this.closeScalar(props, '', true, this.openAnchor(props));
  }

  private tagMismatch(props: Props, found: string): never {
    return this.fail('TAG_MISMATCH', `the tag ${props.tagText} applies to a ${tagNodeKind(props.tag)}, but the node is a ${found}`, props.tagPos);
  }

  // ---------------------------------------------------------- limits, merges

  private enter(): void {
    if (++this.depth > this.settings.maxDepth) {
      this.fail('TOO_DEEP', `collections nest deeper than maxDepth (${this.settings.maxDepth})`);
    }
  }

  /**
   * Applies `<<` merges as PyYAML's flatten_mapping does: the merged pairs
   * come first (for a list of mappings, the later ones first, so earlier ones
   * win), then the mapping's own pairs, later pairs overriding earlier ones.
   */
  private applyMerges(own: YamlMap, merges: unknown[]): YamlMap {
    const result: YamlMap = {};
    for (let i = 0; i < merges.length; i += 2) {
      const value = merges[i];
      const at = merges[i + 1] as number;
      if (Array.isArray(value)) {
        for (let j = value.length - 1; j >= 0; j--) {
          const m: unknown = value[j];
          if (!isPlainMap(m)) this.fail('BAD_MERGE', 'expected a mapping in the list merged by <<', at);
          copyInto(result, m);
        }
      } else if (isPlainMap(value)) {
        copyInto(result, value);
      } else {
        this.fail('BAD_MERGE', 'expected a mapping or a list of mappings to merge with <<', at);
      }
    }
    copyInto(result, own);
    this.nodeCount += Object.keys(result).length;
    return result;
  }
}

/** Merges the properties met on an earlier line with those on the node's line. */
function mergeProps(parser: Parser, outer: Props | null, inner: Props | null): Props | null {
  if (outer === null) return inner;
  if (inner === null) return outer;
  if (outer.anchor !== null && inner.anchor !== null) parser.fail('BAD_ANCHOR', 'a node cannot have two anchors', inner.anchorPos);
  if (outer.tagPos >= 0 && inner.tagPos >= 0) parser.fail('BAD_TAG', 'a node cannot have two tags', inner.tagPos);
  return {
    anchor: outer.anchor ?? inner.anchor,
    anchorPos: outer.anchor !== null ? outer.anchorPos : inner.anchorPos,
    tag: outer.tagPos >= 0 ? outer.tag : inner.tag,
    tagPos: outer.tagPos >= 0 ? outer.tagPos : inner.tagPos,
    tagText: outer.tagPos >= 0 ? outer.tagText : inner.tagText,
  };
}

/** The key a plain scalar makes, spelled as Python's json.dumps spells the dict key PyYAML builds. */
function plainKeyString(text: string): string {
  const value = resolvePlain(text);
  if (typeof value === 'string') return value;
  if (value === null) return 'null';
  if (typeof value === 'number') return isFloatPlain(text) ? pythonFloatRepr(value) : String(value);
  return String(value);
}

/** Sets an own, enumerable data property; `__proto__` never reaches the prototype. */
function setKey(map: YamlMap, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
  else map[key] = value;
}

function copyInto(target: YamlMap, source: YamlMap): void {
  for (const key of Object.keys(source)) setKey(target, key, source[key]);
}

function isPlainMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof PythonTuple);
}

/** Characters of a tag shorthand's suffix: URI characters without the flow indicators. */
function isTagChar(c: number): boolean {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return true;
  switch (c) {
    case 45: case 59: case 47: case 63: case 58: case 64: case 38: case 61: case 43: case 36: // - ; / ? : @ & = + $
    case 95: case 46: case 33: case 126: case 42: case 39: case 40: case 41: case 37: // _ . ! ~ * ' ( ) %
      return true;
    default:
      return false;
  }
}

/**
 * One emptied parser kept for the life of the module. V8 holds the hidden
 * classes of class instances only weakly: with no parser alive, a full GC
 * drops them and deoptimises every compiled parser method ("weak objects"),
 * which made parses after each major GC 5-10x slower until recompiled
 * (bench/yaml.bench.mjs, forced GC between batches).
 */
let keptParser: Parser | null = null;

/** Keeps `parser`'s hidden class alive (see `keptParser`); call when it is done. */
export function keepShape(parser: Parser): void {
  if (keptParser !== null) return;
  parser.release();
  keptParser = parser;
}
