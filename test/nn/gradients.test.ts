/**
 * Finite-difference properties (fast-check) for every backward rule in
 * src/nn/gradients.ts: each activation, each loss (with its options), the
 * regularizers and Dense's products, computed in float64 (the kernels only
 * index their arrays, so Float64Arrays give exact references); and a whole
 * model's gradient (Dense, activations, regularizers, frozen layers) read
 * from one SGD step with learning rate 1, against finite differences of its
 * reported loss.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ACTIVATION_GRADIENTS, Dense, Loss, SGD, Sequential, Tensor, activationNames, denseBackward, getActivation, l1l2, regularizerBackward,
} from '../../src/index.js';

const F64 = (a: number[]): Float32Array => Float64Array.from(a) as unknown as Float32Array;

/** Points closer than this to a kink are skipped (the derivative jumps there). */
const KINKS = [0, 1, -1, 3, -3, 6, 0.5, -0.5, 2.5, -2.5];
const nearKink = (v: number): boolean => KINKS.some((k) => Math.abs(v - k) < 2e-3);
/** Moves a point off the kinks (fast-check favours 0 and the bounds). */
const offKink = (v: number): number => (nearKink(v) ? v + 0.0123 : v);

describe('finite differences: activations', () => {
  const names = activationNames().filter((n) => n !== 'gelu_approximate').concat(['gelu_approximate']);
  for (const name of names) {
    it(name, () => {
      const a = getActivation(name);
      const cols = 5;
      fc.assert(fc.property(
        fc.array(fc.double({ min: -6, max: 6, noNaN: true }), { minLength: cols, maxLength: cols }),
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: cols, maxLength: cols }),
        (raw, dys) => {
          const xs = raw.map(offKink);
          const x = F64(xs), y = F64(new Array(cols).fill(0)), dx = F64(new Array(cols).fill(0));
          a.forward(x, y, 1, cols);
          a.backward(x, y, F64(dys), dx, 1, cols);
          const L = (v: number[]): number => {
            const out = F64(new Array(cols).fill(0));
            a.forward(F64(v), out, 1, cols);
            let s = 0;
            for (let i = 0; i < cols; i++) s += dys[i]! * out[i]!;
            return s;
          };
          const h = 1e-6;
          for (let i = 0; i < cols; i++) {
            const p = xs.slice(), m = xs.slice();
            p[i]! += h; m[i]! -= h;
            const fd = (L(p) - L(m)) / (2 * h);
            if (Math.abs(fd - dx[i]!) > 1e-5 * Math.max(1, Math.abs(fd))) return false;
          }
          return true;
        },
      ), { numRuns: 60 });
    });
  }
  it('has a rule for every activation', () => {
    for (const n of activationNames()) expect(ACTIVATION_GRADIENTS[getActivation(n).key], n).toBeTypeOf('function');
  });
});

