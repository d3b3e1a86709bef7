/**
 * stringifyYaml against PyYAML: for a set of hand-picked values (Keras-like
 * configs and every kind of awkward string and number) and each of PyYAML's
 * dump options we mirror, our text must be byte-equal to `yaml.dump` of the
 * same Python value (default Dumper, one batched process).
 */
import { describe, expect, it } from 'vitest';
import { oracle } from '../helpers/oracles.js';
import { PythonTuple, YamlError, parseYaml, stringifyYaml, type StringifyYamlOptions } from '../../src/yaml/index.js';
import { OracleBatch, PyFloat, difference, floatPaths, fromOracle, markFloats, show, stripFloats, toOracle, type OracleOp } from './helpers.js';

const AWKWARD_STRINGS = [
  '', ' ', '  ', 'a', 'plain words', ' lead', 'trail ', 'a  b', 'tab\there', 'new\nline', 'two\n\nbreaks', 'end\n',
  '\nstart', 'space \nbreak', 'break\n space', "it's", '"dq"', 'both \' and "', 'back\\slash', 'colon: space', 'colon:no',
  'trailing:', ':lead', '? q', '?q', '- dash', '-dash', '-', '--', '---', '--- doc', '...', '... x', '#hash', 'a #b', 'a#b',
  '[', ']', '{', '}', ',', 'a,b', 'a[b]', '&anchor', '*alias', '!tag', '|', '>', '%', '@', '`', "'", '"',
  'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'Null', '~', '0', '-0', '+1', '012', '08', '0x1F', '0b11',
  '0o17', '1_000', '1e3', '1.0e+3', '1.5', '.5', '1.', '.inf', '-.INF', '.nan', '1:30', '190:20:30.5', '2001-12-14',
  '2001-12-14 21:59:43.10 -5', '<<', '=', 'é', 'ünïcödé', '日本語', '😀 emoji', 'mixed é and 😀', '\u0085nel', 'ls\u2028ps\u2029',
  '\ufeffbom', '\u0000nul', '\u0007bell', '\u001bescape', '\u007fdel', '\u00a0nbsp', 'z\u00ad', '\ud7ff\ue000\ufffd',
  'a '.repeat(50), 'x'.repeat(120), `${'word '.repeat(25)}end`, `${'word '.repeat(25)}\nsecond line`,
  `'${'quoted words '.repeat(10)}'`, `${'é '.repeat(50)}`, `"${'q '.repeat(40)}"`, `${'a'.repeat(85)} tail`,
];

const NUMBERS = [0, 1, -1, 42, 9007199254740991, -9007199254740991, 9007199254740992, 1e16, 1e15, 1e17, 1e21, 1e300,
  1.5, -2.25, 0.1, 0.2, 1 / 3, 1e-4, 1e-5, 1e-7, 1.5e-7, 5e-324, 1.7976931348623157e308, -0, NaN, Infinity, -Infinity,
  123456789.123, 2 ** 60, 12345678901234567, 0.000123];

