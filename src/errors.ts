/**
 * The base of every error this library throws for bad input. Each domain
 * (shapes, HDF5, YAML, Keras formats) has one subclass with a stable `code`
 * and a location; tests assert the code and the location, never the wording.
 */
export class PureKerasError extends Error {
  /** A stable, machine-readable identifier such as `SHAPE_MISMATCH`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = new.target.name;
  }
}
