/**
 * Property tests over random config-like values (nested mappings,
 * sequences, tuples; strings full of quotes, colons, `#`, unicode, blanks,
 * line breaks and look-alikes of numbers, booleans and null; ints, big ints,
 * floats including -0, 1e-7, 1e+300, NaN and ±Infinity):
 *
 * 1. our stringify is byte-equal to PyYAML's `yaml.dump` (default Dumper,
 *    default_flow_style False / None / True, allow_unicode, sort_keys False, width);
 * 2. PyYAML reads our text back to the same typed value (FullLoader, for tuples);
 * 3. our parse reads PyYAML's dump back to the same value;
 * 4. our parse of our stringify is the identity (pure JS, with shrinking).
 *
 * 1–3 share one batched PyYAML process; samples come from fixed seeds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracle } from '../helpers/oracles.js';
import { PythonTuple, parseYaml, stringifyYaml, type StringifyYamlOptions } from '../../src/yaml/index.js';
import { pythonFloatText } from '../../src/yaml/float-repr.js';
import {
  OracleBatch, PyFloat, difference, floatPaths, fromOracle, markFloats, show, stripFloats, toOracle, tuplesToArrays, type OracleOp,
} from './helpers.js';

const LOOKALIKES = [
  'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '', '0x1F', '0o17', '017', '08', '1e3', '1.0e+3',
  '.inf', '-.inf', '.nan', '1_000', '1:30', '190:20:30.5', '2001-12-14', '<<', '=', '-', '- a', '? x', ': x', '---', '...',
  'a: b', 'a #b', '#a', '@a', '`a', '%a', '!a', '&a', '*a', '|', '>', "'", '"', ' ', ' a', 'a ', 'a\n', '\na', 'a\n\nb',
  'a \nb', 'a\n b', '-0', '+1', '.5', '1.', '0b101', 'é', '😀', '\t', '\u0085', '\u2028', '\ufeff', '\u0000', '\ud800',
  'a\udfffb', '\u{10ffff}', '__proto__', 'constructor', '\\', 'a\\nb', '"quoted"', "it's", '[a]', '{a: 1}', 'a, b',
];
const NASTY_CHARS = [' ', ' ', 'a', 'b', 'Z', '0', '1', '9', '.', '-', '+', '_', ':', '#', "'", '"', '\\', '\n', '\t', '?', ',',
  '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '~', 'e', 'x', 'y', 'é', 'ü', '日', '😀', '\u0085', '\u2028',
  '\u00a0', '\ufeff', '\u0007', '\u001b', '\u007f', '\r'];

const nastyString = fc.string({ unit: fc.constantFrom(...NASTY_CHARS), maxLength: 14 });
const text = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,14}$/) },
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: fc.constantFrom(...LOOKALIKES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom('word', 'a', 'config', 'é', ':', '#x', "'q'", '"'), { minLength: 10, maxLength: 40 }).map((w) => w.join(' ')) },
);
const number = fc.oneof(
  fc.integer(),
  fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }),
  fc.double(),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(-0, 1e-7, 1e300, 1e16, 1e15, 1e17, NaN, Infinity, -Infinity, 0.1, 5e-324, 2 ** 53, 0.5, 1e-5, 1e-4),
);
const scalar = fc.oneof(
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 5, arbitrary: text },
  { weight: 3, arbitrary: number },
  { weight: 1, arbitrary: fc.integer({ min: -1000, max: 1000 }).map((n) => new PyFloat(n)) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 90n), max: 2n ** 90n }).filter((b) => b > 2n ** 53n - 1n || b < -(2n ** 53n) + 1n) },
);

function mapOf(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) Object.defineProperty(out, k, { value: v, writable: true, enumerable: true, configurable: true });
  return out;
}

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: scalar },
    { weight: 2, arbitrary: fc.array(tie('value'), { maxLength: 6 }) },
    { weight: 2, arbitrary: fc.uniqueArray(fc.tuple(text, tie('value')), { selector: (e) => e[0], maxLength: 6 }).map(mapOf) },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((items) => new PythonTuple(items)) },
  ),
}));
/** Configs are mappings at the top, like Keras's. */
const config = fc.uniqueArray(fc.tuple(text, value), { selector: (e) => e[0], maxLength: 8 }).map(mapOf);

const hasYaml11Break = (v: unknown): boolean => /[\u0085\u2028\u2029]/.test(show(v));

const DUMPS: [string, Record<string, unknown>, StringifyYamlOptions][] = [
  ['default', {}, {}],
  ['flow None', { default_flow_style: null }, { flowStyle: null }],
  ['flow True, width 30', { default_flow_style: true, width: 30 }, { flowStyle: true, width: 30 }],
  ['allow_unicode, unsorted', { allow_unicode: true, sort_keys: false }, { allowUnicode: true, sortKeys: false }],
];

