import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { optimizerConfigFloats, stringifyPythonJson } from '../../src/keras/python-json.js';

describe('Python-typed JSON for optimizer configs', () => {
  it('writes float options as floats and keeps integer options integral', () => {
    const text = stringifyPythonJson({ optimizer_config: { class_name: 'SGD', config: optimizerConfigFloats({
      name: 'sgd', learning_rate: 1, momentum: 0, nesterov: false, clipnorm: null, gradient_accumulation_steps: 2, ema_overwrite_frequency: 5, beta_1: 0.9, epsilon: 1e-7,
    }) } });
    expect(text).toBe('{"optimizer_config":{"class_name":"SGD","config":{"name":"sgd","learning_rate":1.0,"momentum":0.0,"nesterov":false,"clipnorm":null,"gradient_accumulation_steps":2,"ema_overwrite_frequency":5,"beta_1":0.9,"epsilon":1e-7}}}');
  });

  it('reaches into learning-rate schedule configs', () => {
    const text = stringifyPythonJson(optimizerConfigFloats({
      learning_rate: { module: 'keras.optimizers.schedules', class_name: 'PiecewiseConstantDecay', config: { boundaries: [2, 4], values: [1, 0.5, 0], name: 'p' } },
    }));
    expect(text).toContain('"boundaries":[2,4]');
    expect(text).toContain('"values":[1.0,0.5,0.0]');
  });

  it('parses back to the same values (property)', () => {
    fc.assert(fc.property(fc.dictionary(fc.string().filter((k) => k !== '__proto__'), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.string(), fc.boolean(), fc.constant(null))), (cfg) => {
      const back = JSON.parse(stringifyPythonJson(optimizerConfigFloats(cfg as never))) as Record<string, unknown>;
      for (const k of Object.keys(cfg)) expect(Object.is(back[k], cfg[k]) || back[k] === cfg[k]).toBe(true);
    }));
  });
});
