/**
 * parseYaml's refusals: each bad or hostile input ends in a YamlError with
 * the stated code at the stated line and column (the offending character,
 * counted by hand from the text), PyYAML refuses the same input (one batched
 * process), and hostile inputs end quickly (a generous time bound, only as
 * a hang guard).
 */
import { describe, expect, it } from 'vitest';
import { oracle } from '../helpers/oracles.js';
import { PureKerasError } from '../../src/errors.js';
import { YamlError, parseYaml, type ParseYamlOptions, type YamlErrorCode } from '../../src/yaml/index.js';
import { OracleBatch } from './helpers.js';

/** [name, text, code, line, column] */
const BAD: [string, string, YamlErrorCode, number, number][] = [
  ['python/object', 'a: !!python/object:os.system {}\n', 'UNSAFE_TAG', 1, 4],
  ['python/object/apply', 'a: !!python/object/apply:os.system ["ls"]\n', 'UNSAFE_TAG', 1, 4],
  ['python/object/apply glued to flow', 'a: !!python/object/apply:os.system["ls"]\n', 'UNSAFE_TAG', 1, 4],
  ['python/name', '- !!python/name:os.system ""\n', 'UNSAFE_TAG', 1, 3],
  ['python/module', 'x:\n  y: !!python/module:os ""\n', 'UNSAFE_TAG', 2, 6],
  ['python/object/new at the root', '!!python/object/new:dict {}\n', 'UNSAFE_TAG', 1, 1],
  ['python/object via verbatim tag', 'a: !<tag:yaml.org,2002:python/object:os.system> {}\n', 'UNSAFE_TAG', 1, 4],
  ['python/object via %TAG', '%TAG !p! tag:yaml.org,2002:python/\n---\na: !p!object:os.system {}\n', 'UNSAFE_TAG', 3, 4],
  ['python/object on a key', '? !!python/object:x.Y {}\n: 1\n', 'UNSAFE_TAG', 1, 3],
  ['binary', 'a: !!binary aGVsbG8=\n', 'UNSUPPORTED_TAG', 1, 4],
  ['local tag', 'a: !custom x\n', 'UNSUPPORTED_TAG', 1, 4],
  ['set', 'a: !!set {x}\n', 'UNSUPPORTED_TAG', 1, 4],
  ['timestamp tag', 'a: !!timestamp 2001-01-01\n', 'UNSUPPORTED_TAG', 1, 4],
  ['python/none', 'a: !!python/none ""\n', 'UNSUPPORTED_TAG', 1, 4],
  ['undeclared handle', 'a: !e!x y\n', 'BAD_TAG', 1, 4],
  ['two tags', 'a: !!str !!int 1\n', 'BAD_TAG', 1, 10],
  ['map tag on a sequence', 'a: !!map [1]\n', 'TAG_MISMATCH', 1, 4],
  ['tuple tag on a mapping', 'a: !!python/tuple {x: 1}\n', 'TAG_MISMATCH', 1, 4],
  ['str tag on a mapping', 'a: !!str\n  b: 1\n', 'TAG_MISMATCH', 1, 4],
  ['int tag on text', 'a: !!int abc\n', 'BAD_SCALAR', 1, 4],
  ['bool tag on text', 'a: !!bool maybe\n', 'BAD_SCALAR', 1, 4],
  ['unterminated double quote', 'a: "unterminated\nb: 1\n', 'UNTERMINATED_SCALAR', 1, 4],
  ['unterminated single quote', "a: 'unterminated", 'UNTERMINATED_SCALAR', 1, 4],
  ['unterminated flow sequence', 'a: [1, 2\n', 'UNTERMINATED_FLOW', 1, 4],
  ['unterminated flow mapping', 'a: {b: 1\n', 'UNTERMINATED_FLOW', 1, 4],
  ['tab as indentation', 'a:\n\tb: 1\n', 'TAB_INDENTATION', 2, 1],
  ['tab after spaces as indentation', 'a:\n  b: 1\n  \tc: 2\n', 'TAB_INDENTATION', 3, 3],
  ['mapping on a value line', 'a: b: c\n', 'INLINE_MAPPING', 1, 5],
  ['sequence on a value line', 'a: - b\n', 'INLINE_SEQUENCE', 1, 4],
  ['mapping on the --- line', '--- a: b\n', 'INLINE_MAPPING', 1, 6],
  ['key without colon', 'a: 1\nb\n', 'MISSING_COLON', 2, 1],
  ['mapping value in a continuation', 'a: 1\n  b: 2\n', 'UNEXPECTED_CONTENT', 2, 4],
  ['over-indented key', 'a:\n  b: 1\n c: 2\n', 'BAD_INDENTATION', 3, 2],
  ['over-indented after a quoted entry', '- "a"\n  b\n', 'BAD_INDENTATION', 2, 3],
  ['unknown alias', 'a: *unknown\n', 'UNKNOWN_ALIAS', 1, 4],
  ['recursive alias', 'a: &x [*x]\n', 'RECURSIVE_ALIAS', 1, 8],
  ['recursive alias in block', 'a: &x\n  b: *x\n', 'RECURSIVE_ALIAS', 2, 6],
  ['empty anchor', 'a: & x\n', 'BAD_ANCHOR', 1, 5],
  ['two anchors', '&a &b x\n', 'BAD_ANCHOR', 1, 4],
  ['unknown escape', 'a: "\\q"\n', 'BAD_ESCAPE', 1, 5],
  ['short hex escape', 'a: "\\x4"\n', 'BAD_ESCAPE', 1, 5],
  ['escape beyond Unicode', 'a: "\\U00110000"\n', 'BAD_ESCAPE', 1, 5],
  ['directive of YAML 2', '%YAML 2.0\n--- a\n', 'BAD_DIRECTIVE', 1, 1],
  ['directive without ---', '%YAML 1.1\na: 1\n', 'BAD_DIRECTIVE', 2, 1],
  ['document marker in a quoted scalar', 'a: "x\n---\ny"\n', 'DOCUMENT_MARKER', 2, 1],
  ['document marker in a flow sequence', '[a,\n---\n]\n', 'DOCUMENT_MARKER', 2, 1],
  ['indentation indicator 0', 'a: |0\n x\n', 'BAD_BLOCK_SCALAR', 1, 5],
  ['junk after a block scalar header', 'a: |x\n', 'BAD_BLOCK_SCALAR', 1, 5],
  ['sequence as an explicit key', '? [a]\n: b\n', 'UNHASHABLE_KEY', 1, 1],
  ['flow sequence as a key', '[a]: b\n', 'UNHASHABLE_KEY', 1, 1],
  ['flow mapping as a key in flow', '{[a]: b}\n', 'UNHASHABLE_KEY', 1, 2],
  ['merge of a scalar', 'a:\n  <<: 3\n', 'BAD_MERGE', 2, 3],
  ['merge of a list of scalars', 'a:\n  <<: [1]\n', 'BAD_MERGE', 2, 3],
  ['NUL character', 'a: x\u0000y\n', 'INVALID_CHARACTER', 1, 5],
  ['raw BEL in quotes', 'a: "x\u0007"\n', 'INVALID_CHARACTER', 1, 6],
  ['lone surrogate', 'a: x\ud800\n', 'INVALID_CHARACTER', 1, 5],
  ['multi-line quoted key', '"multi\nline": x\n', 'MULTILINE_KEY', 2, 6],
  ['reserved @', 'a: @x\n', 'UNEXPECTED_CHARACTER', 1, 4],
  ['reserved backtick', 'a: `x\n', 'UNEXPECTED_CHARACTER', 1, 4],
  ['content after a flow collection', 'a: [1, 2] x\n', 'UNEXPECTED_CONTENT', 1, 11],
  ['content after a quoted scalar', 'a: "x" y\n', 'UNEXPECTED_CONTENT', 1, 8],
  ['alias with an anchor', '- &a *b\n', 'UNEXPECTED_CHARACTER', 1, 3],
  ['empty flow entry', '[a, , b]\n', 'UNEXPECTED_CHARACTER', 1, 5],
  ['missing comma in a flow mapping', '{a: 1 b: 2}\n', 'UNEXPECTED_CHARACTER', 1, 8],
  ['block scalar in flow', '[|\n x]\n', 'UNEXPECTED_CHARACTER', 1, 2],
  ['two documents', '--- a\n--- b\n', 'MULTIPLE_DOCUMENTS', 2, 1],
  ['sequence after a root mapping', 'a: 1\n- b\n', 'UNEXPECTED_CHARACTER', 2, 1],
  ['CRLF text', 'a: 1\r\nb: [\r\n', 'UNTERMINATED_FLOW', 2, 4],
];

