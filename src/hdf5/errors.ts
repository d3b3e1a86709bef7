import { PureKerasError } from '../errors.js';

/**
 * Bad, truncated or unsupported HDF5 input, or an HDF5 tree that cannot be
 * written. `offset` is the byte offset of the structure being read (-1 when
 * writing or when no offset applies); `structure` names it after the spec
 * ("superblock", "object header", "v1 B-tree node", …).
 */
export class Hdf5Error extends PureKerasError {
  readonly offset: number;
  readonly structure: string;
  /**
   * The HDF5 path involved, when the error is about a link or object rather
   * than bytes (e.g. `LINK_LOOP`, `NOT_FOUND`); otherwise undefined.
   */
  readonly path: string | undefined;

  constructor(code: string, structure: string, offset: number, message: string, path?: string) {
    super(code, offset >= 0
      ? `${structure} at 0x${offset.toString(16)}: ${message}`
      : `${structure}: ${message}`);
    this.structure = structure;
    this.offset = offset;
    this.path = path;
  }
}
