import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SGD, optimizerToPythonJson, pythonFloatRepr } from '../../src/index.js';
import { loadTrajectories, replay } from './trajectory.js';

const file = loadTrajectories();

describe('optimizer configs as Python JSON text', () => {
  it('equals the text Keras writes (json.dumps of serialize and of the legacy .h5 form) for every case', () => {
    for (const c of file.cases) {
      const { optimizer } = replay(file, c);
      expect(optimizerToPythonJson(optimizer), c.id).toBe(c.serialized_json);
      expect(optimizerToPythonJson(optimizer, { form: 'legacy_h5' }), c.id).toBe(c.legacy_json);
    }
  });

  it('writes float-typed values as floats, which Keras requires', () => {
    const text = optimizerToPythonJson(new SGD({ learningRate: 1, name: 'caf\u00e9' }));
    expect(text).toContain('"learning_rate": 1.0');
    expect(text).toContain('"momentum": 0.0');
    expect(text).toContain('"name": "caf\\u00e9"');
    expect(JSON.parse(text).config.name).toBe('caf\u00e9');
  });

  it('pythonFloatRepr follows Python repr rules', () => {
    const table: [number, string][] = [
      [0, '0.0'], [-0, '-0.0'], [1, '1.0'], [-2.5, '-2.5'], [0.1, '0.1'], [1e-7, '1e-07'], [1.5e-5, '1.5e-05'],
      [0.0001, '0.0001'], [0.00012, '0.00012'], [1e16, '1e+16'], [1.2345e16, '1.2345e+16'], [1e15, '1000000000000000.0'],
      [123456789.125, '123456789.125'], [0.0010000000474974513, '0.0010000000474974513'], [1e-300, '1e-300'],
      [Number.NaN, 'NaN'], [Number.POSITIVE_INFINITY, 'Infinity'], [Number.NEGATIVE_INFINITY, '-Infinity'],
      [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [x, s] of table) expect(pythonFloatRepr(x), String(x)).toBe(s);
  });

  it('property: pythonFloatRepr reads back as the same number', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      const s = pythonFloatRepr(x);
      expect(Object.is(Number(s), x) || (x === 0 && Number(s) === 0)).toBe(true);
      expect(/^-?(\d+\.\d+|\d(\.\d+)?e[+-]\d{2,3})$/.test(s)).toBe(true);
    }), { numRuns: 2000 });
  });
});
