import { PureKerasError } from '../errors.js';

/**
 * A bad optimizer or learning-rate-schedule option, config or call.
 *
 * `configPath` locates the offending value: a constructor option name
 * (`momentum`), a path into a serialized config
 * (`optimizer_config.config.beta_1`), or the argument of a call
 * (`applyGradients.grads[2]`). Tests assert `code` and `configPath`.
 *
 * Codes: `OPTIMIZER_UNKNOWN_CLASS`, `OPTIMIZER_UNSUPPORTED`,
 * `OPTIMIZER_UNKNOWN_KEY`, `OPTIMIZER_BAD_VALUE`, `OPTIMIZER_BAD_CONFIG`,
 * `OPTIMIZER_NOT_BUILT`, `OPTIMIZER_UNKNOWN_VARIABLE`,
 * `OPTIMIZER_GRADIENT_MISMATCH`, `OPTIMIZER_NO_GRADIENTS`,
 * `OPTIMIZER_WEIGHTS_MISMATCH`, `OPTIMIZER_SCHEDULE`.
 */
export class OptimizerError extends PureKerasError {
  /** Where the bad value sits: option name, config key path or call argument. */
  readonly configPath: string;

  constructor(code: string, configPath: string, message: string) {
    super(code, configPath ? `${configPath}: ${message}` : message);
    this.configPath = configPath;
  }
}
