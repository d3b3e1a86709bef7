/**
 * Datasets: shape, datatype and layout from the object header, and `read()`
 * that assembles the raw bytes (compact, contiguous, or chunk by chunk
 * through the filter pipeline, with edge chunks clipped and unallocated
 * space filled with the fill value) and decodes them.
 */
import { collectChunks } from './chunks/index.js';
import { decodeElements, type Hdf5Record, type Hdf5Value } from './convert.js';
import { UNDEFINED_ADDRESS } from './cursor.js';
import type { Hdf5Dtype } from './dtype.js';
import { Hdf5Error } from './errors.js';
import type { FileContext } from './file-context.js';
import { inflateInto } from './filters/deflate.js';
import { applyFilters, type FilterDecoder } from './filters/registry.js';
import { readDataspace, type Dataspace } from './messages/dataspace.js';
import { readDatatype } from './messages/datatype.js';
import { readFillValue, readFillValueOld, type FillValue } from './messages/fill-value.js';
import { readFilterPipeline, type FilterDescription } from './messages/filter-pipeline.js';
import { readLayout, type Layout } from './messages/layout.js';
import { resolveShared } from './messages/shared.js';
import { Hdf5Node } from './node.js';
import { MSG_FLAG_SHARED, messageName, type RawMessage } from './object-header.js';

/** Options of {@link Hdf5Dataset.read}. */
export interface ReadOptions {
  /**
   * Return fresh memory even when a zero-copy view over the file bytes is
   * possible. Default false: aligned little-endian contiguous (or compact)
   * numeric data comes back as a view sharing memory with the input bytes.
   */
  copy?: boolean;
}

interface DatasetInfo {
  space: Dataspace;
  dtype: Hdf5Dtype;
  layout: Layout;
  filters: FilterDescription[];
  fill: FillValue;
  external: boolean;
}

/** A dataset: an n-dimensional array of elements of one datatype. */
export class Hdf5Dataset extends Hdf5Node {
  private info: DatasetInfo | undefined;
  private readonly extraFilters: Readonly<Record<number, FilterDecoder>> | undefined;

  /** @internal */
  constructor(ctx: FileContext, path: string, address: number, filters?: Readonly<Record<number, FilterDecoder>>) {
    super(ctx, path, address);
    this.extraFilters = filters;
  }

  private get meta(): DatasetInfo {
    if (!this.info) this.info = this.ctx.cached('dataset', this.address, () => this.readMeta());
    return this.info;
  }

  private readMeta(): DatasetInfo {
    let space: Dataspace | undefined;
    let dtype: Hdf5Dtype | undefined;
    let layout: Layout | undefined;
    let filters: FilterDescription[] = [];
    let fill: FillValue;
    let fillNew = false;
    let external = false;
    const at = (m: RawMessage) => (m.flags & MSG_FLAG_SHARED ? resolveShared(this.ctx, m.data.clone(), m.type) : m.data.clone());
    for (const m of this.header.messages) {
      switch (m.type) {
        case 0x01: space = readDataspace(at(m)); break;
        case 0x03: dtype = readDatatype(at(m), 0, this.ctx.limits.maxTypeDepth); break;
        case 0x04: if (!fillNew) fill = readFillValueOld(at(m)); break;
        case 0x05: fill = readFillValue(at(m)); fillNew = true; break;
        case 0x07: external = true; break;
        case 0x08: layout = readLayout(at(m)); break;
        case 0x0b: filters = readFilterPipeline(at(m), this.ctx.limits.maxFilters); break;
        default:
          if (m.type > 0x17 && (m.flags & 0x80)) {
            m.data.fail('UNSUPPORTED_MESSAGE', `${messageName(m.type)} is marked "fail if unknown"`, m.data.start);
          }
      }
    }
    const where = this.ctx.absolute(this.address, 'dataset');
    if (!space || !dtype || !layout) {
      throw new Hdf5Error('BAD_DATASET', 'dataset object header', where,
        `dataset "${this.path}" lacks its ${!space ? 'dataspace' : !dtype ? 'datatype' : 'layout'} message`);
    }
    return { space, dtype, layout, filters, fill, external };
  }