function catchYaml(f: () => unknown): YamlError {
  try {
    f();
  } catch (e) {
    if (e instanceof YamlError) return e;
    throw e;
  }
  throw new Error('expected a YamlError, got a value');
}

describe('parseYaml refuses bad input with a code and a location', () => {
  it.each(BAD)('%s', (_name, text, code, line, column) => {
    const e = catchYaml(() => parseYaml(text));
    expect(e).toBeInstanceOf(PureKerasError);
    expect(e.code).toBe(code);
    expect([e.line, e.column]).toEqual([line, column]);
    // the message ends with the offending line and a caret under the column
    const [, excerpt, caret] = e.message.split('\n').slice(-3);
    expect(caret!.indexOf('^')).toBe(excerpt!.length > 0 ? 2 + column - 1 : caret!.indexOf('^'));
  });

  it('reports offsets into the caller\'s text when line breaks were CRLF', () => {
    const e = catchYaml(() => parseYaml('a: 1\r\nb: [\r\n'));
    expect(e.offset).toBe(9);
    const lf = catchYaml(() => parseYaml('a: 1\nb: [\n'));
    expect(lf.offset).toBe(8);
  });

  it('names the refused tag and keeps the excerpt short on huge lines', () => {
    const e = catchYaml(() => parseYaml(`x: [${'a'.repeat(100_000)}] junk`));
    expect(e.code).toBe('UNEXPECTED_CONTENT');
    expect(e.message.length).toBeLessThan(400);
    const unsafe = catchYaml(() => parseYaml('a: !!python/object/apply:subprocess.check_output [[ls]]\n'));
    expect(unsafe.message).toContain('!!python/object/apply:subprocess.check_output');
  });
});

