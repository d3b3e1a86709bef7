/**
 * Keras's `to_snake_case` as character loops (nn and optim each have one):
 * equal to the three regex substitutions Keras applies (here in JavaScript's
 * regex dialect, where \W is ASCII-only, as the previous implementation
 * was), on every string fast-check makes, and on Keras's own class names.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toSnakeCase } from '../../src/nn/index.js';
import { toSnakeCase as optimSnake } from '../../src/optim/naming.js';

function byRegex(name: string): string {
  return name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

describe('toSnakeCase', () => {
  it('gives Keras 3 auto-name prefixes for its class names', () => {
    const cases: [string, string][] = [
      ['Dense', 'dense'], ['InputLayer', 'input_layer'], ['Sequential', 'sequential'], ['RMSprop', 'rm_sprop'],
      ['AdamW', 'adam_w'], ['SGD', 'sgd'], ['CategoricalCrossentropy', 'categorical_crossentropy'],
      ['MeanSquaredError', 'mean_squared_error'], ['ABCdef', 'ab_cdef'], ['Conv2DTranspose', 'conv2d_transpose'],
    ];
    for (const [name, want] of cases) {
      expect(toSnakeCase(name), name).toBe(want);
      expect(optimSnake(name), name).toBe(want);
    }
  });

  it('equals the regex substitutions on arbitrary strings', () => {
    const letters = fc.constantFrom(...'aAbBzZ09_ -.\nÄé\u2028'.split(''));
    for (const arb of [fc.string({ unit: letters, maxLength: 24 }), fc.string({ unit: 'grapheme', maxLength: 16 }), fc.string({ maxLength: 24 })]) {
      fc.assert(fc.property(arb, (s) => {
        expect(toSnakeCase(s)).toBe(byRegex(s));
        expect(optimSnake(s)).toBe(byRegex(s));
      }), { numRuns: 800 });
    }
  });
});
