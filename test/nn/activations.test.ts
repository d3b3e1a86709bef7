/**
 * Every activation against JAX: values and vector-Jacobian products
 * (jax.vjp of keras.activations.*) on kinks, tails and random points; Keras
 * 2's hard_sigmoid; name resolution and its errors.
 */
import { describe, expect, it } from 'vitest';
import { LayerConfigError, activationNames, getActivation } from '../../src/index.js';
import { expectClose, fixture, flat } from './helpers.js';

const f = fixture<{ x: number[][]; dy: number[][]; cases: { name: string; y: number[][]; dx: number[][] }[]; keras2_hard_sigmoid: number[][] }>('activations.json');
const X = Float32Array.from(flat(f.x));
const DY = Float32Array.from(flat(f.dy));

describe('activations (JAX)', () => {
  for (const c of f.cases) {
    it(`${c.name}: values and gradient`, () => {
      const a = getActivation(c.name);
      const y = new Float32Array(64);
      a.forward(X, y, 8, 8);
      expectClose(y, c.y, `${c.name} y`, 2e-6, 1e-6);
      const dx = new Float32Array(64);
      a.backward(X, y, DY, dx, 8, 8);
      expectClose(dx, c.dx, `${c.name} dx`, 1e-5, 2e-6);
      // In place (dx aliasing dy), as layers run it.
      const inPlace = DY.slice();
      a.backward(X, y, inPlace, inPlace, 8, 8);
      expect(Array.from(inPlace)).toEqual(Array.from(dx));
    });
  }

  it("gives Keras 2's hard_sigmoid on request, and Keras 3's by default", () => {
    const legacy = getActivation('hard_sigmoid', { legacy: true });
    const y = new Float32Array(64);
    legacy.forward(X, y, 8, 8);
    expectClose(y, f.keras2_hard_sigmoid, 'keras 2 hard_sigmoid', 1e-6, 1e-7);
    expect(legacy.name).toBe('hard_sigmoid');
    expect(getActivation('hard_sigmoid').key).toBe('hard_sigmoid');
    expect(legacy.key).toBe('hard_sigmoid_keras2');
  });

  it('resolves aliases and serialised function dicts; refuses unknown names with the list', () => {
    expect(getActivation('swish').name).toBe('silu');
    expect(getActivation('hard_swish').name).toBe('hard_silu');
    expect(getActivation(null).name).toBe('linear');
    expect(getActivation({ module: 'builtins', class_name: 'function', config: 'relu', registered_name: 'function' }).name).toBe('relu');
    for (const bad of ['relu7', 'glu', 42]) {
      try {
        getActivation(bad, { layerName: 'd', configPath: 'layers[1].config.activation' });
        expect.fail('should throw');
      } catch (e) {
        expect(e).toBeInstanceOf(LayerConfigError);
        expect((e as LayerConfigError).code).toBe('UNKNOWN_ACTIVATION');
        expect((e as LayerConfigError).configPath).toBe('layers[1].config.activation');
        expect((e as LayerConfigError).layerName).toBe('d');
      }
    }
    expect(activationNames()).toContain('gelu');
  });
});