/** One PyYAML process for the whole file. */
const batch = new OracleBatch();

describe.skipIf(!oracle.python)('random values against PyYAML', () => {
  const samples = [
    ...fc.sample(config, { seed: 20240601, numRuns: 150 }),
    ...fc.sample(value, { seed: 7, numRuns: 60 }),
  ];
  interface Job { sample: number; dump: number; skip: boolean }
  const jobs: Job[] = [];
  samples.forEach((s, i) => DUMPS.forEach(([, py], d) => jobs.push({ sample: i, dump: d, skip: py.allow_unicode === true && hasYaml11Break(s) })));
  const ours = samples.map((s) => {
    const paths = floatPaths(s);
    return stringifyYaml(stripFloats(s), { flowStyle: null, pythonFloats: (p) => paths.has(JSON.stringify(p)) });
  });
  const ops: OracleOp[] = [
    ...jobs.map((j) => ({ op: 'dump' as const, value: toOracle(samples[j.sample]), options: DUMPS[j.dump]![1] })),
    ...ours.map((t) => ({ op: 'full_load' as const, text: t })),
  ];
  const dumpResults = batch.add(ops.slice(0, jobs.length));
  const loadResults = batch.add(ops.slice(jobs.length));

  it('our stringify is byte-equal to yaml.dump', () => {
    const dumps = dumpResults();
    let checked = 0;
    jobs.forEach((j, k) => {
      if (j.skip) return;
      const s = samples[j.sample];
      const r = dumps[k]!;
      expect(r.ok, `${r.message} for ${show(s)}`).toBe(true);
      const paths = floatPaths(s);
      const mine = stringifyYaml(stripFloats(s), { ...DUMPS[j.dump]![2], pythonFloats: (p) => paths.has(JSON.stringify(p)) });
      expect(mine, `sample ${j.sample} (${DUMPS[j.dump]![0]}): ${show(s)}`).toBe(r.text);
      checked++;
    });
    expect(checked).toBeGreaterThan(600);
  });

  it('PyYAML reads our text back to the same typed value', () => {
    const loads = loadResults();
    samples.forEach((s, i) => {
      const r = loads[i]!;
      expect(r.ok, `${r.message} for ${show(s)}\n${ours[i]}`).toBe(true);
      expect(difference(fromOracle(r.value, true, true), markFloats(s)), `sample ${i}: ${show(s)}\n${ours[i]}`).toBeNull();
    });
  });

  it("our parse reads PyYAML's dump back to the same value", () => {
    const dumps = dumpResults();
    jobs.forEach((j, k) => {
      if (j.skip) return;
      const s = samples[j.sample];
      const dumped = dumps[k]!.text!;
      expect(difference(parseYaml(dumped), tuplesToArrays(stripFloats(s))), `sample ${j.sample}: ${dumped}`).toBeNull();
      expect(difference(parseYaml(dumped, { keepTuples: true }), stripFloats(s)), `sample ${j.sample}: ${dumped}`).toBeNull();
    });
  });
});

describe('our parse of our stringify is the identity', () => {
  const plain = value.map(stripFloats);
  it.each([
    ['block', {}],
    ['flow None', { flowStyle: null }],
    ['flow', { flowStyle: true }],
    ['unicode, unsorted, narrow', { allowUnicode: true, sortKeys: false, width: 20, indent: 3 }],
  ] as [string, StringifyYamlOptions][])('%s', (_name, options) => {
    fc.assert(fc.property(plain, (v) => {
      const back = parseYaml(stringifyYaml(v, options), { keepTuples: true });
      const d = difference(back, v);
      if (d !== null) throw new Error(`${d}\n${stringifyYaml(v, options)}`);
    }), { numRuns: 400, seed: 42 });
  });
});

describe.skipIf(!oracle.python)("numbers are spelled as Python's repr spells them", () => {
  const doubles = [
    ...fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), { seed: 3, numRuns: 400 }),
    ...fc.sample(fc.double({ min: 1e-8, max: 1e20, noNaN: true }), { seed: 4, numRuns: 200 }),
    1e16, 1e15, 9999999999999998, 1e-4, 1e-5, 0.0001234, 123456789012345680000, 5e-324, 2.2250738585072014e-308, -0,
  ];
  const results = batch.add(doubles.map((d) => ({ op: 'repr', value: Object.is(d, -0) ? '-0' : String(d) })));
  it('for 600+ doubles', () => {
    const reprs = results();
    doubles.forEach((d, i) => {
      const repr = reprs[i]!.text!;
      const expected = repr.includes('e') && !repr.includes('.') ? repr.replace('e', '.0e') : repr;
      expect(pythonFloatText(d), `${d}`).toBe(expected);
    });
  });
});