  /** Dimension sizes (row-major); [] for a scalar or null dataspace. */
  get shape(): number[] {
    return this.meta.space.shape.slice();
  }

  /** Maximum dimension sizes; -1 marks an unlimited dimension. */
  get maxShape(): number[] {
    return this.meta.space.maxShape.slice();
  }

  /** Number of elements (1 for scalars, 0 for a null dataspace). */
  get size(): number {
    return this.meta.space.size;
  }

  /** 'scalar', 'simple' or 'null' (h5py's Empty). */
  get spaceKind(): Dataspace['kind'] {
    return this.meta.space.kind;
  }

  /** The element type, described as h5py would (class, size, order, …). */
  get dtype(): Hdf5Dtype {
    return this.meta.dtype;
  }

  /** 'compact', 'contiguous', 'chunked' or 'virtual'. */
  get layout(): Layout['class'] {
    return this.meta.layout.class;
  }

  /** Chunk shape of a chunked dataset, else null. */
  get chunks(): number[] | null {
    const l = this.meta.layout;
    return l.class === 'chunked' ? l.chunk.slice() : null;
  }

  /** The filter pipeline (id, name, flags, client data), in write order. */
  get filters(): FilterDescription[] {
    return this.meta.filters.map((f) => ({ ...f, clientData: f.clientData.slice() }));
  }

  /**
   * Reads the whole dataset. Numbers come back as the natural typed array
   * (Float32Array for float32 and float16, Float64Array, Int8…Int32Array,
   * Uint8…Uint32Array, BigInt64Array / BigUint64Array), flattened row-major;
   * strings as `string[]`; compounds as records; variable-length sequences
   * as arrays of typed arrays; opaque, bitfield, time and reference data as
   * raw bytes. Array-typed elements are flattened after the dataset's own
   * dimensions. Aligned little-endian numeric data in contiguous or compact
   * storage is returned as a zero-copy view of the input bytes unless
   * `copy` is set.
   * @throws Hdf5Error for corrupt storage, unknown filters (`UNKNOWN_FILTER`), limits.
   * @example const kernel = file.get('/model_weights/dense/dense/kernel:0') as Hdf5Dataset;
   *          const w = kernel.read() as Float32Array; // kernel.shape e.g. [784, 10]
   */
  read(opts: ReadOptions = {}): Hdf5Value {
    const m = this.meta;
    const raw = this.readRawInternal();
    // Bytes assembled into a fresh buffer are already ours: only views of the file need copying.
    return decodeElements(this.ctx, raw.bytes, m.dtype, m.space.size, { copy: !!opts.copy && raw.view, at: raw.at });
  }

  /**
   * Reads a dataset of exactly one element and returns that element
   * (number, bigint, string or record; typed array for array types).
   * @throws Hdf5Error `NOT_SCALAR` when the dataset holds other than one element.
   */
  readScalar(): number | bigint | string | Hdf5Record | Hdf5Value {
    if (this.meta.space.size !== 1) {
      throw new Hdf5Error('NOT_SCALAR', 'dataset', this.ctx.absolute(this.address, 'dataset'),
        `"${this.path}" holds ${this.meta.space.size} elements, not one`);
    }
    const v = this.read({ copy: true });
    const t = this.meta.dtype;
    if (t.class === 'array' || t.class === 'complex' || t.class === 'opaque' || t.class === 'reference'
      || t.class === 'bitfield' || t.class === 'time') return v;
    return (v as ArrayLike<number | bigint | string | Hdf5Record>)[0]!;
  }

  /** The dataset's bytes as stored in memory order (after filters), without decoding. */
  readRaw(): Uint8Array {
    return this.readRawInternal().bytes;
  }

