/**
 * Keras 3's automatic object names: the class name in snake_case, made
 * unique with a counter per name (`adam`, `adam_1`, …). Keras keeps one
 * counter table per session; so do we, for optimizers.
 */

const counters = new Map<string, number>();

/** Keras's `to_snake_case`: `RMSprop` → `rm_sprop`, `AdamW` → `adam_w`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
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
