/**
 * A marker for a Python tuple, the `!!python/tuple` sequences Keras 2 wrote
 * for shapes (`batch_input_shape: !!python/tuple [null, 1]`).
 */

/**
 * A sequence that YAML writes as `!!python/tuple`, as PyYAML's default
 * Dumper did for Python tuples. `stringifyYaml` tags it; `parseYaml` returns
 * one for each `!!python/tuple` node when called with `keepTuples: true`
 * (otherwise tuples come back as plain arrays).
 *
 * @example
 * stringifyYaml({ batch_input_shape: new PythonTuple([null, 1]) }, { flowStyle: null });
 * // 'batch_input_shape: !!python/tuple [null, 1]\n'
 */
export class PythonTuple {
  /** The tuple's items, in order. */
  readonly items: readonly unknown[];

  /** @param items the tuple's items (kept by reference, not copied). */
  constructor(items: readonly unknown[]) {
    this.items = items;
  }
}
