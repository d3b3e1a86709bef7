/**
 * Elementwise unary ops: one plain loop each over the flat data, computed in
 * float64 and rounded once on store. `out` may be `a` (in place).
 */
import { erfScalar } from './erf.js';
import type { Tensor } from './tensor.js';
import { checkNumber, checkTensor, outOfShape } from './validate.js';

function prepare(op: string, a: Tensor, out: Tensor | undefined): Tensor {
  checkTensor(op, 'a', a);
  return outOfShape(op, a.shape, out, 'a');
}

/**
 * −a, elementwise.
 * @param a the input.
 * @param out receives the result (may be a); allocated when omitted.
 * @throws ShapeError SHAPE_TYPE when a is not a tensor; SHAPE_MISMATCH when out differs in shape from a.
 * @example neg(tensor([1, -2])) // [-1, 2]
 */
export function neg(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('neg', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = -x[i]!;
  }
  return o;
}

/** |a|, elementwise. Same contract as {@link neg}. */
export function abs(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('abs', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.abs(x[i]!);
  }
  return o;
}

/** The sign of a: −1, 0 or 1 (NaN stays NaN, ±0 stays ±0), elementwise. Same contract as {@link neg}. */
export function sign(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('sign', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    const v = x[i]!; z[i] = v > 0 ? 1 : v < 0 ? -1 : v;
  }
  return o;
}

/** √a (NaN for negative a), elementwise. Same contract as {@link neg}. */
export function sqrt(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('sqrt', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.sqrt(x[i]!);
  }
  return o;
}

/** 1/√a, elementwise. Same contract as {@link neg}. */
export function rsqrt(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('rsqrt', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = 1 / Math.sqrt(x[i]!);
  }
  return o;
}

/** A², elementwise. Same contract as {@link neg}. */
export function square(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('square', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    const v = x[i]!; z[i] = v * v;
  }
  return o;
}

/** Eᵃ, elementwise. Same contract as {@link neg}. */
export function exp(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('exp', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.exp(x[i]!);
  }
  return o;
}

/** Eᵃ − 1, accurate near 0, elementwise. Same contract as {@link neg}. */
export function expm1(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('expm1', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.expm1(x[i]!);
  }
  return o;
}

/** The natural logarithm (−Infinity at 0, NaN below), elementwise. Same contract as {@link neg}. */
export function log(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('log', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.log(x[i]!);
  }
  return o;
}

/** Ln(1 + a), accurate near 0, elementwise. Same contract as {@link neg}. */
export function log1p(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('log1p', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.log1p(x[i]!);
  }
  return o;
}

/** Sin a, elementwise. Same contract as {@link neg}. */
export function sin(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('sin', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.sin(x[i]!);
  }
  return o;
}

/** Cos a, elementwise. Same contract as {@link neg}. */
export function cos(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('cos', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.cos(x[i]!);
  }
  return o;
}

/** Tanh a, elementwise. Same contract as {@link neg}. */
export function tanh(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('tanh', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = Math.tanh(x[i]!);
  }
  return o;
}

/** 1/(1 + e⁻ᵃ), computed without overflow for large |a|, elementwise. Same contract as {@link neg}. */
export function sigmoid(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('sigmoid', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    const v = x[i]!;
    if (v >= 0) z[i] = 1 / (1 + Math.exp(-v));
    else { const e = Math.exp(v); z[i] = e / (1 + e); }
  }
  return o;
}

/** The error function, accurate to float32 (for exact GELU), elementwise. Same contract as {@link neg}. */
export function erf(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('erf', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = erfScalar(x[i]!);
  }
  return o;
}

/** 1/a, elementwise. Same contract as {@link neg}. */
export function reciprocal(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('reciprocal', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    z[i] = 1 / x[i]!;
  }
  return o;
}

/** Max(a, 0) (NaN stays NaN), elementwise. Same contract as {@link neg}. */
export function relu(a: Tensor, out?: Tensor): Tensor {
  const o = prepare('relu', a, out);
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    const v = x[i]!; z[i] = v < 0 ? 0 : v;
  }
  return o;
}

/**
 * Clamps every element to [lo, hi], as min(max(a, lo), hi); NaN stays NaN.
 * @param out receives the result (may be a); allocated when omitted.
 * @throws ShapeError SHAPE_TYPE when lo or hi is not a number; SHAPE_MISMATCH when out differs in shape from a.
 * @example clip(tensor([-2, 0.5, 3]), 0, 1) // [0, 0.5, 1]
 */
export function clip(a: Tensor, lo: number, hi: number, out?: Tensor): Tensor {
  checkTensor('clip', 'a', a);
  checkNumber('clip', 'lo', lo);
  checkNumber('clip', 'hi', hi);
  const o = outOfShape('clip', a.shape, out, 'a');
  const x = a.data, z = o.data;
  for (let i = 0, n = z.length; i < n; i++) {
    let v = x[i]!;
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    z[i] = v;
  }
  return o;
}