/** A Keras 2-style Sequential config, as `model.get_config()` held it in memory. */
function kerasConfig(): unknown {
  const dense = (name: string, units: number, shape?: (number | null)[]) => ({
    class_name: 'Dense',
    config: {
      name, trainable: true, ...(shape ? { batch_input_shape: new PythonTuple(shape), dtype: 'float32' } : {}),
      units, activation: 'relu', use_bias: true,
      kernel_initializer: { class_name: 'VarianceScaling', config: { scale: new PyFloat(1), mode: 'fan_avg', distribution: 'uniform', seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: { class_name: 'L1L2', config: { l1: new PyFloat(0), l2: 0.009999999776482582 } },
      bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  });
  return {
    class_name: 'Sequential', keras_version: '2.2.4', backend: 'tensorflow',
    config: {
      name: 'sequential_1',
      layers: [
        dense('dense_1', 64, [null, 784]),
        { class_name: 'Dropout', config: { name: 'dropout_1', trainable: true, rate: 0.5, noise_shape: null, seed: null } },
        { class_name: 'Conv2D', config: { name: 'conv2d_1', filters: 32, kernel_size: new PythonTuple([3, 3]), strides: new PythonTuple([1, 1]), padding: 'valid', data_format: 'channels_last', dilation_rate: new PythonTuple([1, 1]) } },
        dense('dense_2', 10),
      ],
    },
  };
}

const shared = { reused: [1, 2] };
const sharedMap = { k: 'v' };

const VALUES: [string, unknown][] = [
  ['keras config', kerasConfig()],
  ['awkward strings as values', Object.fromEntries(AWKWARD_STRINGS.map((s, i) => [`k${String(i).padStart(3, '0')}`, s]))],
  ['awkward strings as keys', Object.fromEntries(AWKWARD_STRINGS.map((s, i) => [s, i]))],
  ['awkward strings in a list', AWKWARD_STRINGS],
  ['numbers', NUMBERS],
  ['numbers as floats', NUMBERS.map((n) => new PyFloat(n))],
  ['big ints', [2n ** 64n, -(10n ** 30n), 9007199254740993n]],
  ['nested lists', [[1, [2, [3, []]]], [], [[]], [{}], { a: [[1, 2], [3]] }]],
  ['nested maps', { a: { b: { c: { d: 1 } } }, e: {}, f: { g: [] }, h: [{ i: 1, j: [2] }] }],
  ['tuples', { t: new PythonTuple([null, 1]), e: new PythonTuple([]), n: new PythonTuple([new PythonTuple([1, 2]), [3]]), m: [new PythonTuple(['a'])] }],
  ['shared values become anchors', { a: shared, b: shared, c: [shared, sharedMap, sharedMap], d: sharedMap }],
  ['long list wraps in flow style', { values: Array.from({ length: 60 }, (_, i) => i * 1.5), words: Array.from({ length: 30 }, (_, i) => `w${i}`) }],
  ['long flow mapping', Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`key_${i}`, i % 3 === 0 ? null : `value ${i}`]))],
  ['top-level plain string', 'just text'],
  ['top-level quoted string', 'yes'],
  ['top-level empty string', ''],
  ['top-level null', null],
  ['top-level number', 3.25],
  ['top-level true', true],
  ['top-level list', ['a', 'b']],
  ['top-level empty list', []],
  ['top-level empty map', {}],
  ['unsorted keys', { zeta: 1, alpha: 2, Beta: 3, _under: 4, '1num': 5, é: 6, '😀': 7, '\ue000': 8 }],
  ['long keys', { ['k'.repeat(122)]: 0, ['k'.repeat(123)]: 1, ['k'.repeat(128)]: 2, ['long key '.repeat(20)]: 3, 'multi\nline key': 4, '': 5 }],
];

const OPTION_SETS: [Record<string, unknown>, StringifyYamlOptions][] = [
  [{}, {}],
  [{ default_flow_style: null }, { flowStyle: null }],
  [{ default_flow_style: true }, { flowStyle: true }],
  [{ allow_unicode: true }, { allowUnicode: true }],
  [{ sort_keys: false }, { sortKeys: false }],
  [{ width: 40 }, { width: 40 }],
  [{ width: 'inf' }, { width: Infinity }],
  [{ indent: 4, default_flow_style: null }, { indent: 4, flowStyle: null }],
  [{ indent: 3, width: 30, allow_unicode: true }, { indent: 3, width: 30, allowUnicode: true }],
];

/** Strings with NEL / LS / PS are written escaped even with allowUnicode (see analyze.ts). */
function hasYaml11Break(v: unknown): boolean {
  return /[\u0085\u2028\u2029]/.test(show(v));
}

/** One PyYAML process for the whole file. */
const batch = new OracleBatch();

describe.skipIf(!oracle.python)('stringifyYaml writes what yaml.dump writes', () => {
  const jobs: { name: string; value: unknown; py: Record<string, unknown>; ours: StringifyYamlOptions }[] = [];
  for (const [name, value] of VALUES) {
    for (const [py, ours] of OPTION_SETS) {
      if (py.allow_unicode === true && hasYaml11Break(value)) continue;
      jobs.push({ name: `${name} ${JSON.stringify(py)}`, value, py, ours });
    }
  }
  const ops: OracleOp[] = jobs.map((j) => ({ op: 'dump', value: toOracle(j.value), options: j.py }));
  const results = batch.add(ops);

  it.each(jobs.map((j, i) => [j.name, i] as const))('%s', (_name, i) => {
    const job = jobs[i]!;
    const r = results()[i]!;
    expect(r.ok, r.message).toBe(true);
    const paths = floatPaths(job.value);
    const text = stringifyYaml(stripFloats(job.value), { ...job.ours, pythonFloats: (p) => paths.has(JSON.stringify(p)) });
    expect(text).toBe(r.text);
  });

  it('writes NEL, LS and PS escaped even with allowUnicode, where PyYAML writes them raw', () => {
    expect(stringifyYaml('a\u2028b', { allowUnicode: true })).toBe('"a\\Lb"\n');
    expect(stringifyYaml('a\u0085b', { allowUnicode: true })).toBe('"a\\Nb"\n');
  });
});

