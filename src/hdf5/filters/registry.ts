/**
 * Filters that undo the write-side pipeline of chunked datasets. A table from
 * filter id to decoder: the built-in ones (deflate, shuffle, fletcher32)
 * plus any the caller passes to {@link openHdf5} as `filters`. A filter that
 * is neither raises `UNKNOWN_FILTER` naming its id and name.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.l "The Data
 * Storage - Filter Pipeline Message" (predefined filter ids 1–6; ids from
 * 256 up are registered with The HDF Group).
 */
import { Hdf5Error } from '../errors.js';
import type { FilterDescription } from '../messages/filter-pipeline.js';
import { inflateFilter } from './deflate.js';
import { verifyFletcher32 } from './fletcher32.js';
import { unshuffle } from './shuffle.js';

/** What a filter decoder is told besides its input. */
export interface FilterContext {
  /** The size the chunk has once every filter is undone (its element count × size). */
  expectedSize: number;
  /** Largest output it may produce (limits.maxOutputBytes). */
  maxOutputBytes: number;
  /** File offset of the chunk, for error messages. */
  at: number;
}

/**
 * Undoes one filter: takes the filtered bytes, returns the unfiltered ones.
 * May return a view of its input. Throw an {@link Hdf5Error} (or let a codec
 * error through: it is wrapped with the chunk's offset) on bad input.
 */
export type FilterDecoder = (input: Uint8Array, filter: FilterDescription, ctx: FilterContext) => Uint8Array;

const BUILT_IN: Readonly<Record<number, FilterDecoder>> = Object.freeze({
  1: inflateFilter,
  2: unshuffle,
  3: verifyFletcher32,
});

/** Names of registered filters, so an unsupported one can be named in the error. */
const KNOWN_NAMES: Readonly<Record<number, string>> = Object.freeze({
  1: 'deflate', 2: 'shuffle', 3: 'fletcher32', 4: 'szip', 5: 'nbit', 6: 'scaleoffset',
  305: 'lzo', 307: 'bzip2', 32000: 'lzf', 32001: 'blosc', 32002: 'mafisc', 32003: 'snappy',
  32004: 'lz4', 32005: 'apax', 32006: 'cbf', 32007: 'jpeg-xr', 32008: 'bitshuffle', 32009: 'spdp',
  32010: 'lpc-rice', 32011: 'ccsds-123', 32012: 'jpeg-ls', 32013: 'zfp', 32014: 'fpzip',
  32015: 'zstd', 32016: 'b3d', 32017: 'sz', 32018: 'fcidecomp', 32019: 'jpeg', 32020: 'vbz',
  32022: 'fapec', 32023: 'sz3', 32024: 'blosc2',
});

/**
 * Runs a pipeline backwards over one chunk. `mask` bit i set means filter i
 * was skipped when the chunk was written.
 * @throws Hdf5Error `UNKNOWN_FILTER` for a filter with no decoder; `FILTER_FAILED` wrapping a codec error.
 */
export function applyFilters(input: Uint8Array, pipeline: FilterDescription[], mask: number,
  ctx: FilterContext, extra?: Readonly<Record<number, FilterDecoder>>): Uint8Array {
  let data = input;
  for (let i = pipeline.length - 1; i >= 0; i--) {
    if (mask & (1 << i)) continue;
    const f = pipeline[i]!;
    const decode = extra?.[f.id] ?? BUILT_IN[f.id];
    if (!decode) {
      const name = f.name || KNOWN_NAMES[f.id] || 'unnamed';
      throw new Hdf5Error('UNKNOWN_FILTER', 'filter pipeline', ctx.at,
        `filter ${f.id} (${name}) is not available; pass a decoder in openHdf5(bytes, { filters: { ${f.id}: fn } })`);
    }
    try {
      data = decode(data, f, ctx);
    } catch (e) {
      if (e instanceof Hdf5Error) throw e;
      const err = new Hdf5Error('FILTER_FAILED', `${KNOWN_NAMES[f.id] ?? f.name ?? 'filter'} filter`, ctx.at,
        `filter ${f.id} failed: ${(e as Error).message}`);
      (err as { cause?: unknown }).cause = e;
      throw err;
    }
  }
  return data;
}
