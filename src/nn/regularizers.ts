/**
 * Weight and activity regularizers (Keras's L1, L2, L1L2): the penalty
 * `l1·Σ|w| + l2·Σw²` added to the loss; its gradient is in `gradients.ts`.
 */
import { isJsonObject, type JsonObject } from './config.js';
import { LayerConfigError, describe } from './errors.js';

/** A penalty `l1·Σ|x| + l2·Σx²`, as Keras's L1, L2 and L1L2 classes. */
export class Regularizer {
  /** `L1`, `L2` or `L1L2`: decides the config Keras writes. */
  readonly className: 'L1' | 'L2' | 'L1L2';
  readonly l1: number;
  readonly l2: number;

  /**
   * @throws LayerConfigError `LAYER_BAD_VALUE` at `l1`/`l2` for negative or non-finite factors.
   */
  constructor(className: 'L1' | 'L2' | 'L1L2', l1: number, l2: number) {
    for (const [k, v] of [['l1', l1], ['l2', l2]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new LayerConfigError('LAYER_BAD_VALUE', '', k, `expected a non-negative number, got ${describe(v)}`);
    }
    this.className = className;
    // Keras keeps L1's factor as a float32 tensor; its config reads it back from there.
    this.l1 = className === 'L1' ? Math.fround(l1) : l1;
    this.l2 = l2;
  }

  /** The penalty for values `x` (computed in double, returned as float32). */
  value(x: Float32Array): number {
    let a = 0, b = 0;
    const n = x.length;
    if (this.l1 !== 0) for (let i = 0; i < n; i++) a += Math.abs(x[i]!);
    if (this.l2 !== 0) for (let i = 0; i < n; i++) b += x[i]! * x[i]!;
    return Math.fround(Math.fround(this.l1) * a + Math.fround(this.l2) * b);
  }

  /** Keras 3's `get_config()`. */
  getConfig(): JsonObject {
    if (this.className === 'L1') return { l1: this.l1 };
    if (this.className === 'L2') return { l2: this.l2 };
    return { l1: this.l1, l2: this.l2 };
  }
}

/** Keras's `regularizers.L1(l1=0.01)`. */
export function l1(l1 = 0.01): Regularizer { return new Regularizer('L1', l1, 0); }
/** Keras's `regularizers.L2(l2=0.01)`. */
export function l2(l2 = 0.01): Regularizer { return new Regularizer('L2', 0, l2); }
/** Keras's `regularizers.L1L2(l1=0, l2=0)`. */
export function l1l2(opts: { l1?: number; l2?: number } = {}): Regularizer { return new Regularizer('L1L2', opts.l1 ?? 0, opts.l2 ?? 0); }

/** Keras 3's serialised regularizer dict. */
export function serializeRegularizer(r: Regularizer): JsonObject {
  return { module: 'keras.regularizers', class_name: r.className, config: r.getConfig(), registered_name: null };
}

/**
 * Resolves a regularizer: a {@link Regularizer}, `null`/`undefined` (none), a
 * name (`'l1'`, `'l2'`, `'L1L2'`, Keras 2's `'l1_l2'`), a `{class_name,
 * config}` dict, or Keras 1's `{name: 'L1L2Regularizer', l1, l2}`.
 * @throws LayerConfigError `UNKNOWN_REGULARIZER` / `LAYER_BAD_VALUE` / `LAYER_UNKNOWN_KEY` at `path`.
 */
export function getRegularizer(id: unknown, layerName = '', path = 'kernel_regularizer'): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Regularizer) return id;
  return regularizerFromId(id, layerName, path);
}

/** {@link getRegularizer} for names and config dicts (apart, so the common null case compiles only the lines above). */
function regularizerFromId(id: unknown, layerName: string, path: string): Regularizer {
  if (typeof id === 'string') {
    switch (id) {
      case 'l1': case 'L1': return l1();
      case 'l2': case 'L2': return l2();
      case 'l1l2': case 'L1L2': return l1l2();
      case 'l1_l2': return l1l2({ l1: 0.01, l2: 0.01 });
      default: break;
    }
  } else if (isJsonObject(id) && id.class_name === undefined && typeof id.name === 'string' && /^(L1L2Regularizer|WeightRegularizer|ActivityRegularizer)$/.test(id.name)) {
    // Keras 1 wrote `{name: 'L1L2Regularizer', l1, l2}` (1.0: WeightRegularizer) with no class_name.
    return regularizerFromId({ class_name: 'L1L2', config: { l1: id.l1 ?? 0, l2: id.l2 ?? 0 } }, layerName, path);
  } else if (isJsonObject(id) && typeof id.class_name === 'string') {
    const cls = id.class_name === 'l1' ? 'L1' : id.class_name === 'l2' ? 'L2' : id.class_name === 'l1_l2' || id.class_name === 'l1l2' ? 'L1L2' : id.class_name;
    if (cls === 'L1' || cls === 'L2' || cls === 'L1L2') {
      const cfg = isJsonObject(id.config) ? id.config : {};
      for (const k of Object.keys(cfg)) {
        if (k !== 'l1' && k !== 'l2') throw new LayerConfigError('LAYER_UNKNOWN_KEY', layerName, `${path}.config.${k}`, `unknown ${cls} config key '${k}'`);
      }
      const get = (k: 'l1' | 'l2', def: number): number => {
        const v = cfg[k];
        if (v === undefined || v === null) return def;
        if (typeof v !== 'number') throw new LayerConfigError('LAYER_BAD_VALUE', layerName, `${path}.config.${k}`, `expected a number, got ${describe(v)}`);
        return v;
      };
      try {
        if (cls === 'L1') return new Regularizer('L1', get('l1', 0.01), 0);
        if (cls === 'L2') return new Regularizer('L2', 0, get('l2', 0.01));
        return new Regularizer('L1L2', get('l1', 0), get('l2', 0));
      } catch (e) {
        throw e instanceof LayerConfigError ? e.within(`${path}.config`, layerName) : e;
      }
    }
  }
  const what = isJsonObject(id) ? (id as JsonObject).class_name : id;
  throw new LayerConfigError('UNKNOWN_REGULARIZER', layerName, isJsonObject(id) ? `${path}.class_name` : path,
    `unknown regularizer ${describe(what)}; supported: L1, L2, L1L2 (and the names l1, l2, l1l2, l1_l2)`);
}
