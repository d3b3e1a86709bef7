/**
 * Every backward rule in the library, in one table per kind and one file:
 * activations, losses, regularizers and the layers' own rules (Dense,
 * Dropout). Each rule reproduces what JAX's autodiff computes for Keras 3's
 * forward expression, including its conventions at kinks: `abs'(0) = 1`,
 * `relu'(0) = 0`, `relu6'` is 0 at both ends, and `maximum`/`clip`/`max`
 * split the gradient evenly between ties.
 *
 * Conventions: kernels take Float32Arrays and plain numbers; `rows × cols`
 * is the logical 2-D view (cols = the last axis); outputs may alias the
 * incoming gradient where noted. Every rule is checked by finite differences
 * (test/nn/gradients.test.ts) and against JAX (test/nn/activations.test.ts).
 */
import { columnSums, denseInputGrad, denseWeightGrad } from './kernels.js';
import { erf, sigmoid, softplus } from './math.js';

// ─── activations ────────────────────────────────────────────────────────────

/**
 * dL/dx from the pre-activation `x`, the output `y` and `dy = dL/dy`.
 * `dx` may be `dy` itself.
 */
export type ActivationBackward = (x: Float32Array, y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number) => void;

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT_HALF = Math.SQRT1_2;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2_OVER_PI = 0.7978845608028654;

/** An elementwise rule from the derivative f'(x, y). */
function byDerivative(d: (x: number, y: number) => number): ActivationBackward {
  return (x, y, dy, dx, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dx[i] = dy[i]! * d(x[i]!, y[i]!);
  };
}

/** Backward rule of every activation, keyed as the forward table in activations.ts. */
export const ACTIVATION_GRADIENTS: Record<string, ActivationBackward> = {
  linear: (_x, _y, dy, dx, rows, cols) => { if (dx !== dy) dx.set(dy.subarray(0, rows * cols)); },
  relu: (x, _y, dy, dx, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) dx[i] = x[i]! > 0 ? dy[i]! : 0;
  },
  relu6: byDerivative((x) => (x > 0 && x < 6 ? 1 : 0)),
  leaky_relu: byDerivative((x) => (x >= 0 ? 1 : 0.2)),
  elu: byDerivative((x) => (x > 0 ? 1 : Math.exp(x))),
  selu: byDerivative((x) => (x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x))),
  // celu(x) = max(x, 0) + expm1(min(x, 0)); at 0 both halves tie, each passing half.
  celu: byDerivative((x) => (x > 0 ? 1 : x < 0 ? Math.exp(x) : 1)),
  gelu: byDerivative((x) => 0.5 * (1 + erf(x * SQRT_HALF)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x)),
  gelu_approximate: byDerivative((x) => {
    const t = Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x));
    return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * SQRT_2_OVER_PI * (1 + 3 * 0.044715 * x * x);
  }),
  sigmoid: (_x, y, dy, dx, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) { const s = y[i]!; dx[i] = dy[i]! * s * (1 - s); }
  },
  hard_sigmoid: byDerivative((x) => (x > -3 && x < 3 ? 1 / 6 : 0)),
  // clip(0.2x + 0.5, 0, 1): TensorFlow passes the gradient on the closed interval.
  hard_sigmoid_keras2: byDerivative((x) => { const t = 0.2 * x + 0.5; return t >= 0 && t <= 1 ? 0.2 : 0; }),
  hard_silu: byDerivative((x) => {
    const t = x + 3;
    const r6 = t > 0 ? (t < 6 ? t : 6) : 0;
    return r6 / 6 + (t > 0 && t < 6 ? x / 6 : 0);
  }),
  silu: byDerivative((x) => { const s = sigmoid(x); return s + x * s * (1 - s); }),
  mish: byDerivative((x) => { const t = Math.tanh(softplus(x)); return t + x * (1 - t * t) * sigmoid(x); }),
  softplus: byDerivative((x) => sigmoid(x)),
  softsign: byDerivative((x) => { const a = 1 + Math.abs(x); return 1 / (a * a); }),
  tanh: (_x, y, dy, dx, rows, cols) => {
    const n = rows * cols;
    for (let i = 0; i < n; i++) { const t = y[i]!; dx[i] = dy[i]! * (1 - t * t); }
  },
  exponential: byDerivative((_x, y) => y),
  log_sigmoid: byDerivative((x) => sigmoid(-x)),
  hard_tanh: byDerivative((x) => (x > 1 || x < -1 ? 0 : 1)),
  tanh_shrink: byDerivative((x) => { const t = Math.tanh(x); return t * t; }),
  soft_shrink: byDerivative((x) => (x > 0.5 || x < -0.5 ? 1 : 0)),
  hard_shrink: byDerivative((x) => (Math.abs(x) > 0.5 ? 1 : 0)),
  squareplus: byDerivative((x) => 0.5 * (1 + x / Math.sqrt(x * x + 4))),
  sparse_plus: byDerivative((x) => (x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2)),
  // 0.5·clip(x + 1, 0, 2): half the slope at either bound, as JAX's clip.
  sparse_sigmoid: byDerivative((x) => (x < -1 || x > 1 ? 0 : x === -1 || x === 1 ? 0.25 : 0.5)),
  softmax: (_x, y, dy, dx, rows, cols) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += dy[o + j]! * y[o + j]!;
      for (let j = 0; j < cols; j++) dx[o + j] = y[o + j]! * (dy[o + j]! - dot);
    }
  },
  log_softmax: (_x, y, dy, dx, rows, cols) => {
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += dy[o + j]!;
      for (let j = 0; j < cols; j++) dx[o + j] = dy[o + j]! - Math.exp(y[o + j]!) * s;
    }
  },
};

