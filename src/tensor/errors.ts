import { PureKerasError } from '../errors.js';

/**
 * A tensor op was given arguments of the wrong shape or kind.
 * `op` names the operation and `arg` the offending argument.
 */
export class ShapeError extends PureKerasError {
  readonly op: string;
  readonly arg: string;

  constructor(code: string, op: string, arg: string, message: string) {
    super(code, `${op}: ${message}`);
    this.op = op;
    this.arg = arg;
  }
}

/** Formats a shape as Keras prints it: `(2, 3)`, `(5,)`, `()`. */
export function formatShape(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