describe('finite differences: losses', () => {
  const cases: [string, ConstructorParameters<typeof Loss>[1], 'real' | 'pos' | 'prob' | 'bin' | 'onehot' | 'pm1' | 'sparse' | 'dist'][] = [
    ['mean_squared_error', {}, 'real'], ['mean_absolute_error', {}, 'real'], ['mean_absolute_percentage_error', {}, 'real'],
    ['mean_squared_logarithmic_error', {}, 'pos'], ['huber', {}, 'real'], ['huber', { delta: 0.3 }, 'real'], ['log_cosh', {}, 'real'],
    ['binary_crossentropy', {}, 'bin'], ['binary_crossentropy', { fromLogits: true }, 'bin'], ['binary_crossentropy', { labelSmoothing: 0.2 }, 'bin'],
    ['categorical_crossentropy', {}, 'onehot'], ['categorical_crossentropy', { fromLogits: true }, 'onehot'],
    ['categorical_crossentropy', { fromLogits: true, labelSmoothing: 0.1 }, 'dist'], ['categorical_crossentropy', { labelSmoothing: 0.1 }, 'onehot'],
    ['sparse_categorical_crossentropy', {}, 'sparse'], ['sparse_categorical_crossentropy', { fromLogits: true }, 'sparse'],
    ['hinge', {}, 'pm1'], ['squared_hinge', {}, 'bin'], ['categorical_hinge', {}, 'onehot'], ['kl_divergence', {}, 'dist'],
    ['poisson', {}, 'pos'], ['cosine_similarity', {}, 'real'],
  ];
  const rows = 3, cols = 4;
  for (const [fn, opts, kind] of cases) {
    it(`${fn} ${JSON.stringify(opts)}`, () => {
      const loss = new Loss(fn, opts);
      const logits = opts?.fromLogits === true;
      fc.assert(fc.property(
        fc.array(fc.double({ min: 0.05, max: 0.95, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }),
        (u, v) => {
          // Predictions inside each loss's smooth domain; targets of the loss's kind.
          const P = u.map((p) => (kind === 'real' || kind === 'pm1' || logits ? 4 * p - 2 : kind === 'pos' ? 3 * p + 0.1 : p));
          const T = targets(kind, v, rows, cols);
          fc.pre(!(fn === 'mean_absolute_error' || fn === 'mean_absolute_percentage_error' || fn === 'huber') || P.every((p, i) => Math.abs(p - T[i]!) > 1e-3 && Math.abs(Math.abs(p - T[i]!) - (opts?.delta ?? 1)) > 1e-3));
          fc.pre(!(fn === 'hinge' || fn === 'squared_hinge') || P.every((p, i) => Math.abs(1 - (fn === 'hinge' ? T[i]! : 2 * T[i]! - 1) * p) > 1e-3));
          fc.pre(fn !== 'categorical_hinge' || nonTiedHinge(T, P, rows, cols));
          const value = (p: number[]): number => {
            const out = F64(new Array(rows).fill(0));
            loss.forward(F64(T), F64(p), rows, cols, loss.params, out);
            let s = 0;
            for (let r = 0; r < rows; r++) s += out[r]!;
            return s / rows;
          };
          const dP = F64(new Array(rows * cols).fill(0));
          loss.backward(F64(T), F64(P), rows, cols, { ...loss.params, scale: 1 / rows }, dP);
          const h = 1e-6;
          for (let i = 0; i < rows * cols; i++) {
            const p = P.slice(), m = P.slice();
            p[i]! += h; m[i]! -= h;
            const fd = (value(p) - value(m)) / (2 * h);
            if (Math.abs(fd - dP[i]!) > 1e-5 * Math.max(1, Math.abs(fd))) return false;
          }
          return true;
        },
      ), { numRuns: 40 });
    });
  }
});

function targets(kind: string, v: number[], rows: number, cols: number): number[] {
  switch (kind) {
    case 'real': return v.map((t) => 4 * t - 2);
    case 'pos': return v.map((t) => 3 * t);
    case 'bin': return v.map((t) => (t > 0.5 ? 1 : 0));
    case 'pm1': return v.map((t) => (t > 0.5 ? 1 : -1));
    case 'sparse': return Array.from({ length: rows }, (_, r) => Math.floor(v[r]! * cols * 0.999));
    case 'onehot': case 'dist': {
      const out: number[] = [];
      for (let r = 0; r < rows; r++) {
        const row = v.slice(r * cols, r * cols + cols);
        if (kind === 'onehot') { const k = Math.floor(row[0]! * cols * 0.999); for (let j = 0; j < cols; j++) out.push(j === k ? 1 : 0); }
        else { const s = row.reduce((a, b) => a + b + 0.01, 0); for (const x of row) out.push((x + 0.01) / s); }
      }
      return out;
    }
    default: throw new Error(kind);
  }
}

function nonTiedHinge(T: number[], P: number[], rows: number, cols: number): boolean {
  for (let r = 0; r < rows; r++) {
    const vals = Array.from({ length: cols }, (_, j) => (1 - T[r * cols + j]!) * P[r * cols + j]!).sort((a, b) => b - a);
    let pos = 0;
    for (let j = 0; j < cols; j++) pos += T[r * cols + j]! * P[r * cols + j]!;
    if (vals[0]! - vals[1]! < 1e-3 || Math.abs(vals[0]! - pos + 1) < 1e-3) return false;
  }
  return true;
}

describe('finite differences: regularizers and Dense', () => {
  it('l1·Σ|w| + l2·Σw²', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (w, a, b) => {
        w = w.map((x) => (Math.abs(x) < 1e-3 ? x + 0.01 : x));
        const g = F64(new Array(w.length).fill(0));
        regularizerBackward(F64(w), { l1: a, l2: b }, 1, g);
        const pen = (v: number[]): number => v.reduce((s, x) => s + a * Math.abs(x) + b * x * x, 0);
        return w.every((_, i) => {
          const p = w.slice(), m = w.slice();
          p[i]! += 1e-6; m[i]! -= 1e-6;
          return Math.abs((pen(p) - pen(m)) / 2e-6 - g[i]!) < 1e-6;
        });
      }), { numRuns: 80 });
  });

  it('Dense: dW = xᵀ·dz, db = Σ dz, dx = dz·Wᵀ (every shape class of the kernels)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (m, k, n, seed) => {
      let s = seed >>> 0;
      const rnd = (): number => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; };
      const X = Array.from({ length: m * k }, rnd), W = Array.from({ length: k * n }, rnd), dz = Array.from({ length: m * n }, rnd);
      const dW = F64(new Array(k * n).fill(0)), db = F64(new Array(n).fill(0)), dx = F64(new Array(m * k).fill(0));
      denseBackward(F64(X), F64(dz), F64(W), m, k, n, dW, db, dx);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) {
        let e = 0;
        for (let i = 0; i < m; i++) e += X[i * k + p]! * dz[i * n + j]!;
        if (Math.abs(e - dW[p * n + j]!) > 1e-12) return false;
      }
      for (let j = 0; j < n; j++) {
        let e = 0;
        for (let i = 0; i < m; i++) e += dz[i * n + j]!;
        if (Math.abs(e - db[j]!) > 1e-12) return false;
      }
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
        let e = 0;
        for (let j = 0; j < n; j++) e += dz[i * n + j]! * W[p * n + j]!;
        if (Math.abs(e - dx[i * k + p]!) > 1e-12) return false;
      }
      return true;
    }), { numRuns: 150 });
  });
});