// ─── losses ─────────────────────────────────────────────────────────────────

/** Keras's `backend.epsilon()` (1e-7) as float32, the clip bound of probabilities. */
export const EPSILON = Math.fround(1e-7);
/** 1 − ε as float32, the upper clip bound of probabilities. */
export const ONE_MINUS_EPSILON = Math.fround(1 - 1e-7);

/** The options a loss kernel reads (Keras's config keys, camelCased). */
export interface LossParams {
  fromLogits: boolean;
  labelSmoothing: number;
  delta: number;
  /**
   * Backward only: dL/dv for each row value (1/rows for `sum_over_batch_size`,
   * times the loss weight). A field rather than an argument, so a training
   * step passes no float to a call (which would box it on the heap).
   */
  scale: number;
}

/**
 * Writes dL/dP for a loss whose per-row values are v[r] (r over `rows`, the
 * mean/sum taken over the last axis of `cols`), given `p.scale = dL/dv[r]`
 * (the same for every row: 1/rows for `sum_over_batch_size`). `T` holds
 * `rows × cols` targets, or `rows` class indices for the sparse loss.
 * Accumulates nothing: `dP` is overwritten.
 */
export type LossBackward = (T: Float32Array, P: Float32Array, rows: number, cols: number, p: LossParams, dP: Float32Array) => void;

/** d clip(x, lo, hi)/dx as JAX computes it (½ at either bound). */
function clipGrad(x: number, lo: number, hi: number): number {
  return x > lo && x < hi ? 1 : x === lo || x === hi ? 0.5 : 0;
}

/** Whether every target is 0 or 1 (hinge losses then map them to −1/+1). */
export function binaryLabels(T: Float32Array, n: number): boolean {
  for (let i = 0; i < n; i++) { const t = T[i]!; if (t !== 0 && t !== 1) return false; }
  return true;
}

