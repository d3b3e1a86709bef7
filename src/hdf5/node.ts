/**
 * What groups, datasets and committed datatypes have in common: a name, the
 * path they were reached by, their object header and their attributes.
 */
import { attributeValue } from './attribute-value.js';
import { readAttributes } from './attributes.js';
import { compareNames } from './links.js';
import type { FileContext } from './file-context.js';
import type { Hdf5Dtype } from './dtype.js';
import type { ObjectHeader } from './object-header.js';
import type { Hdf5AttributeValue } from './attribute-value.js';

/** One attribute with its description; see {@link Hdf5Node.attributes}. */
export interface Hdf5Attribute {
  name: string;
  dtype: Hdf5Dtype;
  /** [] for scalars; null for attributes with a null dataspace (no value). */
  shape: number[] | null;
  value: Hdf5AttributeValue;
}

/** Order of names: by name (UTF-8 byte order), or by creation order where the file tracks it. */
export interface OrderOptions {
  /** Default: `'creation'` when the object tracks creation order, else `'name'` (as h5py). */
  order?: 'name' | 'creation';
}

export abstract class Hdf5Node {
  /** @internal */
  readonly ctx: FileContext;
  /** The last component of {@link path} ('/' for the root group). */
  readonly name: string;
  /** The absolute path this object was reached by, e.g. `/model_weights/dense`. */
  readonly path: string;
  /** Object header address (relative to the file's base address). */
  readonly address: number;
  private cachedAttrs: Array<Hdf5Attribute & { creationOrder: number }> | undefined;
  private attrOrderTracked = false;

  /** @internal */
  constructor(ctx: FileContext, path: string, address: number) {
    this.ctx = ctx;
    this.path = path;
    this.name = path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
    this.address = address;
  }

  /** @internal The same object reached by another path (soft links). */
  withPath(path: string): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this);
    (copy as { path: string }).path = path;
    (copy as { name: string }).name = path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
    return copy;
  }

  /** @internal The decoded object header. */
  get header(): ObjectHeader {
    return this.ctx.header(this.address);
  }

  /**
   * Every attribute with its datatype and shape, decoded.
   * @param opts.order `'name'` or `'creation'`; default as h5py (creation order when tracked).
   * @throws Hdf5Error when an attribute message or its value is corrupt.
   */
  attributes(opts: OrderOptions = {}): Hdf5Attribute[] {
    if (!this.cachedAttrs) {
      const { attributes, creationOrderTracked } = readAttributes(this.ctx, this.header);
      this.attrOrderTracked = creationOrderTracked;
      this.cachedAttrs = attributes.map((a) => ({
        name: a.name,
        dtype: a.dtype,
        shape: a.space.kind === 'null' ? null : a.space.shape,
        value: attributeValue(this.ctx, a),
        creationOrder: a.creationOrder,
      }));
    }
    const order = opts.order ?? (this.attrOrderTracked ? 'creation' : 'name');
    const list = this.cachedAttrs.slice();
    if (order === 'creation' && this.attrOrderTracked) {
      list.sort((a, b) => a.creationOrder - b.creationOrder);
    } else {
      list.sort((a, b) => compareNames(a.name, b.name));
    }
    return list.map(({ name, dtype, shape, value }) => ({ name, dtype, shape, value }));
  }

  /** Attribute names, in the order of {@link attributes}. */
  attrKeys(opts: OrderOptions = {}): string[] {
    return this.attributes(opts).map((a) => a.name);
  }

  /**
   * Attributes as a plain object (null prototype): name → value. Scalars are
   * numbers (bigint for 64-bit integers) or strings; arrays are typed arrays
   * (flattened, row-major) or `string[]`; compounds are records. A fresh
   * object each call. JavaScript lists integer-like keys ("0", "12") first,
   * so use {@link attributes} or {@link attrKeys} when order matters.
   * @example root.attrs.keras_version // '2.2.4'
   */
  get attrs(): Record<string, Hdf5AttributeValue> {
    const out = Object.create(null) as Record<string, Hdf5AttributeValue>;
    for (const a of this.attributes()) {
      Object.defineProperty(out, a.name, { value: a.value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
}