describe('finite differences: a whole model', () => {
  it('the gradient of an SGD(lr=1) step equals finite differences of the loss', () => {
    fc.assert(fc.property(fc.constantFrom('tanh', 'sigmoid', 'softplus', 'elu', 'gelu'), fc.integer({ min: 1, max: 1e6 }), (act, seed) => {
      const model = new Sequential([
        new Dense({ units: 4, inputDim: 3, activation: act, kernelInitializer: { class_name: 'RandomNormal', config: { stddev: 0.5, seed } },
          kernelRegularizer: l1l2({ l1: 0.01, l2: 0.02 }), activityRegularizer: l1l2({ l1: 0, l2: 0.05 }) }),
        new Dense({ units: 2, activation: 'softmax', kernelInitializer: { class_name: 'RandomNormal', config: { stddev: 0.5, seed: seed + 1 } },
          biasInitializer: { class_name: 'RandomNormal', config: { seed: seed + 2 } } }),
      ]);
      model.compile({ loss: 'categorical_crossentropy', optimizer: new SGD({ learningRate: 1 }) });
      const x = new Tensor(Float32Array.from([0.3, -0.7, 0.2, -0.1, 0.5, 0.9, 0.4, 0.4, -0.6]), [3, 3]);
      const y = new Tensor(Float32Array.from([1, 0, 0, 1, 1, 0]), [3, 2]);
      const before = model.getWeights();
      const lossAt = (ws: Tensor[]): number => { model.setWeights(ws); return model.testOnBatch(x, y) as number; };
      model.setWeights(before);
      model.trainOnBatch(x, y);
      const after = model.getWeights();
      const h = 1e-2;
      for (let w = 0; w < before.length; w++) {
        for (let i = 0; i < before[w]!.size; i++) {
          const g = before[w]!.data[i]! - after[w]!.data[i]!;
          const p = before.map((t) => t.clone()), m = before.map((t) => t.clone());
          p[w]!.data[i]! += h; m[w]!.data[i]! -= h;
          const fd = (lossAt(p) - lossAt(m)) / (2 * h);
          // The L1 term has a kink at 0: skip weights the difference step would cross it with.
          if (w === 0 && Math.abs(before[w]!.data[i]!) <= h) continue;
          if (Math.abs(fd - g) > 2e-3 * Math.max(1, Math.abs(fd)) + 2e-4) return false;
        }
      }
      return true;
    }), { numRuns: 12 });
  });
});
