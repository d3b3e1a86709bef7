/**
 * JSON written as Python's json.dumps writes Keras configs: separators,
 * ensure_ascii escapes, float repr (`1e-07`), floats marked as floats.
 * Checked against json.dumps itself on generated documents.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { markFloats, optimizerConfigFloats, pythonFloatRepr, stringifyPythonJson } from '../../src/keras/python-json.js';
import { oracle, runPython } from '../helpers/oracles.js';

describe('Python-typed JSON for optimizer configs', () => {
  it('writes float options as floats and keeps integer options integral', () => {
    const text = stringifyPythonJson({ optimizer_config: { class_name: 'SGD', config: optimizerConfigFloats({
      name: 'sgd', learning_rate: 1, momentum: 0, nesterov: false, clipnorm: null, gradient_accumulation_steps: 2, ema_overwrite_frequency: 5, beta_1: 0.9, epsilon: 1e-7,
    }) } });
    expect(text).toBe('{"optimizer_config": {"class_name": "SGD", "config": {"name": "sgd", "learning_rate": 1.0, "momentum": 0.0, "nesterov": false, "clipnorm": null, "gradient_accumulation_steps": 2, "ema_overwrite_frequency": 5, "beta_1": 0.9, "epsilon": 1e-07}}}');
  });

  it('reaches into learning-rate schedule configs', () => {
    const text = stringifyPythonJson(optimizerConfigFloats({
      learning_rate: { module: 'keras.optimizers.schedules', class_name: 'PiecewiseConstantDecay', config: { boundaries: [2, 4], values: [1, 0.5, 0], name: 'p' } },
    }));
    expect(text).toContain('"boundaries": [2, 4]');
    expect(text).toContain('"values": [1.0, 0.5, 0.0]');
  });

  it('markFloats marks the named keys at any depth', () => {
    expect(stringifyPythonJson(markFloats({ a: { rate: 0, units: 3 }, rate: [1, 2] }, new Set(['rate'])))).toBe('{"a": {"rate": 0.0, "units": 3}, "rate": [1.0, 2.0]}');
  });

  it("Python's float repr where JavaScript differs", () => {
    expect([1e-7, 1e-5, 0.0001, 1e16, 1.5e300, 123456789012345680000, 0.1, -2.5, -0, 5e-324].map(pythonFloatRepr))
      .toEqual(['1e-07', '1e-05', '0.0001', '1e+16', '1.5e+300', '1.2345678901234568e+20', '0.1', '-2.5', '-0.0', '5e-324']);
  });

  it('parses back to the same values (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string().filter((k) => k !== '__proto__'), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null))), (cfg) => {
      const back = JSON.parse(stringifyPythonJson(optimizerConfigFloats(cfg as never))) as Record<string, unknown>;
      for (const k of Object.keys(cfg)) expect(Object.is(back[k], cfg[k]) || back[k] === cfg[k]).toBe(true);
    }));
  });
});

/** A JSON value whose numbers are tagged int or float for the Python side. */
type Tagged = null | boolean | string | { $f: number } | { $i: number } | Tagged[] | { [k: string]: Tagged };

const jsonValue: fc.Arbitrary<Tagged> = fc.letrec<{ v: Tagged }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.string({ unit: 'binary' }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => ({ $f: x })),
    fc.double({ min: 1e-9, max: 1e-3, noNaN: true }).map((x) => ({ $f: x })),
    fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((x) => ({ $i: x })),
    fc.array(tie('v'), { maxLength: 4 }),
    fc.dictionary(fc.string({ unit: 'binary' }).filter((k) => k !== '__proto__' && k !== '$f' && k !== '$i'), tie('v'), { maxKeys: 4 }),
  ),
})).v;

/** Our input for the tagged value: floats marked, ints plain. */
function untag(v: Tagged): unknown {
  if (Array.isArray(v)) return v.map(untag);
  if (v !== null && typeof v === 'object') {
    if ('$f' in v && Object.keys(v).length === 1) return markFloats({ x: v.$f as number }, new Set(['x'])).x;
    if ('$i' in v && Object.keys(v).length === 1) return v.$i;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = untag((v as Record<string, Tagged>)[k]!);
    return out;
  }
  return v;
}

describe.skipIf(!oracle.python)("byte for byte what Python's json.dumps writes", () => {
  it('on 300 generated documents (nested, non-ASCII and astral strings, floats in every range)', () => {
    const values = fc.sample(jsonValue, { numRuns: 300, seed: 7 });
    const python = runPython<string[]>(['scripts/gen_keras_oracle.py', 'json_dumps'], { values });
    expect(values.map((v) => stringifyPythonJson(untag(v)))).toEqual(python);
  });
});
