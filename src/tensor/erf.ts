/**
 * The error function in float64, accurate far beyond float32 (relative error
 * below 1e-12 everywhere), for exact GELU: 0.5·x·(1 + erf(x/√2)).
 *
 * - |x| < 2: erf(x) = (2/√π)·e^(−x²)·Σ x·(2x²)ⁿ / (1·3·…·(2n+1)), a series of
 *   positive terms, so there is no cancellation (Abramowitz & Stegun 7.1.6).
 * - 2 ≤ |x| < 6: erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))),
 *   the continued fraction (A&S 7.1.14), evaluated bottom-up with a fixed depth
 *   that is ample for x ≥ 2.
 * - |x| ≥ 6: erfc(x) < 3e-17, so erf(x) = ±1 in float64.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/** Continued-fraction depth; at x = 2 the 60-term tail changes the result by < 1e-16. */
const CF_DEPTH = 60;

/** erf(x) for a single number. */
export function erfScalar(x: number): number {
  const ax = x < 0 ? -x : x;
  if (ax < 2) {
    const x2 = x * x;
    const twoX2 = 2 * x2;
    let term = x;
    let sum = x;
    // Terms shrink once 2n+1 > 2x²; 40 terms reach 1e-17 relative at |x| = 2.
    for (let n = 1; n < 40; n++) {
      term *= twoX2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum && term > -1e-17 * sum) break;
    }
    return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
  }
  if (ax >= 6) return x > 0 ? 1 : x < 0 ? -1 : x;
  // Bottom-up continued fraction: f = x + (j/2)/f, for j = CF_DEPTH … 1.
  let f = ax;
  for (let j = CF_DEPTH; j >= 1; j--) f = ax + (j * 0.5) / f;
  const erfc = (ONE_OVER_SQRT_PI * Math.exp(-ax * ax)) / f;
  return x > 0 ? 1 - erfc : erfc - 1;
}
