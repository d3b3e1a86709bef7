import { PureKerasError } from '../errors.js';

/**
 * A Keras model or weights file, or a model JSON/YAML document, that cannot
 * be read or written as asked: not a Keras file, a config this library does
 * not support, weights that do not fit the model.
 *
 * `layerName` names the layer involved (`''` when none); `configPath`
 * locates the value inside the model config, relative to the model's
 * `config` (`layers[2].config.units`; `[2].config.units` in a Keras 1/2
 * list-style Sequential config), or names the file location
 * (`model_weights/dense_1`), `''` when the whole document is meant.
 * Tests assert `code`, `layerName` and `configPath`, never the wording.
 *
 * Codes: `NOT_A_KERAS_FILE`, `UNSUPPORTED_FORMAT`, `NO_MODEL_CONFIG`, `BAD_JSON`, `BAD_CONFIG`,
 * `PROTOTYPE_KEY`, `CONFIG_TOO_DEEP`, `UNSUPPORTED_LAYER`,
 * `UNSUPPORTED_MODEL`, `UNSUPPORTED_GRAPH`, `UNSUPPORTED_TRAINING_CONFIG`,
 * `LAYER_COUNT_MISMATCH`, `WEIGHT_COUNT_MISMATCH`, `WEIGHT_SHAPE_MISMATCH`,
 * `BAD_WEIGHTS`, `BAD_ARGUMENT`, `MODEL_TOO_LARGE`, `UNREPRESENTABLE`.
 * (Paths that cannot be read or written throw `FileIoError` from src/node.)
 */
export class KerasFormatError extends PureKerasError {
  /** The layer involved (`''` when none). */
  readonly layerName: string;
  /** Where the bad value sits in the config or file (`''` when none). */
  readonly configPath: string;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(code: string, message: string, where: { layerName?: string; configPath?: string; cause?: unknown } = {}) {
    const layerName = where.layerName ?? '';
    const configPath = where.configPath ?? '';
    const prefix = [layerName && `layer '${layerName}'`, configPath && `at ${configPath}`].filter(Boolean).join(' ');
    super(code, prefix ? `${prefix}: ${message}` : message);
    this.layerName = layerName;
    this.configPath = configPath;
    this.detail = message;
    if (where.cause !== undefined) (this as { cause?: unknown }).cause = where.cause;
  }
}

/** Describes a value for an error message (`an array of 3`, `"relu"`, `null`). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}`;
  return 'an object';
}