/** Backward rule of every loss, keyed by Keras's function name as the forward table in losses.ts. */
export const LOSS_GRADIENTS: Record<string, LossBackward> = {
  mean_squared_error: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = (2 * scale) / cols;
    for (let i = 0; i < n; i++) dP[i] = k * (P[i]! - T[i]!);
  },
  mean_absolute_error: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    // d|T − P|/dP = −abs'(T − P), with abs'(0) = 1.
    for (let i = 0; i < n; i++) dP[i] = T[i]! - P[i]! >= 0 ? -k : k;
  },
  mean_absolute_percentage_error: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = (100 * scale) / cols;
    for (let i = 0; i < n; i++) {
      const den = Math.max(Math.abs(T[i]!), EPSILON);
      dP[i] = ((T[i]! - P[i]!) / den >= 0 ? -k : k) / den;
    }
  },
  mean_squared_logarithmic_error: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = (2 * scale) / cols;
    for (let i = 0; i < n; i++) {
      const p = P[i]!;
      const pm = Math.max(p, EPSILON);
      const diff = Math.log(pm + 1) - Math.log(Math.max(T[i]!, EPSILON) + 1);
      const g = p > EPSILON ? 1 : p === EPSILON ? 0.5 : 0;
      dP[i] = (k * diff * g) / (pm + 1);
    }
  },
  huber: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    const d = prm.delta;
    for (let i = 0; i < n; i++) {
      const e = P[i]! - T[i]!;
      const a = Math.abs(e);
      dP[i] = k * (a <= d ? e : d * (e >= 0 ? 1 : -1));
    }
  },
  log_cosh: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    for (let i = 0; i < n; i++) dP[i] = k * Math.tanh(P[i]! - T[i]!);
  },
  cosine_similarity: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const cap = 1 / EPSILON;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let st = 0, sp = 0;
      for (let j = 0; j < cols; j++) { st += T[o + j]! * T[o + j]!; sp += P[o + j]! * P[o + j]!; }
      const rt = Math.min(1 / Math.sqrt(st), cap);
      const rpRaw = 1 / Math.sqrt(sp);
      if (rpRaw < cap) {
        let dot = 0;
        for (let j = 0; j < cols; j++) dot += T[o + j]! * rt * P[o + j]!;
        const r3 = rpRaw * rpRaw * rpRaw;
        for (let j = 0; j < cols; j++) dP[o + j] = -scale * (T[o + j]! * rt * rpRaw - dot * r3 * P[o + j]!);
      } else {
        for (let j = 0; j < cols; j++) dP[o + j] = -scale * T[o + j]! * rt * cap;
      }
    }
  },
  hinge: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    const bin = binaryLabels(T, n);
    for (let i = 0; i < n; i++) {
      const t = bin ? 2 * T[i]! - 1 : T[i]!;
      const m = 1 - t * P[i]!;
      dP[i] = m > 0 ? -k * t : m === 0 ? -0.5 * k * t : 0;
    }
  },
  squared_hinge: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    const bin = binaryLabels(T, n);
    for (let i = 0; i < n; i++) {
      const t = bin ? 2 * T[i]! - 1 : T[i]!;
      const m = 1 - t * P[i]!;
      dP[i] = m > 0 ? -2 * k * m * t : 0;
    }
  },
  categorical_hinge: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      let pos = 0, neg = -Infinity, ties = 0;
      for (let j = 0; j < cols; j++) {
        pos += T[o + j]! * P[o + j]!;
        const v = (1 - T[o + j]!) * P[o + j]!;
        if (v > neg) { neg = v; ties = 1; } else if (v === neg) ties++;
      }
      const m = neg - pos + 1;
      const g = m > 0 ? scale : m === 0 ? 0.5 * scale : 0;
      for (let j = 0; j < cols; j++) {
        const t = T[o + j]!;
        const atMax = (1 - t) * P[o + j]! === neg ? (1 - t) / ties : 0;
        dP[o + j] = g * (atMax - t);
      }
    }
  },
  kl_divergence: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    for (let i = 0; i < n; i++) {
      const t = Math.min(Math.max(T[i]!, EPSILON), 1);
      const p = P[i]!;
      const pc = Math.min(Math.max(p, EPSILON), 1);
      dP[i] = (-scale * t / pc) * clipGrad(p, EPSILON, 1);
    }
  },
  poisson: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    for (let i = 0; i < n; i++) dP[i] = k * (1 - T[i]! / (P[i]! + EPSILON));
  },
  binary_crossentropy: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const n = rows * cols;
    const k = scale / cols;
    const ls = prm.labelSmoothing;
    if (prm.fromLogits) {
      for (let i = 0; i < n; i++) {
        const t = ls ? T[i]! * (1 - ls) + 0.5 * ls : T[i]!;
        dP[i] = k * (sigmoid(P[i]!) - t);
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      const t = ls ? T[i]! * (1 - ls) + 0.5 * ls : T[i]!;
      const x = P[i]!;
      const c = Math.min(Math.max(x, EPSILON), ONE_MINUS_EPSILON);
      dP[i] = k * (-t / c + (1 - t) / (1 - c)) * clipGrad(x, EPSILON, ONE_MINUS_EPSILON);
    }
  },
  categorical_crossentropy: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    const ls = prm.labelSmoothing;
    const lsAdd = ls / cols;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      if (prm.fromLogits) {
        let m = -Infinity, st = 0;
        for (let j = 0; j < cols; j++) { if (P[o + j]! > m) m = P[o + j]!; st += ls ? T[o + j]! * (1 - ls) + lsAdd : T[o + j]!; }
        let s = 0;
        for (let j = 0; j < cols; j++) s += Math.exp(P[o + j]! - m);
        for (let j = 0; j < cols; j++) {
          const t = ls ? T[o + j]! * (1 - ls) + lsAdd : T[o + j]!;
          dP[o + j] = scale * ((Math.exp(P[o + j]! - m) / s) * st - t);
        }
      } else {
        crossentropyProbBackward(T, P, o, cols, ls, lsAdd, -1, scale, dP);
      }
    }
  },
  sparse_categorical_crossentropy: (T, P, rows, cols, prm, dP) => {
    const scale = prm.scale;
    for (let r = 0, o = 0; r < rows; r++, o += cols) {
      const label = Math.trunc(T[r]!);
      if (prm.fromLogits) {
        let m = -Infinity;
        for (let j = 0; j < cols; j++) if (P[o + j]! > m) m = P[o + j]!;
        let s = 0;
        for (let j = 0; j < cols; j++) s += Math.exp(P[o + j]! - m);
        // An out-of-range label one-hots to all zeros (JAX), so its row has no loss.
        const st = label >= 0 && label < cols ? 1 : 0;
        for (let j = 0; j < cols; j++) dP[o + j] = scale * ((Math.exp(P[o + j]! - m) / s) * st - (j === label ? 1 : 0));
      } else {
        crossentropyProbBackward(T, P, o, cols, 0, 0, label, scale, dP);
      }
    }
  },
};

