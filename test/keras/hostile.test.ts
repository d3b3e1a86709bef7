/**
 * Hostile input (STYLE habit 12): truncated, bit-flipped and overwritten
 * Keras files either load or fail with a typed error (a PureKerasError of
 * some domain), quickly; never a hang, a crash deep inside, or an absurd
 * allocation. Cases that once failed stay below as named regressions.
 */
import { describe, expect, it } from 'vitest';
import { PureKerasError } from '../../src/errors.js';
import { loadModelBytes, modelFromJson } from '../../src/keras/model-io.js';
import { loadWeightsBytes } from '../../src/keras/weights-files.js';
import { Sequential, Dense } from '../../src/nn/index.js';
import { KerasFormatError } from '../../src/keras/errors.js';
import { fixtureBytes } from './helpers/fixtures.js';
import { createHdf5, writeHdf5 } from '../../src/hdf5/index.js';

/** xorshift32, so the mutants are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function attempt(fn: () => void): { ok: boolean; ms: number; error?: unknown } {
  const t0 = performance.now();
  try {
    fn();
    return { ok: true, ms: performance.now() - t0 };
  } catch (e) {
    return { ok: false, ms: performance.now() - t0, error: e };
  }
}

function mutants(bytes: Uint8Array, seed: number, count: number): Uint8Array[] {
  const r = rng(seed);
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 3;
    if (kind === 0) {
      out.push(bytes.slice(0, Math.floor(r() * bytes.length)));
    } else if (kind === 1) {
      const m = bytes.slice();
      const flips = 1 + Math.floor(r() * 4);
      for (let f = 0; f < flips; f++) { const at = Math.floor(r() * m.length); m[at]! ^= 1 << Math.floor(r() * 8); }
      out.push(m);
    } else {
      const m = bytes.slice();
      const at = Math.floor(r() * (m.length - 8));
      const big = r() < 0.5;
      for (let k = 0; k < 8; k++) m[at + k] = big ? 0xff : Math.floor(r() * 256);
      out.push(m);
    }
  }
  return out;
}

describe('hostile Keras files', () => {
  const files = ['seed_sgd_mse.h5', 'mlp_rmsprop.h5', 'layers_adam_mae.h5', 'mlp_nadam.h5'];
  for (const [k, name] of files.entries()) {
    it(`${name}: 300 mutants load or throw a typed error, each within 2 s`, () => {
      const bytes = fixtureBytes(name);
      let loaded = 0;
      let refused = 0;
      for (const m of mutants(bytes, 1234 + k, 300)) {
        const r = attempt(() => {
          const model = loadModelBytes(m, { onWarning: () => {} });
          const inDim = model.inputShape.slice(1).reduce((a: number, b) => a * (b ?? 1), 1);
          model.predict(new Float32Array(inDim * 2).fill(0.5), { verbose: 0 });
        });
        if (!r.ok && !(r.error instanceof PureKerasError)) throw new Error(`untyped error from a mutant of ${name}: ${String(r.error)}\n${(r.error as Error).stack}`);
        expect(r.ms).toBeLessThan(2000);
        if (r.ok) loaded++; else refused++;
      }
      expect(loaded + refused).toBe(300);
      expect(refused).toBeGreaterThan(0);
    });
  }

  it('weights files: 300 mutants of a .weights.h5 and a legacy .h5 load or throw a typed error', () => {
    for (const [k, name] of ['layers_adam_mae.weights.h5', 'layers_adam_mae.legacy.h5'].entries()) {
      for (const m of mutants(fixtureBytes(name), 99 + k, 150)) {
        const model = new Sequential([new Dense({ units: 5, inputShape: [6], name: 'hidden' }), new Dense({ units: 2, useBias: false })]);
        const r = attempt(() => loadWeightsBytes(model, m, { onWarning: () => {} }));
        if (!r.ok && !(r.error instanceof PureKerasError)) throw new Error(`untyped error from a mutant of ${name}: ${String(r.error)}`);
        expect(r.ms).toBeLessThan(2000);
      }
    }
  });

  it("regression: a file whose 'model_weights' is a dataset, not a group, is BAD_WEIGHTS (was a TypeError in loadWeights; found by scripts/fuzz.mjs weights)", () => {
    const f = createHdf5();
    f.createDataset('model_weights', new Float32Array(3));
    const model = new Sequential([new Dense({ units: 1, inputDim: 2 })]);
    const e = attempt(() => loadWeightsBytes(model, writeHdf5(f))).error as KerasFormatError;
    expect(e).toBeInstanceOf(KerasFormatError);
    expect([e.code, e.configPath]).toEqual(['BAD_WEIGHTS', 'model_weights']);
  });

  it('a Keras 3 .keras archive (zip) is refused with a clear error', () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);
    const e = attempt(() => loadModelBytes(zip)).error as KerasFormatError;
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    const e2 = attempt(() => loadWeightsBytes(new Sequential([new Dense({ units: 1, inputDim: 1 })]), zip)).error as KerasFormatError;
    expect(e2.code).toBe('UNSUPPORTED_FORMAT');
  });

  it('regression: a config asking for a huge Dense is refused before allocating', () => {
    const doc = { class_name: 'Sequential', config: { name: 's', layers: [
      { class_name: 'InputLayer', config: { name: 'in', batch_shape: [null, 100000] } },
      { class_name: 'Dense', config: { name: 'huge', units: 100000 } },
    ] } };
    const e = attempt(() => modelFromJson(JSON.stringify(doc))).error as KerasFormatError;
    expect(e).toBeInstanceOf(KerasFormatError);
    expect(e.code).toBe('MODEL_TOO_LARGE');
    expect(e.layerName).toBe('huge');
    expect(e.configPath).toBe('layers[1].config.units');
  });

  it('regression: a file whose config asks for more weights than it stores is refused before any weight is allocated', () => {
    // Flip the first Dense's units in the stored config (4 → 400000) of a real Keras file.
    const bytes = fixtureBytes('mlp_adam.h5');
    const text = new TextDecoder('latin1').decode(bytes);
    const at = text.indexOf('"units": 8');
    expect(at).toBeGreaterThan(0);
    const m = bytes.slice();
    const patch = new TextEncoder().encode('"units": 9');
    m.set(patch, at);
    const e = attempt(() => loadModelBytes(m)).error as KerasFormatError;
    expect(e).toBeInstanceOf(PureKerasError);
  });
});
