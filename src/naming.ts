/**
 * Automatic names as Keras 3 gives them: one global counter per snake_case
 * prefix, so the first Dense is `dense`, the next `dense_1`, and a new
 * `Sequential` is `sequential`, then `sequential_1`. `clearSession()` resets
 * the counters, as `keras.backend.clear_session()` does. One table serves
 * layers, models and optimizers alike, as Keras keeps one in its global state.
 */

// One map for the whole library (Keras keeps it in its global state). It is
// created lazily so importing the module has no side effect.
let uids: Map<string, number> | null = null;

function counters(): Map<string, number> {
  if (uids === null) uids = new Map();
  return uids;
}

/**
 * Keras's `to_snake_case`: drops non-word characters, then splits camel case.
 * @example toSnakeCase('InputLayer') // 'input_layer'
 */
export function toSnakeCase(name: string): string {
  // Keras's three substitutions (drop \W+; `(.)([A-Z][a-z]+)` → `\1_\2`;
  // `([a-z])([A-Z])` → `\1_\2`), as character loops: no regex to compile
  // on the first layer or optimizer a program makes.
  let a = '';
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (isUpper(c) || isLower(c) || (c >= 48 && c <= 57) || c === 95) a += name[i];
  }
  let b = '';
  for (let i = 0; i < a.length;) {
    if (i + 2 < a.length && isUpper(a.charCodeAt(i + 1)) && isLower(a.charCodeAt(i + 2))) {
      let end = i + 3;
      while (end < a.length && isLower(a.charCodeAt(end))) end++;
      b += `${a[i]}_${a.slice(i + 1, end)}`;
      i = end;
    } else {
      b += a[i];
      i++;
    }
  }
  let c = '';
  for (let i = 0; i < b.length;) {
    if (i + 1 < b.length && isLower(b.charCodeAt(i)) && isUpper(b.charCodeAt(i + 1))) {
      c += `${b[i]}_${b[i + 1]}`;
      i += 2;
    } else {
      c += b[i];
      i++;
    }
  }
  return c.toLowerCase();
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * Keras's `backend.get_uid(prefix)`: 1 on the first call for a prefix, then 2, 3, …
 * @example getUid('dense') // 1
 */
export function getUid(prefix: string): number {
  const m = counters();
  const next = (m.get(prefix) ?? 0) + 1;
  m.set(prefix, next);
  return next;
}

/**
 * Keras's `auto_name(prefix)`: the snake_case prefix the first time, then
 * `prefix_1`, `prefix_2`, …
 * @example autoName('Dense') // 'dense', then 'dense_1'
 */
export function autoName(className: string): string {
  const prefix = toSnakeCase(className);
  const m = counters();
  const seen = m.get(prefix) ?? 0;
  m.set(prefix, seen + 1);
  return seen === 0 ? prefix : `${prefix}_${seen}`;
}

/**
 * Resets the automatic-name counters, as `keras.backend.clear_session()`
 * does: the next Dense is `dense` again.
 */
export function clearSession(): void {
  uids = null;
}
