import { PureKerasError } from '../errors.js';

/**
 * A layer, activation, initializer, regularizer, loss, metric or model was
 * given a bad option or config.
 *
 * `layerName` names the layer (or model) involved, `''` when none;
 * `configPath` locates the bad value inside the Keras config, e.g.
 * `units`, `kernel_initializer.class_name` or, once a model config is being
 * read, `layers[2].config.units`. Tests assert `code`, `layerName` and
 * `configPath`, never the wording.
 *
 * Codes: `LAYER_BAD_VALUE`, `LAYER_UNKNOWN_KEY`, `LAYER_UNKNOWN_CLASS`,
 * `LAYER_BAD_CONFIG`, `LAYER_NOT_BUILT`, `LAYER_SHAPE`, `UNKNOWN_ACTIVATION`,
 * `UNKNOWN_INITIALIZER`, `UNKNOWN_REGULARIZER`, `UNKNOWN_LOSS`,
 * `UNKNOWN_METRIC`, `UNSUPPORTED_DTYPE`, `MODEL_NOT_COMPILED`,
 * `MODEL_NOT_BUILT`, `MODEL_BAD_DATA`, `MODEL_BAD_ARGUMENT`,
 * `MODEL_DUPLICATE_NAME`, `MODEL_NO_LAYER`, `WEIGHTS_MISMATCH`, `WEIGHTS_NOT_SET`.
 */
export class LayerConfigError extends PureKerasError {
  /** The layer or model the bad value belongs to (`''` when none). */
  readonly layerName: string;
  /** Where the bad value sits in the Keras config (`''` when it is the whole object). */
  readonly configPath: string;

  /** The message without the location prefix. */
  readonly detail: string;

  constructor(code: string, layerName: string, configPath: string, message: string) {
    const where = [layerName && `layer '${layerName}'`, configPath && `at ${configPath}`].filter(Boolean).join(' ');
    super(code, where ? `${where}: ${message}` : message);
    this.layerName = layerName;
    this.configPath = configPath;
    this.detail = message;
  }

  /**
   * The same error seen from an enclosing config: `prefix` is prepended to
   * the path (`layers[2].config` + `units` gives `layers[2].config.units`).
   */
  within(prefix: string, layerName?: string): LayerConfigError {
    const path = !this.configPath ? prefix : this.configPath.startsWith('[') ? prefix + this.configPath : `${prefix}.${this.configPath}`;
    return new LayerConfigError(this.code, layerName ?? this.layerName, path, this.detail);
  }
}

/** Describes a JavaScript value for an error message. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v instanceof Float32Array) return `a Float32Array of ${v.length}`;
  if (typeof v === 'object') {
    const name = (v as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return typeof v;
}