describe.skipIf(!oracle.python)('what stringifyYaml writes, PyYAML reads back', () => {
  const values = VALUES.filter(([name]) => !name.startsWith('top-level empty string'));
  const texts = values.map(([, v]) => {
    const paths = floatPaths(v);
    return stringifyYaml(stripFloats(v), { pythonFloats: (p) => paths.has(JSON.stringify(p)), flowStyle: null });
  });
  const results = batch.add(texts.map((text) => ({ op: 'full_load' as const, text })));

  it.each(values.map(([name], i) => [name, i] as const))('%s', (_name, i) => {
    const r = results()[i]!;
    expect(r.ok, r.message).toBe(true);
    // the typed answer must be the typed value we wrote: ints stay ints, floats floats, tuples tuples
    expect(difference(fromOracle(r.value, true, true), markFloats(values[i]![1]))).toBeNull();
  });
});

describe('stringifyYaml refuses what it cannot write, naming the path', () => {
  const cases: [string, unknown, string, string][] = [
    ['undefined', { a: { b: undefined } }, 'UNSUPPORTED_VALUE', 'a.b'],
    ['a function', { layers: [{ fn: () => 1 }] }, 'UNSUPPORTED_VALUE', 'layers[0].fn'],
    ['a symbol', [Symbol('s')], 'UNSUPPORTED_VALUE', '[0]'],
    ['a Date', { 'odd key': new Date(0) }, 'UNSUPPORTED_VALUE', '["odd key"]'],
    ['a Map', new Map(), 'UNSUPPORTED_VALUE', ''],
    ['a typed array', { w: new Float32Array(2) }, 'UNSUPPORTED_VALUE', 'w'],
  ];
  it.each(cases)('%s', (_name, value, code, path) => {
    const e = catchError(() => stringifyYaml(value));
    expect(e.code).toBe(code);
    expect(e.path).toBe(path);
    expect(e.line).toBe(0);
  });

  it('refuses cycles', () => {
    const a: Record<string, unknown> = { x: 1 };
    a['self'] = { back: a };
    const e = catchError(() => stringifyYaml(a));
    expect(e.code).toBe('CIRCULAR_VALUE');
    expect(e.path).toBe('self.back');
    const list: unknown[] = [];
    list.push(list);
    expect(catchError(() => stringifyYaml(list)).code).toBe('CIRCULAR_VALUE');
  });

  it('refuses nesting past maxDepth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = [deep];
    expect(catchError(() => stringifyYaml(deep, { maxDepth: 10 })).code).toBe('TOO_DEEP');
    expect(stringifyYaml(deep, { maxDepth: 20 })).toContain('- 1');
  });
});

describe('stringifyYaml options that need no oracle', () => {
  it('tags the arrays pythonTuples picks, by path', () => {
    const config = { layers: [{ config: { batch_input_shape: [null, 1], units: 1, kernel_size: [3, 3] } }] };
    const text = stringifyYaml(config, {
      flowStyle: null,
      pythonTuples: (path) => path[path.length - 1] === 'batch_input_shape' || path[path.length - 1] === 'kernel_size',
    });
    expect(text).toBe('layers:\n- config:\n    batch_input_shape: !!python/tuple [null, 1]\n    kernel_size: !!python/tuple [3, 3]\n    units: 1\n');
    expect(stringifyYaml([[1], [2]], { pythonTuples: true, flowStyle: null })).toBe('!!python/tuple\n- !!python/tuple [1]\n- !!python/tuple [2]\n');
  });

  it('round-trips through parseYaml with keepTuples', () => {
    const value = { shape: new PythonTuple([null, 28, 28, 1]), name: 'conv', rate: 0.25 };
    const back = parseYaml(stringifyYaml(value), { keepTuples: true }) as typeof value;
    expect(back.shape).toBeInstanceOf(PythonTuple);
    expect(back.shape.items).toEqual([null, 28, 28, 1]);
    expect(back.rate).toBe(0.25);
  });
});

function catchError(f: () => unknown): YamlError {
  try {
    f();
  } catch (e) {
    if (e instanceof YamlError) return e;
    throw e;
  }
  throw new Error('expected a YamlError');
}
