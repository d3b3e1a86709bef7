import { PureKerasError } from '../errors.js';

/**
 * A file could not be read or written, or a path was used where no file
 * system is available (a browser, a worker). `path` names the file.
 *
 * Codes: `NO_FILE_SYSTEM` (paths need Node ≥ 20.16; pass bytes instead),
 * `READ_FAILED`, `WRITE_FAILED`, `FILE_TOO_LARGE`, `BAD_OPTION` (an option
 * outside its range, named in the message).
 */
export class FileIoError extends PureKerasError {
  /** The file involved. */
  readonly path: string;

  constructor(code: string, path: string, message: string, cause?: unknown) {
    super(code, `${path}: ${message}`);
    this.path = path;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}