  private readRawInternal(): { bytes: Uint8Array; view: boolean; at: number } {
    const { space, dtype, layout, filters, fill, external } = this.meta;
    const where = this.ctx.absolute(this.address, 'dataset');
    const elSize = dtype.size;
    const total = space.size * elSize;
    if (space.size === 0) return { bytes: new Uint8Array(0), view: false, at: where };
    if (!Number.isSafeInteger(total)) {
      throw new Hdf5Error('LIMIT_EXCEEDED', 'dataset', where, `${space.size} × ${elSize} bytes is too large`);
    }
    if (external) {
      throw new Hdf5Error('UNSUPPORTED_FEATURE', 'external data files message', where,
        `"${this.path}" stores its data in external files, which a reader of bytes cannot open`);
    }
    switch (layout.class) {
      case 'compact':
        if (layout.data.length < total) {
          throw new Hdf5Error('TRUNCATED', 'data layout message', layout.at,
            `compact data holds ${layout.data.length} bytes; ${total} needed`);
        }
        return { bytes: layout.data.subarray(0, total), view: true, at: layout.at };
      case 'contiguous': {
        if (layout.address === UNDEFINED_ADDRESS) {
          this.ctx.checkOutput(total, space.size, 'dataset', where);
          return { bytes: filled(total, fill, elSize), view: false, at: where };
        }
        const c = this.ctx.cursor(layout.address, total, 'contiguous dataset storage');
        return { bytes: c.bytesView(total), view: true, at: c.start };
      }
      case 'chunked':
        this.ctx.checkOutput(total, space.size, 'dataset', where);
        return { bytes: this.readChunked(layout, space, elSize, filters, fill, total), view: false, at: where };
      default:
        throw new Hdf5Error('UNSUPPORTED_LAYOUT', 'data layout message', where,
          `"${this.path}" is a virtual dataset (VDS), which maps other files`);
    }
  }

  private readChunked(layout: Extract<Layout, { class: 'chunked' }>, space: Dataspace, elSize: number,
    filters: FilterDescription[], fill: FillValue, total: number): Uint8Array {
    const shape = space.shape;
    const rank = shape.length;
    const chunk = layout.chunk;
    if (chunk.length !== rank) {
      throw new Hdf5Error('BAD_LAYOUT', 'data layout message', this.ctx.absolute(this.address, 'dataset'),
        `chunk rank ${chunk.length} differs from the dataspace rank ${rank}`);
    }
    if (layout.elementSize !== elSize && layout.version < 4) {
      // The trailing chunk dimension is the element size in layouts 1–3.
      throw new Hdf5Error('BAD_LAYOUT', 'data layout message', this.ctx.absolute(this.address, 'dataset'),
        `chunk element size ${layout.elementSize} differs from the datatype size ${elSize}`);
    }
    let chunkElems = 1;
    for (const d of chunk) chunkElems *= d;
    const chunkBytes = chunkElems * elSize;
    const out = filled(total, fill, elSize);
    const records = collectChunks(this.ctx, layout, shape, space.maxShape, filters.length > 0, chunkBytes);
    const bytes = this.ctx.bytes;
    const copier = new ChunkCopier(chunk, shape, elSize);
    // Whole chunks that are contiguous in the output (they span every trailing
    // dimension) can be inflated in place when deflate is the only filter.
    let trailingCovered = true;
    for (let d = 1; d < rank; d++) if (chunk[d] !== shape[d]) trailingCovered = false;
    const inflateInPlace = trailingCovered && filters.length === 1 && filters[0]!.id === 1
      && !(this.extraFilters && this.extraFilters[1]);
    const rowBytes = chunkBytes / chunk[0]!;
    for (const r of records) {
      let inside = true;
      let edge = false;
      for (let d = 0; d < rank; d++) {
        if (r.offset[d]! >= shape[d]!) inside = false;
        if (r.offset[d]! + chunk[d]! > shape[d]!) edge = true;
      }
      if (!inside) continue;
      const at = this.ctx.absolute(r.address, 'dataset chunk');
      if (r.size < 0 || at + r.size > bytes.length) {
        throw new Hdf5Error('OUT_OF_BOUNDS', 'dataset chunk', at, `chunk of ${r.size} bytes runs past the end of the file`);
      }
      let data = bytes.subarray(at, at + r.size);
      if (inflateInPlace && !edge && r.filterMask === 0) {
        const dst = r.offset[0]! * rowBytes;
        let written: number;
        try {
          written = inflateInto(data, out.subarray(dst, dst + chunkBytes));
        } catch (e) {
          if (e instanceof Hdf5Error) throw e;
          const err = new Hdf5Error('FILTER_FAILED', 'deflate filter', at, `filter 1 failed: ${(e as Error).message}`);
          (err as { cause?: unknown }).cause = e;
          throw err;
        }
        if (written !== chunkBytes) {
          throw new Hdf5Error('BAD_CHUNK', 'dataset chunk', at, `chunk inflates to ${written} bytes; ${chunkBytes} expected`);
        }
        continue;
      }
      if (filters.length > 0 && !(edge && layout.dontFilterPartialEdges)) {
        data = applyFilters(data, filters, r.filterMask, {
          expectedSize: chunkBytes, maxOutputBytes: this.ctx.limits.maxOutputBytes, at,
        }, this.extraFilters);
      }
      if (data.length < chunkBytes) {
        throw new Hdf5Error('BAD_CHUNK', 'dataset chunk', at, `chunk holds ${data.length} bytes; ${chunkBytes} expected`);
      }
      copier.copy(data, out, r.offset);
    }
    return out;
  }
}

