/**
 * Keras 3's automatic object names: the class name in snake_case, made
 * unique with a counter per name (`adam`, `adam_1`, …). Keras keeps one
 * counter table per session; so do we, for optimizers.
 */

const counters = new Map<string, number>();

/** Keras's `to_snake_case`: `RMSprop` → `rm_sprop`, `AdamW` → `adam_w`. */
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

/** The next automatic name for a class, as Keras's `auto_name` gives it. */
export function autoName(className: string): string {
  const base = toSnakeCase(className);
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return n === 0 ? base : `${base}_${n}`;
}

/**
 * Forgets the automatic optimizer names handed out so far, so the next Adam
 * is called `adam` again (what `keras.backend.clear_session()` does).
 */
export function resetOptimizerNames(): void {
  counters.clear();
}
