/**
 * Numbers as PyYAML writes them: `represent_int` (`str(n)`) and
 * `represent_float` (`repr(x).lower()`, with `.0` put before a bare exponent,
 * and `.nan` / `.inf` / `-.inf`).
 *
 * Python's `repr(float)` prints the shortest digits that round-trip (as
 * JavaScript's `Number#toString` does) but switches to exponent notation when
 * the decimal point would sit more than 16 places right of the first digit or
 * 4 or more places left of it, and always writes an exponent with a sign and
 * at least two digits (`1e-05`, `1e+16`).
 */

/**
 * The text PyYAML's `represent_float` gives `x`: `0.1`, `1.0`, `-0.0`,
 * `1.0e-07`, `1.0e+300`, `.nan`, `.inf`, `-.inf`.
 *
 * @example
 * pythonFloatText(1e-7); // '1.0e-07'
 * pythonFloatText(3);    // '3.0'
 */
export function pythonFloatText(x: number): string {
  if (x !== x) return '.nan';
  if (x === Infinity) return '.inf';
  if (x === -Infinity) return '-.inf';
  const repr = finiteRepr(x);
  // PyYAML: "1e+16" is not a valid !!float, so it writes "1.0e+16"
  return repr.indexOf('e') !== -1 && repr.indexOf('.') === -1 ? repr.replace('e', '.0e') : repr;
}

/**
 * Python's `repr(x)` for a float, as `json.dumps` spells a float dict key:
 * `1.0`, `1e-07`, `1e+16`, `NaN`, `Infinity`, `-Infinity`.
 */
export function pythonFloatRepr(x: number): string {
  if (x !== x) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return finiteRepr(x);
}

/** Python's `repr` of a finite float. */
function finiteRepr(x: number): string {
  if (x === 0) return 1 / x < 0 ? '-0.0' : '0.0';
  const negative = x < 0;
  const e = (negative ? -x : x).toExponential(); // shortest round-trip digits: d.ddde±x
  const ePos = e.indexOf('e');
  const digits = ePos === 1 ? e.charAt(0) : e.charAt(0) + e.slice(2, ePos);
  const exponent = +e.slice(ePos + 1);
  const point = exponent + 1; // Python's decpt: digits before the decimal point
  let s: string;
  if (point <= -4 || point > 16) {
    const mantissa = digits.length === 1 ? digits : `${digits.charAt(0)}.${digits.slice(1)}`;
    const magnitude = exponent < 0 ? -exponent : exponent;
    s = `${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude < 10 ? '0' : ''}${magnitude}`;
  } else if (point <= 0) {
    s = `0.${'0'.repeat(-point)}${digits}`;
  } else if (point >= digits.length) {
    s = `${digits}${'0'.repeat(point - digits.length)}.0`;
  } else {
    s = `${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return negative ? `-${s}` : s;
}

/**
 * How a JavaScript number is written when nothing says otherwise: safe
 * integers (except -0) as Python ints, everything else as a Python float.
 */
export function numberText(x: number): string {
  return Number.isSafeInteger(x) && !(x === 0 && 1 / x < 0) ? String(x) : pythonFloatText(x);
}