describe.skipIf(!oracle.python)('PyYAML refuses the same inputs', () => {
  // PyYAML accepts three of them (a CRLF-only case is covered by its LF twin): those are ours alone.
  const pyAccepts = new Set(['mapping on the --- line', 'two anchors', 'alias with an anchor']);
  const cases = BAD.filter(([name]) => !pyAccepts.has(name));
  const results = new OracleBatch().add(cases.map(([, text]) => ({ op: 'load' as const, text })));
  it.each(cases.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    expect(results()[i]!.ok, `PyYAML accepted ${JSON.stringify(cases[i]![1])}`).toBe(false);
  });
});

/** Runs `f`, which must throw a YamlError with `code`, within `ms` milliseconds. */
function refusedQuickly(code: YamlErrorCode, f: () => unknown, ms = 2000): void {
  const start = performance.now();
  const e = catchYaml(f);
  const elapsed = performance.now() - start;
  expect(e.code).toBe(code);
  expect(elapsed).toBeLessThan(ms);
}

describe('hostile input ends in a YamlError quickly', () => {
  it('deep flow nesting', () => refusedQuickly('TOO_DEEP', () => parseYaml('['.repeat(200_000))));
  it('deep flow mappings', () => refusedQuickly('TOO_DEEP', () => parseYaml('{a: '.repeat(100_000))));
  it('deep compact sequences', () => refusedQuickly('TOO_DEEP', () => parseYaml(`${'- '.repeat(100_000)}x`)));
  it('deep block mappings', () => {
    let text = '';
    for (let i = 0; i < 1500; i++) text += `${' '.repeat(i)}k:\n`;
    refusedQuickly('TOO_DEEP', () => parseYaml(text));
  });
  it('nesting deeper than the JavaScript stack, with maxDepth raised', () => {
    refusedQuickly('TOO_DEEP', () => parseYaml('['.repeat(1_000_000), { maxDepth: 10_000_000, maxLength: 2_000_000 }), 5000);
  });
  it('the deepest nesting maxDepth allows still parses', () => {
    expect(parseYaml(`${'['.repeat(512)}${']'.repeat(512)}`)).toBeDefined();
    let text = '';
    for (let i = 0; i < 512; i++) text += `${' '.repeat(i)}k:\n`;
    expect(parseYaml(text)).toBeDefined();
    expect(parseYaml(`${'- '.repeat(512)}x`)).toBeDefined();
  });
  it('billion laughs', () => {
    let text = 'a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    refusedQuickly('ALIAS_LIMIT', () => parseYaml(text));
  });
  it('alias fan-out within a small limit', () => {
    const options: ParseYamlOptions = { maxAliasExpansion: 50 };
    expect(parseYaml('a: &a [1, 2]\nb: [*a, *a]\n', options)).toEqual({ a: [1, 2], b: [[1, 2], [1, 2]] });
    refusedQuickly('ALIAS_LIMIT', () => parseYaml(`a: &a [1, 2, 3, 4]\nb: [${Array(20).fill('*a').join(', ')}]\n`, options));
  });
  it('a 10 MB scalar is refused by maxLength before scanning', () => {
    refusedQuickly('TOO_LONG', () => parseYaml(`a: ${'x'.repeat(10_000_000)}\n`));
  });
  it('a 10 MB scalar parses quickly when maxLength allows it', () => {
    const big = 'x'.repeat(10_000_000);
    const start = performance.now();
    expect((parseYaml(`a: ${big}\n`, { maxLength: 20_000_000 }) as { a: string }).a.length).toBe(10_000_000);
    expect((parseYaml(`a: "${big}"\n`, { maxLength: 20_000_000 }) as { a: string }).a.length).toBe(10_000_000);
    expect((parseYaml(`a: |\n  ${big}\n`, { maxLength: 20_000_000 }) as { a: string }).a.length).toBe(10_000_001);
    expect(performance.now() - start).toBeLessThan(5000);
  });
  it('an unterminated 5 MB quote, and one over half a million lines', () => {
    refusedQuickly('UNTERMINATED_SCALAR', () => parseYaml(`a: "${'y '.repeat(2_500_000)}`));
    refusedQuickly('UNTERMINATED_SCALAR', () => parseYaml(`a: '${'y\n'.repeat(500_000)}`));
  });
  it('an unterminated 5 MB flow sequence', () => {
    refusedQuickly('UNTERMINATED_FLOW', () => parseYaml(`[${'1, '.repeat(1_500_000)}`));
  });
  it('tabs as indentation deep in a large file', () => {
    refusedQuickly('TAB_INDENTATION', () => parseYaml(`${'k: v\n'.repeat(500_000)}a:\n\tb: 1\n`));
  });
  it('a 300,000-line plain scalar and 100,000 keys stay linear', () => {
    const start = performance.now();
    expect((parseYaml(`a: x\n${'  y\n'.repeat(300_000)}`) as { a: string }).a.length).toBe(600_001);
    const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    expect(Object.keys(parseYaml(keys) as object).length).toBe(100_000);
    expect(performance.now() - start).toBeLessThan(5000);
  });
  it('throws TypeError for a non-string', () => {
    expect(() => parseYaml(42 as unknown as string)).toThrow(TypeError);
  });
});
