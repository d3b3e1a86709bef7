/**
 * Genuine Keras configs (the model_config of every shared Keras 1 / 2 /
 * tf.keras / 3 fixture, and the shared JSON configs), held as Keras 2 held
 * them in memory (shapes, kernel sizes, strides … as tuples), dumped by
 * PyYAML as Keras ≤ 2.5's `to_yaml()` did — with PyYAML < 5.1's default
 * style (default_flow_style=None) and with today's (False).
 *
 * Our stringify, told which keys hold tuples the way a Keras writer would
 * (by key name) and which numbers are floats, must be byte-equal; our parse
 * must read PyYAML's text back to the same value.
 *
 * Also checks the committed fixture test/fixtures/yaml/keras2_cnn.* (made
 * by scripts/yaml_make_fixtures.py with PyYAML), which needs no Python.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracle, repoRoot } from '../helpers/oracles.js';
import { parseYaml, stringifyYaml, type YamlPath } from '../../src/yaml/index.js';
import { OracleBatch, difference, floatPaths, fromOracle, stripFloats, tuplesToArrays } from './helpers.js';

/** Config keys whose values Keras 2 kept as Python tuples. */
const KERAS2_TUPLE_KEYS = [
  'batch_input_shape', 'input_shape', 'kernel_size', 'strides', 'pool_size', 'dilation_rate', 'target_shape', 'dims',
  'size', 'cropping', 'padding', 'output_shape', 'noise_shape', 'function', 'shared_axes', 'output_padding',
];

/** The pythonTuples predicate a Keras writer would use: arrays under a tuple key, at any depth below it. */
function underTupleKey(path: YamlPath): boolean {
  for (let i = path.length - 1; i >= 0; i--) {
    const part = path[i];
    if (typeof part === 'string') return KERAS2_TUPLE_KEYS.includes(part);
  }
  return false;
}

const STYLES = [{ default_flow_style: null }, { default_flow_style: false }];

describe.skipIf(!oracle.python || !oracle.fixtures)('genuine Keras configs, as Keras 2 wrote them to YAML', () => {
  const root = oracle.fixtures ?? '';
  const manifest = root === '' ? [] : readFileSync(join(root, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const h5 = manifest.filter((r) => ['keras1', 'keras2', 'keras3', 'tfkeras', 'other-layers'].includes(r[1]!)).map((r) => r[0]!);
  const json = manifest.filter((r) => r[1] === 'configs').map((r) => r[0]!);
  const sources = [...h5.map((f) => ({ name: f, path: join(root, f) })), ...json.map((f) => ({ name: f, text: readFileSync(join(root, f), 'utf8') }))];
  const oracleResults = new OracleBatch().add(
    sources.map(({ name: _name, ...where }) => ({ op: 'keras_dump' as const, ...where, tuple_keys: KERAS2_TUPLE_KEYS, options: STYLES })),
  );

  it('covers every fixture that holds a model config', () => {
    const results = oracleResults();
    const usable = results.filter((r) => r.ok).length;
    expect(usable).toBeGreaterThanOrEqual(30);
    // only weights-only files may lack a model_config
    results.forEach((r, i) => { if (!r.ok) expect(r.error, sources[i]!.name).toBe('KeyError'); });
  });

  it.each(sources.map((s, i) => [s.name, i] as const))('%s', (_name, i) => {
    const r = oracleResults()[i]!;
    if (!r.ok) return; // weights-only file
    const typed = fromOracle(r.value, true, true);
    const value = stripFloats(typed);
    const floats = floatPaths(typed);
    const plainValue = tuplesToArrays(value); // as JSON.parse would give it: no tuples, no floats marked
    STYLES.forEach((style, k) => {
      const expected = r.texts![k]!;
      const mine = stringifyYaml(plainValue, {
        flowStyle: style.default_flow_style,
        pythonTuples: underTupleKey,
        pythonFloats: (p) => floats.has(JSON.stringify(p)),
      });
      expect(mine).toBe(expected);
      expect(difference(parseYaml(expected), plainValue)).toBeNull();
      expect(difference(parseYaml(expected, { keepTuples: true }), value)).toBeNull();
    });
  });
});

describe('the committed Keras 2 CNN fixture (no Python needed)', () => {
  const dir = join(repoRoot, 'test', 'fixtures', 'yaml');
  const names = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
  it.each(names)('%s', (name) => {
    const yamlText = readFileSync(join(dir, `${name}.yaml`), 'utf8');
    const spec = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { options: { default_flow_style: boolean | null }; value: unknown };
    const typed = fromOracle(spec.value, true, true);
    const floats = floatPaths(typed);
    const value = stripFloats(typed);
    expect(stringifyYaml(tuplesToArrays(value), {
      flowStyle: spec.options.default_flow_style,
      pythonTuples: underTupleKey,
      pythonFloats: (p) => floats.has(JSON.stringify(p)),
    })).toBe(yamlText);
    expect(difference(parseYaml(yamlText, { keepTuples: true }), value)).toBeNull();
  });
});
