/**
 * Whole-model and weights I/O in Keras's file formats. STUBS: the Keras
 * formats work (issue 7) replaces these bodies; the signatures are the
 * contract the model classes in src/nn delegate to.
 */
import { PureKerasError } from '../errors.js';

/** Options for loading weights. */
export interface LoadWeightsOptions {
  /** Match layers by name instead of by position (legacy HDF5 only). */
  byName?: boolean;
  /** With byName, skip layers whose weight shapes differ (with a warning) instead of throwing. */
  skipMismatch?: boolean;
}

function notYet(what: string): never {
  throw new PureKerasError('NOT_IMPLEMENTED', `${what} is not implemented yet`);
}

/** Writes the whole model to `path` atomically (Node). */
export function saveModelToPath(model: object, path: string): void {
  void model; void path;
  notYet('model.save');
}

/** Writes the weights to `path` (legacy layout; Keras 3 layout for `.weights.h5`). */
export function saveWeightsToPath(model: object, path: string): void {
  void model; void path;
  notYet('model.saveWeights');
}

/** Loads weights from a path (Node), Uint8Array or ArrayBuffer into `model`. */
export function loadWeightsFrom(model: object, source: string | Uint8Array | ArrayBuffer, opts: LoadWeightsOptions = {}): void {
  void model; void source; void opts;
  notYet('model.loadWeights');
}

/** The architecture as Keras JSON (`to_json`). */
export function modelToJson(model: object): string {
  void model;
  return notYet('model.toJson');
}

/** The architecture as Keras YAML (`to_yaml`). */
export function modelToYaml(model: object): string {
  void model;
  return notYet('model.toYaml');
}