/** A buffer of `total` bytes holding the fill value (zeros when none). */
function filled(total: number, fill: FillValue, elSize: number): Uint8Array {
  const out = new Uint8Array(total);
  if (!fill || fill.length !== elSize) return out;
  let zero = true;
  for (let i = 0; i < fill.length; i++) if (fill[i] !== 0) { zero = false; break; }
  if (zero) return out;
  out.set(fill, 0);
  // Double the filled prefix until the buffer is full.
  for (let n = elSize; n < total; n *= 2) out.copyWithin(n, 0, Math.min(n, total - n));
  return out;
}

/**
 * Copies the part of a chunk that lies inside the dataset into the row-major
 * output. Trailing dimensions that the chunk covers completely merge into one
 * contiguous run, so whole-row chunks copy in a single `set`.
 */
class ChunkCopier {
  private readonly rank: number;
  private readonly chunk: number[];
  private readonly shape: number[];
  private readonly elSize: number;
  private readonly cStride: Float64Array;
  private readonly dStride: Float64Array;
  private readonly extent: Float64Array;
  private readonly idx: Float64Array;

  constructor(chunk: number[], shape: number[], elSize: number) {
    const rank = shape.length;
    this.rank = rank;
    this.chunk = chunk;
    this.shape = shape;
    this.elSize = elSize;
    this.cStride = new Float64Array(rank);
    this.dStride = new Float64Array(rank);
    this.extent = new Float64Array(rank);
    this.idx = new Float64Array(rank);
    let cs = 1;
    let ds = 1;
    for (let d = rank - 1; d >= 0; d--) {
      this.cStride[d] = cs;
      this.dStride[d] = ds;
      cs *= chunk[d]!;
      ds *= shape[d]!;
    }
  }

  copy(src: Uint8Array, dst: Uint8Array, offset: number[]): void {
    const { rank, chunk, shape, elSize, cStride, dStride, extent, idx } = this;
    let dBase = 0;
    for (let d = 0; d < rank; d++) {
      extent[d] = Math.min(chunk[d]!, shape[d]! - offset[d]!);
      dBase += offset[d]! * dStride[d]!;
      idx[d] = 0;
    }
    // Merge trailing dimensions fully covered by the chunk into the run.
    let last = rank - 1;
    let run = extent[last]!;
    while (last > 0 && extent[last] === shape[last] && chunk[last] === shape[last]) {
      last--;
      run *= extent[last]!;
    }
    const runBytes = run * elSize;
    for (;;) {
      let cPos = 0;
      let dPos = dBase;
      for (let d = 0; d < last; d++) {
        cPos += idx[d]! * cStride[d]!;
        dPos += idx[d]! * dStride[d]!;
      }
      const s = cPos * elSize;
      const t = dPos * elSize;
      if (runBytes >= 64) dst.set(src.subarray(s, s + runBytes), t);
      else for (let i = 0; i < runBytes; i++) dst[t + i] = src[s + i]!;
      let d = last - 1;
      while (d >= 0) {
        idx[d]!++;
        if (idx[d]! < extent[d]!) break;
        idx[d] = 0;
        d--;
      }
      if (d < 0) break;
    }
  }
}
