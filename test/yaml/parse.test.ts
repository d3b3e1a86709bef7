/**
 * parseYaml against PyYAML: a corpus of YAML covering every supported
 * construct, each read by PyYAML's SafeLoader (FullLoader for the
 * `!!python/...` tags) in one batched process; our value must equal
 * PyYAML's exactly (numbers by Object.is, big ints as bigint).
 */
import { describe, expect, it } from 'vitest';
import { oracle } from '../helpers/oracles.js';
import { PythonTuple, parseAllYaml, parseYaml } from '../../src/yaml/index.js';
import { OracleBatch, difference, fromOracle, type OracleOp } from './helpers.js';

interface Case { name: string; text: string; loader?: 'load' | 'full_load' | 'load_all' }

const CASES: Case[] = [
  // block structure
  { name: 'mapping', text: 'a: 1\nb: 2\n' },
  { name: 'sequence', text: '- a\n- b\n' },
  { name: 'nested mappings', text: 'a:\n  b:\n    c: 1\n  d: 2\ne: 3\n' },
  { name: 'indentless sequence in a mapping', text: 'a:\n- 1\n- 2\nb: 3\n' },
  { name: 'compact nested sequences', text: '- - a\n  - b\n- - c\n' },
  { name: 'compact mappings in a sequence', text: '- a: 1\n  b: 2\n- c: 3\n' },
  { name: 'entries on the next line', text: '-\n  a: 1\n-\n  - x\n' },
  { name: 'indentless sequence inside a compact mapping', text: 'a:\n  - b:\n    - c\n    d: 2\n' },
  { name: 'explicit keys', text: '? a\n: b\n? c\n' },
  { name: 'explicit key in a sequence', text: '- ? a\n  : b\n' },
  { name: 'explicit entry with a compact value', text: '? a\n: - z\n  - w\n? b\n: c: 1\n  d: 2\n' },
  { name: 'blank lines between entries', text: 'a: b\n\n\nc: d\n' },
  { name: 'comments everywhere', text: '# head\na: 1 # trailing\n# between\nb: # after key\n  2\n' },
  { name: 'value on the next line', text: 'a:   \n  1\n' },
  { name: 'empty values', text: 'a:\nb: \nc:\n- \n-\n' },
  { name: 'top-level scalar', text: 'top\n' },
  { name: 'indented root', text: '  indented: root\n  second: 2\n' },
  { name: 'empty stream', text: '' },
  { name: 'only a comment', text: '# nothing\n' },
  { name: 'explicit document', text: '---\na: 1\n...\n' },
  { name: 'literal root after ---', text: '--- |\n  literal\n' },
  { name: 'folded root after ---', text: '--- >\n  folded\n  text\n' },
  { name: 'tagged root on the --- line', text: '--- !!map\na: 1\n' },
  { name: '%YAML directive', text: '%YAML 1.1\n---\na: 1\n' },
  { name: '%TAG directive', text: '%TAG !e! tag:yaml.org,2002:\n---\n!e!str 12\n' },
  { name: 'comment after ---', text: '--- # c\n- a\n' },

  // plain scalars
  { name: 'plain with spaces', text: 'a: hello world\n' },
  { name: 'multi-line plain', text: 'a: multi\n  line\n  plain\n' },
  { name: 'plain with a blank line', text: 'a: para\n\n  graph\n' },
  { name: 'multi-line plain in a sequence', text: '- a\n  b\n- c\n' },
  { name: 'multi-line plain at the top', text: 'a\nb\n\nc\n' },
  { name: 'colons inside plain', text: 'a: x:y\nb: http://x.y:80/z\nc: a :b\n' },
  { name: 'plain then comment', text: 'a: x # a comment: yes\n' },
  { name: 'hash inside plain', text: 'a: x#y\nb: "#q"\n' },
  { name: 'indicator-led plain', text: 'a: -1\nb: -x\nc: ?x\nd: :x\ne: b[c]d{e},f\n' },
  { name: 'dashes and dots', text: '- ---x\n- ...y\n- a - b\n' },
  { name: 'trailing blanks', text: 'a: value   \nb: "q"  \n' },
  { name: 'key with spaces', text: 'key with spaces: value with spaces\n' },

  // resolution (YAML 1.1 as PyYAML applies it)
  { name: 'null forms', text: '- ~\n- null\n- Null\n- NULL\n- \n- nULL\n- ~x\n' },
  { name: 'bool forms', text: '[yes, Yes, YES, no, No, NO, true, True, TRUE, false, False, FALSE, on, On, ON, off, Off, OFF, yEs, y, n, tRUE]\n' },
  { name: 'int forms', text: '[0, -0, +12, 1_000, 0x1F, 0x_1F, -0x1f, 017, 0o17, 0b101, -0b11, 08, 0_7, 190:20:30, -1:30]\n' },
  { name: 'big ints', text: '- 123456789012345678901234\n- 9007199254740993\n- -9007199254740993\n- 9007199254740991\n- 0xFFFFFFFFFFFFFFFFF\n- 0777777777777777777777\n- 0b11111111111111111111111111111111111111111111111111111111\n' },
  { name: 'float forms', text: '[1.0, -1.5, .5, 1., 1e3, 1.0e3, 1.0e+3, 1.0E-3, .inf, -.Inf, +.INF, .nan, .NaN, .NAN, 1_000.5, 6.8523015e+5, 685.230_15e+03, 0.0, -0.0, 1e-7, 1.0e-07, 190:20:30.15, 1.7976931348623157e+308, 5e-324, 4.9e-324]\n' },
  { name: 'almost numbers stay strings', text: '[1.2.3, 0x, 0xG, 1e, 1_, +, -, ., .e5, 12e, 1:60, 0b2, 09:30]\n' },
  { name: 'merge', text: 'base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n' },
  { name: 'merge of a list', text: 'a: &a {p: 1, s: a}\nb: &b {p: 2, q: 2}\nc:\n  <<: [*a, *b]\n  r: 3\n' },
  { name: 'two merge keys', text: 'a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc:\n  <<: *a\n  <<: *b\n' },
  { name: 'merge in flow', text: 'a: &a {k: 1}\nb: {<<: *a, j: 2}\n' },
  { name: 'quoted << is a key', text: "'<<': 1\n" },
  { name: '= as a key', text: '=: x\n' },

  // quoted scalars
  { name: 'every double-quoted escape', text: 'a: "z\\0 \\a \\b \\t \\n \\v \\f \\r \\e \\  \\" \\/ \\\\ \\N \\_ \\L \\P \\x41 \\u00e9 \\U0001F600 \\\tx"\n' },
  { name: 'single quote escape', text: "a: 'it''s'\n" },
  { name: 'double-quoted folding', text: 'a: "fold\n  ed\n\n  para\n\n\n  x"\n' },
  { name: 'single-quoted folding', text: "a: 'fold\n  ed\n\n  para'\n" },
  { name: 'escaped line break', text: 'a: "line\\\n  cont\\\n\n  next"\n' },
  { name: 'blanks before a fold are dropped', text: 'a: "trailing   \n  spaces \\t\n  kept"\n' },
  { name: 'escaped space at a line start', text: 'a: "wrapped\\\n  \\ leading"\n' },
  { name: 'quoted keys', text: '"quoted key": 1\n\'single key\': 2\n"": 3\n' },
  { name: 'empty quoted', text: 'a: ""\nb: \'\'\n' },
  { name: 'tab inside quotes', text: 'a: "x\ty"\nb: \'p\tq\'\n' },
  { name: 'quotes then comment', text: 'a: "x" # c\nb: \'y\'  # d\n' },

  // block scalars
  { name: 'literal clip', text: 'a: |\n  l1\n  l2\n\n' },
  { name: 'literal strip', text: 'a: |-\n  l1\n  l2\n\n' },
  { name: 'literal keep', text: 'a: |+\n  l1\n  l2\n\n\nb: 1\n' },
  { name: 'folded', text: 'a: >\n  f1\n  f2\n\n  f3\n    more\n    lines\n  f4\n' },
  { name: 'explicit indentation', text: 'a: |2\n    indented\n  base\n' },
  { name: 'folded strip', text: 'a: >-\n  x\n' },
  { name: 'block scalars in a sequence', text: '- |\n  in seq\n- >\n  folded\n' },
  { name: 'hash in a literal', text: 'a: |\n  text\n  # not a comment\nb: 1\n' },
  { name: 'leading blank line in a literal', text: 'a: |\n\n  leading blank\n' },
  { name: 'header comment', text: 'a: |  # comment\n  x\n' },
  { name: 'keep and indentation indicators', text: 'a: |+2\n    x\n\nb: >-1\n  y\n' },
  { name: 'literal at the end without a newline', text: 'a: |\n  text' },
  { name: 'empty literal', text: 'a: |\nb: 1\n' },
  { name: 'literal with more-indented blank lines', text: 'a: |\n  x\n     \n  y\n' },
  { name: 'literal inside a compact mapping', text: '- a: |\n    text\n  b: 1\n' },

  // flow collections
  { name: 'flow sequence', text: 'a: [1, 2, 3]\n' },
  { name: 'flow mapping', text: 'a: {b: 1, c: [2, 3]}\n' },
  { name: 'nested flow at the top', text: '[a, [b, c], {d: e}]\n' },
  { name: 'flow mapping without values', text: '{a: 1, b}\n' },
  { name: 'single-pair mappings in a flow sequence', text: '[a: 1, b, "c": 2]\n' },
  { name: 'JSON', text: '{"json": true, "n": [1, 2.5, null, -3e5], "s": "x\\u00e9", "o": {}}\n' },
  { name: 'flow over lines with a trailing comma', text: '[\n  a,\n  b,\n]\n' },
  { name: 'flow continuing at low indentation', text: 'a: [1,\n2]\nb: {c: d,\n e: f}\n' },
  { name: 'multi-line plain in flow', text: '[multi\n  line plain, x]\n' },
  { name: 'explicit key in a flow mapping', text: '{? a : b, ? c}\n' },
  { name: 'quoted commas', text: '[a, "b, c", \'d]\']\n' },
  { name: 'empty flow value', text: '{a: , b: 1}\n' },
  { name: 'anchors in flow', text: '[&x 1, *x, &y [2], *y]\n' },
  { name: 'flow without spaces', text: '{a: 1,b: 2}\n' },
  { name: 'colon inside flow plain', text: '[a:b, c: d]\n' },
  { name: 'comments inside flow', text: '[a, # one\n b # two\n]\n' },
  { name: 'empty flow collections', text: 'a: []\nb: {}\nc: [[], {}]\n' },

  // anchors and tags
  { name: 'scalar alias', text: 'a: &x 1\nb: *x\n' },
  { name: 'anchor on its own line', text: 'a: &x\n  k: v\nb: *x\n' },
  { name: 'anchor on a key', text: '&k a: b\nc: *k\n' },
  { name: 'standard tags', text: 'a: !!str 123\nb: !!int "0x10"\nc: !!float "1"\nd: !!bool "yes"\ne: !!null "anything"\nf: !!float 1e3\ng: !!bool TRUE\nh: !!int 1_0\n' },
  { name: 'tagged collections', text: 'a: !!map {a: 1}\nb: !!seq [1]\nc: !!map\n  d: 1\n' },
  { name: 'non-specific tag', text: 'a: ! 12\nb: ! "12"\n' },
  { name: 'verbatim tag', text: 'a: !<tag:yaml.org,2002:str> 12\n' },
  { name: 'anchor and tag', text: 'a: &x !!str 1\nb: !!str &y 2\nc: [*x, *y]\n' },
  { name: 'tag on an empty value', text: 'a: !!str\nb: !!null\n' },
  { name: 'tuple in flow', text: 'a: !!python/tuple [1, 2]\n', loader: 'full_load' },
  { name: 'tuple in block', text: 'a: !!python/tuple\n- null\n- 1\nb: 2\n', loader: 'full_load' },
  { name: 'empty tuple', text: 'a: !!python/tuple []\n', loader: 'full_load' },
  { name: 'python/unicode and python/str', text: 'a: !!python/unicode "x"\nb: !!python/str \'y\'\n', loader: 'full_load' },

  // keys
  { name: 'non-string keys', text: '1: one\n2.5: two\n~: n\n0x10: h\n3.0: f\n-0.0: z\n1e3: s\n.inf: i\n1e-7: e\n1.0e-7: f\n' },
  { name: 'boolean keys', text: 'true: t\nno: n\n' },
  { name: 'prototype-named keys', text: '__proto__: {polluted: 1}\nconstructor: x\nprototype: y\n' },
  { name: 'duplicate keys', text: 'a: 1\na: 2\n' },
  { name: 'alias as a key', text: 'k: &k key\n*k : v\n' },

  // characters
  { name: 'unicode', text: 'ключ: значение\n😀: "\\U0001F600"\né: e\n' },
  { name: 'BOM', text: '\ufeffa: 1\n' },
  { name: 'CRLF', text: 'a: 1\r\nb:\r\n  - x\r\n  - "y\r\n    z"\r\n' },
  { name: 'lone CR', text: 'a: 1\rb: 2\r' },
  { name: 'long folded plain as PyYAML wraps it', text: `a: ${'word '.repeat(20)}\n  ${'more '.repeat(10)}end\n` },

  // streams
  { name: 'several documents', text: '--- 1\n--- 2\n...\n---\n3\n', loader: 'load_all' },
  { name: 'empty documents', text: '---\n---\n', loader: 'load_all' },
];