/**
 * Backward of −Σ t·log(clip(P/ΣP, ε, 1−ε)) for one row at offset `o`.
 * Targets come from `T[o..]` (with label smoothing), or from a class index
 * `label` ≥ 0 (sparse) when `label` is not −1.
 */
function crossentropyProbBackward(T: Float32Array, P: Float32Array, o: number, cols: number, ls: number, lsAdd: number, label: number, scale: number, dP: Float32Array): void {
  const sparse = label !== -1;
  let S = 0;
  for (let j = 0; j < cols; j++) S += P[o + j]!;
  // First dL/do_j into dP, then through o = P/S: dP_k = do_k/S − Σ_j do_j P_j / S².
  let acc = 0;
  for (let j = 0; j < cols; j++) {
    const t = sparse ? (j === label ? 1 : 0) : ls ? T[o + j]! * (1 - ls) + lsAdd : T[o + j]!;
    const oj = P[o + j]! / S;
    const c = Math.min(Math.max(oj, EPSILON), ONE_MINUS_EPSILON);
    const d = t === 0 ? 0 : (-scale * t / c) * clipGrad(oj, EPSILON, ONE_MINUS_EPSILON);
    dP[o + j] = d;
    acc += d * P[o + j]!;
  }
  const invS = 1 / S;
  const corr = acc * invS * invS;
  for (let j = 0; j < cols; j++) dP[o + j] = dP[o + j]! * invS - corr;
}

// ─── regularizers ───────────────────────────────────────────────────────────

/**
 * Adds d/dw of `(l1·Σ|w| + l2·Σw²) / divisor` to `grad` (abs'(0) = 1, as
 * JAX). `divisor` is 1 for weights and the batch size for activity
 * regularization (an integer: no float crosses the call).
 */
export function regularizerBackward(w: Float32Array, reg: { readonly l1: number; readonly l2: number }, divisor: number, grad: Float32Array): void {
  const n = w.length;
  const a = reg.l1 / divisor;
  const b = (2 * reg.l2) / divisor;
  if (a !== 0 && b !== 0) {
    for (let i = 0; i < n; i++) { const v = w[i]!; grad[i] = grad[i]! + (v >= 0 ? a : -a) + b * v; }
  } else if (a !== 0) {
    for (let i = 0; i < n; i++) grad[i] = grad[i]! + (w[i]! >= 0 ? a : -a);
  } else if (b !== 0) {
    for (let i = 0; i < n; i++) grad[i] = grad[i]! + b * w[i]!;
  }
}

// ─── layers ─────────────────────────────────────────────────────────────────

/**
 * Dropout: forward was `mask ? x / keep : 0`, so dx = `mask ? dy / keep : 0`.
 * `mask` holds 0 or 1; dx may alias dy.
 */
export function dropoutBackward(dy: Float32Array, mask: Float32Array, keep: number, dx: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) dx[i] = mask[i]! === 0 ? 0 : dy[i]! / keep;
}

/**
 * Dense (z = x·W + b) given dz = dL/dz: dW = xᵀ·dz, db = Σ_rows dz and,
 * when `dx` is given, dx = dz·Wᵀ. `m` rows, `k` inputs, `n` units.
 */
export function denseBackward(x: Float32Array, dz: Float32Array, W: Float32Array, m: number, k: number, n: number,
  dW: Float32Array | null, db: Float32Array | null, dx: Float32Array | null): void {
  if (dW) denseWeightGrad(x, dz, m, k, n, dW);
  if (db) columnSums(dz, m, n, db);
  if (dx) denseInputGrad(dz, W, m, k, n, dx);
}
