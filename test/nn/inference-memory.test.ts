/**
 * Inference allocates only activations: predict, predictOnBatch and
 * evaluate on a compiled model create no gradient arrays, no input-gradient
 * buffers and no dropout masks; the first training step on the same batch
 * size adds them (once), and its numbers equal those of a model that
 * trained without predicting first.
 *
 * Measured by counting the bytes of every typed array created through the
 * global constructors while the call runs.
 */
import { describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, Tensor } from '../../src/index.js';

const TYPED = [Float32Array, Float64Array, Int32Array, Uint8Array, Uint32Array] as const;

/** Runs `fn`; returns the bytes of the typed arrays it constructed (views of existing buffers count 0). */
function createdBytes(fn: () => void): number {
  let bytes = 0;
  const g = globalThis as unknown as Record<string, unknown>;
  const saved: [string, unknown][] = [];
  for (const C of TYPED) {
    saved.push([C.name, g[C.name]]);
    g[C.name] = new Proxy(C, {
      construct(target, args) {
        const a = Reflect.construct(target, args) as { byteLength: number };
        if (!(args[0] instanceof ArrayBuffer)) bytes += a.byteLength;
        return a;
      },
    });
  }
  try {
    fn();
  } finally {
    for (const [name, C] of saved) g[name] = C;
  }
  return bytes;
}

function model(): Sequential {
  const m = new Sequential([
    new Dense({ units: 300, inputDim: 200, activation: 'relu' }),
    new Dropout({ rate: 0.5, seed: 4 }),
    new Dense({ units: 10 }),
  ]);
  m.compile({ loss: 'mse', optimizer: 'sgd' });
  return m;
}

const batch = 4;
const x = new Tensor(Float32Array.from({ length: batch * 200 }, (_, i) => Math.sin(i)), [batch, 200]);
const y = new Tensor(Float32Array.from({ length: batch * 10 }, (_, i) => Math.cos(i)), [batch, 10]);
// Weights: 200·300 + 300 + 300·10 + 10 floats = 253,240 bytes.
const WEIGHT_BYTES = 4 * (200 * 300 + 300 + 300 * 10 + 10);
// Activations of 4 rows: Dense 1's pre-activation and output (4·300 each), Dense 2's output (4·10), the result.
const ACTIVATION_BYTES = 4 * (2 * batch * 300 + batch * 10 + batch * 10);
const SCRATCH_BYTES = 8 * 3 * 300;

describe('inference allocates only activations', () => {
  it('predict and predictOnBatch: no gradients, input gradients or masks', () => {
    const m = model();
    const first = createdBytes(() => m.predict(x, { verbose: 0 }));
    // Plus the product's reusable row accumulators (float64, 3 rows of the
    // widest output, made once per process) and a few bytes of bookkeeping:
    // far below one weight copy (253,240 bytes).
    expect(first).toBeGreaterThanOrEqual(ACTIVATION_BYTES);
    expect(first).toBeLessThan(ACTIVATION_BYTES + SCRATCH_BYTES + 1024);
    expect(createdBytes(() => m.predictOnBatch(x))).toBeLessThan(batch * 10 * 4 + 256);
  });

  it('evaluate: no gradients either', () => {
    const m = model();
    const bytes = createdBytes(() => m.evaluate(x, y, { verbose: 0 }));
    expect(bytes).toBeLessThan(ACTIVATION_BYTES + SCRATCH_BYTES + 1024);
  });

  it('the first training step after predict adds the gradients and backward buffers once', () => {
    const m = model();
    m.predict(x, { verbose: 0 });
    const step1 = createdBytes(() => m.trainOnBatch(x, y));
    // Gradients (one weight copy) + dL/dx of Dense 2 and the dropout mask/output + dL/dprediction.
    expect(step1).toBeGreaterThanOrEqual(WEIGHT_BYTES);
    expect(step1).toBeLessThan(WEIGHT_BYTES + 2 * ACTIVATION_BYTES + 8 * batch * 300 + 4096);
    expect(createdBytes(() => m.trainOnBatch(x, y))).toBe(0);
  });

  it('training after predict gives the numbers of training alone', () => {
    const a = model();
    const b = model();
    b.setWeights(a.getWeights());
    a.predict(x, { verbose: 0 });
    a.evaluate(x, y, { verbose: 0 });
    const la = [a.trainOnBatch(x, y), a.trainOnBatch(x, y)];
    const lb = [b.trainOnBatch(x, y), b.trainOnBatch(x, y)];
    expect(la).toEqual(lb);
    const wa = a.getWeights(), wb = b.getWeights();
    for (let i = 0; i < wa.length; i++) expect(Array.from(wa[i]!.data)).toEqual(Array.from(wb[i]!.data));
    expect(Array.from(a.predict(x, { verbose: 0 }).data)).toEqual(Array.from(b.predict(x, { verbose: 0 }).data));
  });
});