describe.skipIf(!oracle.python)('parseYaml reads what PyYAML reads', () => {
  const ops: OracleOp[] = CASES.map((c) => ({ op: c.loader ?? 'load', text: c.text }));
  const results = new OracleBatch().add(ops);

  it.each(CASES.map((c, i) => [c.name, i] as const))('%s', (_name, i) => {
    const c = CASES[i]!;
    const r = results()[i]!;
    expect(r.ok, `PyYAML refused the corpus case: ${r.message}`).toBe(true);
    const actual = c.loader === 'load_all' ? parseAllYaml(c.text) : parseYaml(c.text);
    expect(difference(actual, fromOracle(r.value))).toBeNull();
    if (c.loader === 'full_load') {
      expect(difference(parseYaml(c.text, { keepTuples: true }), fromOracle(r.value, true))).toBeNull();
    }
  });
});

describe('parseYaml choices that need no oracle', () => {
  it('keeps tuples as PythonTuple on request and as arrays by default', () => {
    const text = 'shape: !!python/tuple [null, 32]\n';
    expect(parseYaml(text)).toEqual({ shape: [null, 32] });
    const kept = parseYaml(text, { keepTuples: true }) as { shape: PythonTuple };
    expect(kept.shape).toBeInstanceOf(PythonTuple);
    expect(kept.shape.items).toEqual([null, 32]);
  });

  it('never touches a prototype', () => {
    const v = parseYaml('__proto__: {polluted: 1}\nconstructor: {prototype: {x: 1}}\n') as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(v, '__proto__')).toBe(true);
    expect(v['__proto__']).toEqual({ polluted: 1 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    const flow = parseYaml('[{__proto__: 1}, {a: {__proto__: [2]}}]') as Record<string, unknown>[];
    expect(Object.getPrototypeOf(flow[0])).toBe(Object.prototype);
    expect(Object.keys(flow[0]!)).toEqual(['__proto__']);
    const merged = parseYaml('a: &a {__proto__: {p: 1}}\nb: {<<: *a}\n') as { b: Record<string, unknown> };
    expect(Object.getPrototypeOf(merged.b)).toBe(Object.prototype);
    expect(Object.keys(merged.b)).toEqual(['__proto__']);
  });

  it('keeps timestamps as strings (PyYAML would build datetime objects)', () => {
    expect(parseYaml('- 2001-12-14\n- 2001-12-14t21:59:43.10-05:00\n')).toEqual(['2001-12-14', '2001-12-14t21:59:43.10-05:00']);
  });

  it('accepts a few things PyYAML refuses, reading them as YAML 1.2 does', () => {
    expect(parseYaml('a: b\tc\n')).toEqual({ a: 'b\tc' }); // tab inside a plain scalar
    expect(parseYaml('a:\tb\n')).toEqual({ a: 'b' }); // tab as separation
    expect(parseYaml('x: &a 1\ny: &a 2\nz: *a\n')).toEqual({ x: 1, y: 2, z: 2 }); // anchors may be redefined
    expect(parseYaml('a: <<\nb: =\n')).toEqual({ a: '<<', b: '=' });
    expect(parseYaml('a: x\t\nb: y \t \n')).toEqual({ a: 'x', b: 'y' }); // trailing tabs
    expect(parseAllYaml('a\n...\nb\n')).toEqual(['a', 'b']); // a bare document after '...'
  });

  it('gives the same value for every line-break convention', () => {
    const lf = parseYaml('a:\n  - "x\n    y"\n  - |\n    z\n');
    expect(parseYaml('a:\r\n  - "x\r\n    y"\r\n  - |\r\n    z\r\n')).toEqual(lf);
    expect(parseYaml('a:\r  - "x\r    y"\r  - |\r    z\r')).toEqual(lf);
  });
});
