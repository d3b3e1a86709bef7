/**
 * The error function, accurate far beyond float32, for exact GELU:
 * 0.5·x·(1 + erf(x/√2)).
 *
 * The fast path ({@link erfScalar}) evaluates a table of degree-7 Taylor
 * polynomials, one per interval of width 1/8 on [1/8, 6), Horner-style.
 * The table is derived here, on first use, from erf's own derivatives
 * (erf⁽ⁿ⁾(x) = (2/√π)·(−1)ⁿ⁻¹·Hₙ₋₁(x)·e^(−x²), Hermite polynomials Hₙ), with the
 * value at each interval centre from {@link erfAccurate}; no fitted constants.
 * The truncation error, |erf⁽⁸⁾|·(1/16)⁸/8!, stays below 1.3e-11 relative
 * (largest on the first interval; test/tensor/oracle.test.ts). Below 1/8 the
 * odd Maclaurin series is used (it keeps full relative accuracy near 0);
 * from 6 up, 1 − |erf(x)| < 3e-17, so erf(x) is ±1 in float64.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/** Intervals per unit of x in the table. */
const PER_UNIT = 8;
/** The table covers [1/8, TABLE_END). */
const TABLE_END = 6;
/** Taylor coefficients per interval (degree 7). */
const TERMS = 8;
/** Continued-fraction depth; at x = 2 the 60-term tail changes the result by < 1e-16. */
const CF_DEPTH = 60;

let table: Float64Array | null = null;

/**
 * erf(x) for one number, to ~1e-11 relative (float32 needs 6e-8).
 * @example erfScalar(1) // 0.8427007929497149
 */
export function erfScalar(x: number): number {
  const t = x < 0 ? -x : x;
  if (t < 0.125) {
    // 2/√π · (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320); the next term is < 1e-15 relative here.
    const z = x * x;
    return TWO_OVER_SQRT_PI * x * (1 + z * (-1 / 3 + z * (1 / 10 + z * (-1 / 42 + z * (1 / 216 + z * (-1 / 1320))))));
  }
  if (t < TABLE_END) {
    const T = table ?? buildTable();
    const cell = Math.floor(t * PER_UNIT);
    const d = t - (cell + 0.5) / PER_UNIT;
    const o = cell * TERMS;
    const y = T[o]! + d * (T[o + 1]! + d * (T[o + 2]! + d * (T[o + 3]! + d * (T[o + 4]! + d * (T[o + 5]! + d * (T[o + 6]! + d * T[o + 7]!))))));
    return x < 0 ? -y : y;
  }
  if (t === t) return x < 0 ? -1 : 1;
  return x; // NaN
}

/** Builds the Taylor table (called once, on first use). */
function buildTable(): Float64Array {
  const cells = Math.ceil(TABLE_END * PER_UNIT);
  const T = new Float64Array(cells * TERMS);
  const h = new Float64Array(TERMS); // Hermite polynomials H₀ … H₆ at the centre
  for (let cell = 0; cell < cells; cell++) {
    const c = (cell + 0.5) / PER_UNIT;
    h[0] = 1;
    h[1] = 2 * c;
    for (let n = 1; n + 1 < TERMS - 1; n++) h[n + 1] = 2 * c * h[n]! - 2 * n * h[n - 1]!;
    const g = TWO_OVER_SQRT_PI * Math.exp(-c * c);
    const o = cell * TERMS;
    T[o] = erfAccurate(c);
    let factorial = 1;
    for (let n = 1; n < TERMS; n++) {
      factorial *= n;
      // erf⁽ⁿ⁾(c) / n! = (2/√π)·(−1)ⁿ⁻¹·Hₙ₋₁(c)·e^(−c²) / n!
      T[o + n] = ((n - 1) % 2 === 0 ? 1 : -1) * h[n - 1]! * g / factorial;
    }
  }
  table = T;
  return T;
}

/**
 * erf(x) by series and continued fraction, to ~1e-15 relative; slow (up to
 * 60 iterations), used to seed the table and as an independent check.
 * - |x| < 2: erf(x) = (2/√π)·e^(−x²)·Σ x·(2x²)ⁿ / (1·3·…·(2n+1)), a series of
 *   positive terms, so there is no cancellation (Abramowitz & Stegun 7.1.6).
 * - 2 ≤ |x| < 6: erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))),
 *   the continued fraction of A&S 7.1.14, evaluated bottom-up.
 * - |x| ≥ 6: erfc(x) < 3e-17, so erf(x) = ±1 in float64.
 */
export function erfAccurate(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 2) {
    const x2 = x * x;
    const twoX2 = 2 * x2;
    let term = x;
    let sum = x;
    for (let n = 1; n < 60; n++) {
      term *= twoX2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum && term > -1e-17 * sum) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (ax >= 6) return x > 0 ? 1 : x < 0 ? -1 : x;
  let f = ax;
  for (let j = CF_DEPTH; j >= 1; j--) f = ax + (j * 0.5) / f;
  const erfc = (ONE_OVER_SQRT_PI * Math.exp(-ax * ax)) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}
