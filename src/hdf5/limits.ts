/**
 * Limits that keep a hostile or corrupt file from costing unbounded time or
 * memory. Sizes read from a file are checked against these (and against the
 * file's own size) before anything is allocated or followed.
 */

/** Resource limits for {@link openHdf5}; every field is optional when passed. */
export interface Hdf5Limits {
  /**
   * Largest decoded dataset or attribute, in bytes, that may be materialised
   * when the file itself does not hold that many bytes (fill-value datasets,
   * compressed chunks). Default 1 GiB.
   */
  maxOutputBytes: number;
  /** Largest number of elements in one dataset or attribute. Default 2^31 - 1. */
  maxElements: number;
  /** Deepest nesting of datatypes (compound in array in vlen …). Default 32. */
  maxTypeDepth: number;
  /** Most object-header continuation blocks followed for one object. Default 10,000. */
  maxHeaderBlocks: number;
  /** Most B-tree / heap nodes visited by one traversal. Default 10,000,000. */
  maxNodes: number;
  /** Most soft links followed while resolving one path. Default 64. */
  maxLinkHops: number;
  /** Most filters in one pipeline. Default 32. */
  maxFilters: number;
}

export const DEFAULT_LIMITS: Readonly<Hdf5Limits> = Object.freeze({
  maxOutputBytes: 1 << 30,
  maxElements: 0x7fffffff,
  maxTypeDepth: 32,
  maxHeaderBlocks: 10_000,
  maxNodes: 10_000_000,
  maxLinkHops: 64,
  maxFilters: 32,
});
