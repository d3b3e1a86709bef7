/**
 * The in-memory tree the writer serialises: groups, datasets and their
 * attributes, with an h5py-like vocabulary (`createGroup`, `requireGroup`,
 * `createDataset`, `attrs.set`). Everything is validated when it is added, so
 * a bad name, shape or value fails at the call that introduced it, with its
 * path; `toBytes()` then only lays out and writes.
 */
import { Hdf5Error } from '../errors.js';
import { attributeMessageSize, checkAttributeSize } from './attribute.js';
import type { H5NumericDtype } from './datatype.js';
import { hdf5ByteLength, writeHdf5, writeHdf5Segments, type WriteHdf5Options } from './writer.js';
import { encodeUtf8 } from './utf8.js';
import { normalizeValue, type H5Value, type H5ValueOptions, type NormalizedValue } from './values.js';

/** Storage options of a dataset: the value options plus chunking and filters. */
export interface H5DatasetOptions extends H5ValueOptions {
  /**
   * Chunk dimensions (same rank as the shape, each 1..dimension), or `true`
   * to let the writer choose as h5py does. Default: contiguous storage, unless
   * `compression` or `shuffle` is set, which imply `true`.
   */
  chunks?: readonly number[] | true;
  /** `'gzip'` compresses each chunk with deflate (HDF5 filter 1). Default: none. */
  compression?: 'gzip';
  /** Deflate level 0..9 for `'gzip'`. Default: 4 (h5py's). */
  compressionOpts?: number;
  /** Byte-shuffle each chunk before compressing (HDF5 filter 2). Default: false. */
  shuffle?: boolean;
}

/** One stored attribute. */
export interface H5Attribute {
  readonly name: string;
  /** The value as given to `set`. */
  readonly value: H5Value;
  /** @internal The normalised form the writer emits. */
  readonly normalized: NormalizedValue;
  /** @internal UTF-8 bytes of the name. */
  readonly nameBytes: Uint8Array;
}

/**
 * The attributes of a group or dataset (compact v1 attribute messages in its
 * object header), kept in insertion order; setting an existing name replaces it.
 */
export class H5Attributes {
  readonly #owner: string;
  readonly #items = new Map<string, H5Attribute>();

  /** @internal */
  constructor(owner: string) {
    this.#owner = owner;
  }

  /**
   * Sets attribute `name` to `value`.
   *
   * Numbers default to float64 and bigints to int64 (pass `dtype` to choose);
   * strings default to variable-length UTF-8 (`stringType: 'fixed'` gives
   * NumPy-style `|S n` null-padded strings, `charset: 'ascii'` the ASCII flag).
   * @param options see {@link H5ValueOptions}.
   * @returns this, for chaining.
   * @throws {Hdf5Error} `INVALID_NAME` for an empty name or one with U+0000;
   *   `ATTRIBUTE_TOO_LARGE` when the message would pass 65,528 bytes (split
   *   long lists as Keras does); the value errors of {@link normalizeValue}.
   * @example
   * g.attrs.set('layer_names', ['dense', 'dense_1'], { stringType: 'fixed', charset: 'ascii' });
   * root.attrs.set('keras_version', '3.15.1');
   */
  set(name: string, value: H5Value, options: H5ValueOptions = {}): this {
    if (typeof name !== 'string' || name.length === 0 || name.includes('\0')) {
      throw new Hdf5Error('INVALID_NAME', 'attribute message', -1,
        `attribute name ${JSON.stringify(name)} of ${this.#owner}: names are non-empty strings without U+0000`);
    }
    const nameBytes = encodeUtf8(name, 'attribute message', `attribute name of ${this.#owner}`);
    const what = `attribute '${name}' of ${this.#owner}`;
    const normalized = normalizeValue(value, options, 'attribute message', what);
    checkAttributeSize(name, this.#owner, attributeMessageSize(nameBytes, normalized));
    this.#items.set(name, { name, value, normalized, nameBytes });
    return this;
  }

  /** The value given for `name`, or undefined. */
  get(name: string): H5Value | undefined {
    return this.#items.get(name)?.value;
  }

  /** True when `name` is set. */
  has(name: string): boolean {
    return this.#items.has(name);
  }

  /** Removes `name`; returns whether it was set. */
  delete(name: string): boolean {
    return this.#items.delete(name);
  }

  /** Attribute names in insertion order. */
  keys(): string[] {
    return [...this.#items.keys()];
  }

  /** Number of attributes. */
  get size(): number {
    return this.#items.size;
  }

  /** The attributes in insertion order. */
  values(): H5Attribute[] {
    return [...this.#items.values()];
  }
}

/** A dataset: a shape, a datatype, its data and its attributes. */
export class H5Dataset {
  /** Absolute path, e.g. `/model_weights/dense/dense/kernel:0`. */
  readonly name: string;
  readonly attrs: H5Attributes;
  /** Dimensions; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** The element type: a numeric dtype name, or `'string'`. */
  readonly dtype: H5NumericDtype | 'string';
  /** Chunk dimensions when chunked, else undefined (contiguous). */
  readonly chunks: readonly number[] | undefined;
  /** Deflate level when compressed, else undefined. */
  readonly compressionLevel: number | undefined;
  readonly shuffle: boolean;
  /** @internal */
  readonly value: NormalizedValue;

  /** @internal Use {@link H5Group.createDataset}. */
  constructor(name: string, value: NormalizedValue, chunks: readonly number[] | undefined,
    compressionLevel: number | undefined, shuffle: boolean) {
    this.name = name;
    this.attrs = new H5Attributes(`dataset ${name}`);
    this.value = value;
    this.shape = value.shape;
    this.dtype = value.type.kind === 'numeric' ? value.type.dtype : 'string';
    this.chunks = chunks;
    this.compressionLevel = compressionLevel;
    this.shuffle = shuffle;
  }
}

/** A group: named links to groups and datasets, and attributes. */
export class H5Group {
  /** Absolute path: `/` for the root. */
  readonly name: string;
  readonly attrs: H5Attributes;
  readonly #links = new Map<string, H5Group | H5Dataset>();
  readonly #root: H5Group;

  /** @internal Use {@link H5File} and {@link H5Group.createGroup}. */
  constructor(name: string, root?: H5Group) {
    this.name = name;
    this.attrs = new H5Attributes(`group ${name}`);
    this.#root = root ?? this;
  }

  /**
   * Creates a group at `path` (relative, or absolute from the file root with a
   * leading `/`); missing intermediate groups are created.
   * @throws {Hdf5Error} `NAME_EXISTS` when the name is taken, `NOT_A_GROUP`
   *   when the path runs through a dataset, `INVALID_NAME` for an empty
   *   component, `.`, `..` or U+0000.
   * @example const w = root.createGroup('model_weights/dense');
   */
  createGroup(path: string): H5Group {
    const { parent, leaf } = this.#resolveParent(path, 'group');
    if (parent.#links.has(leaf)) {
      throw new Hdf5Error('NAME_EXISTS', 'group', -1, `${joinPath(parent.name, leaf)} already exists`);
    }
    const g = new H5Group(joinPath(parent.name, leaf), this.#root);
    parent.#links.set(leaf, g);
    return g;
  }

  /**
   * Returns the group at `path`, creating it (and missing intermediates) if absent.
   * @throws {Hdf5Error} `NOT_A_GROUP` when `path` or an intermediate is a dataset.
   */
  requireGroup(path: string): H5Group {
    const { parent, leaf } = this.#resolveParent(path, 'group');
    const existing = parent.#links.get(leaf);
    if (existing instanceof H5Group) return existing;
    if (existing !== undefined) {
      throw new Hdf5Error('NOT_A_GROUP', 'group', -1, `${existing.name} is a dataset, not a group`);
    }
    const g = new H5Group(joinPath(parent.name, leaf), this.#root);
    parent.#links.set(leaf, g);
    return g;
  }

  /**
   * Creates a dataset at `path` (intermediate groups are created).
   *
   * A typed array whose type is the dtype is referenced, not copied: later
   * changes to it show in the file written by the next `toBytes()`.
   * @param data a typed array, (nested) array, number, bigint or string.
   * @param options shape (default from the data), dtype, string options, chunking and filters.
   * @throws {Hdf5Error} the path errors of {@link H5Group.createGroup}; the
   *   value errors of {@link normalizeValue}; `INVALID_CHUNKS` for bad chunk
   *   dimensions or filters on a scalar, empty or variable-length dataset.
   * @example
   * g.createDataset('dense/kernel:0', new Float32Array(6), { shape: [3, 2] });
   * root.createDataset('iter', 3, { dtype: 'int64' });
   */
  createDataset(path: string, data: H5Value, options: H5DatasetOptions = {}): H5Dataset {
    const fullPath = this.#fullPath(path, 'dataset');
    const value = normalizeValue(data, options, 'dataset', `dataset ${fullPath}`);
    const storage = planStorage(value, options, fullPath);
    const { parent, leaf } = this.#resolveParent(path, 'dataset');
    if (parent.#links.has(leaf)) {
      throw new Hdf5Error('NAME_EXISTS', 'dataset', -1, `${fullPath} already exists`);
    }
    const d = new H5Dataset(fullPath, value, storage.chunks, storage.level, storage.shuffle);
    parent.#links.set(leaf, d);
    return d;
  }

  /** The group or dataset at `path`, or undefined. */
  get(path: string): H5Group | H5Dataset | undefined {
    const parts = splitPath(path, this.name, 'group');
    let node: H5Group | H5Dataset = parts.absolute ? this.#root : this;
    for (const p of parts.names) {
      if (!(node instanceof H5Group)) return undefined;
      const next: H5Group | H5Dataset | undefined = node.#links.get(p);
      if (next === undefined) return undefined;
      node = next;
    }
    return node;
  }

  /** True when something exists at `path`. */
  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /** Link names in insertion order. */
  keys(): string[] {
    return [...this.#links.keys()];
  }

  /** [name, member] pairs in insertion order. */
  entries(): [string, H5Group | H5Dataset][] {
    return [...this.#links.entries()];
  }

  /** Number of links. */
  get size(): number {
    return this.#links.size;
  }

  /** The absolute path `path` names, after validating every component. */
  #fullPath(path: string, structure: string): string {
    const parts = splitPath(path, this.name, structure);
    if (parts.names.length === 0) {
      throw new Hdf5Error('INVALID_NAME', structure, -1, `path ${JSON.stringify(path)} names no object`);
    }
    let full = parts.absolute ? '/' : this.name;
    for (const n of parts.names) full = joinPath(full, n);
    return full;
  }

  /** Walks to the parent of `path`'s last component, creating missing groups. */
  #resolveParent(path: string, structure: string): { parent: H5Group; leaf: string; fullPath: string } {
    const parts = splitPath(path, this.name, structure);
    if (parts.names.length === 0) {
      throw new Hdf5Error('INVALID_NAME', structure, -1, `path ${JSON.stringify(path)} names no object`);
    }
    // Check the whole path before creating any intermediate group.
    let probe: H5Group | H5Dataset | undefined = parts.absolute ? this.#root : this;
    for (let i = 0; i < parts.names.length - 1 && probe !== undefined; i++) {
      if (!(probe instanceof H5Group)) break;
      const next: H5Group | H5Dataset | undefined = probe.#links.get(parts.names[i]!);
      if (next !== undefined && !(next instanceof H5Group)) {
        throw new Hdf5Error('NOT_A_GROUP', structure, -1, `${next.name} is a dataset, not a group`);
      }
      probe = next;
    }
    let g: H5Group = parts.absolute ? this.#root : this;
    for (let i = 0; i < parts.names.length - 1; i++) {
      const name = parts.names[i]!;
      let next = g.#links.get(name) as H5Group | undefined;
      if (next === undefined) {
        next = new H5Group(joinPath(g.name, name), this.#root);
        g.#links.set(name, next);
      }
      g = next;
    }
    const leaf = parts.names[parts.names.length - 1]!;
    return { parent: g, leaf, fullPath: joinPath(g.name, leaf) };
  }
}

/**
 * An HDF5 file being built: the root group plus serialisation.
 * @example
 * const f = new H5File();
 * f.attrs.set('keras_version', '3.15.1');
 * f.createDataset('model_weights/dense/dense/kernel:0', new Float32Array(6), { shape: [3, 2] });
 * const bytes = f.toBytes();
 */
export class H5File extends H5Group {
  constructor() {
    super('/');
  }

  /**
   * Serialises the file: superblock v0, v1 object headers, symbol-table
   * groups, contiguous or chunked datasets, compact attributes, global heap
   * collections. One allocation of the exact file size, or none with `into`.
   * @param options `into`: write into this buffer instead (see {@link WriteHdf5Options}).
   * @throws {Hdf5Error} `FILE_TOO_LARGE` past what one Uint8Array can hold;
   *   `BUFFER_TOO_SMALL` when `into` is short; `DATA_DETACHED` when a
   *   referenced typed array lost its buffer.
   */
  toBytes(options: WriteHdf5Options = {}): Uint8Array {
    return writeHdf5(this, options);
  }

  /**
   * The file as byte arrays to write one after another (metadata first, large
   * datasets as zero-copy views of their arrays): no full-size buffer is
   * built. See {@link writeHdf5Segments}.
   * @example fs.writevSync(fd, file.toSegments());
   */
  toSegments(): Uint8Array[] {
    return writeHdf5Segments(this);
  }

  /** The exact size of the file {@link toBytes} writes (plans it, compressing chunked data, without writing). */
  byteLength(): number {
    return hdf5ByteLength(this);
  }
}

/** Creates an empty file (same as `new H5File()`). */
export function createHdf5(): H5File {
  return new H5File();
}

interface SplitPath { absolute: boolean; names: string[] }

function splitPath(path: string, base: string, structure: string): SplitPath {
  if (typeof path !== 'string') {
    throw new Hdf5Error('INVALID_NAME', structure, -1, `path must be a string, got ${typeof path}`);
  }
  const absolute = path.startsWith('/');
  const body = absolute ? path.slice(1) : path;
  const names = body.length === 0 ? [] : body.split('/');
  for (const n of names) validateLinkName(n, path, base, structure);
  return { absolute, names };
}

function validateLinkName(n: string, path: string, base: string, structure: string): void {
  let why = '';
  if (n.length === 0) why = 'an empty component';
  else if (n === '.' || n === '..') why = `a '${n}' component`;
  else if (n.includes('\0')) why = 'U+0000';
  if (why) {
    throw new Hdf5Error('INVALID_NAME', structure, -1,
      `path ${JSON.stringify(path)} (under ${base}) has ${why}; link names are non-empty and hold neither '/' nor U+0000`);
  }
  encodeUtf8(n, structure, `link name ${JSON.stringify(n)}`);
}

function joinPath(parent: string, leaf: string): string {
  return parent === '/' ? `/${leaf}` : `${parent}/${leaf}`;
}

interface Storage { chunks: number[] | undefined; level: number | undefined; shuffle: boolean }

function planStorage(value: NormalizedValue, options: H5DatasetOptions, path: string): Storage {
  const fail = (msg: string): never => {
    throw new Hdf5Error('INVALID_CHUNKS', 'dataset', -1, `dataset ${path}: ${msg}`);
  };
  const { chunks, compression, compressionOpts, shuffle } = options;
  if (compression !== undefined && compression !== 'gzip') fail(`compression ${JSON.stringify(compression)} is not supported; use 'gzip'`);
  if (shuffle !== undefined && typeof shuffle !== 'boolean') fail('shuffle must be a boolean');
  let level: number | undefined;
  if (compression === 'gzip') {
    level = compressionOpts ?? 4;
    if (!Number.isInteger(level) || level < 0 || level > 9) fail(`gzip level ${String(compressionOpts)} is not an integer in 0..9`);
  } else if (compressionOpts !== undefined) {
    fail('compressionOpts was given without compression');
  }
  const wantsChunks = chunks !== undefined || level !== undefined || shuffle === true;
  if (!wantsChunks) return { chunks: undefined, level: undefined, shuffle: false };
  const shape = value.shape;
  if (shape.length === 0) fail('a scalar dataset cannot be chunked or filtered');
  if (value.type.kind === 'string' && value.type.vlen) fail('chunked variable-length string datasets are not supported; store them contiguously');
  if (value.count === 0) fail('an empty dataset cannot be chunked (its fixed dimensions leave no room for a chunk)');
  let dims: number[];
  if (chunks === undefined || chunks === true) {
    dims = guessChunks(shape, value.type.size);
  } else {
    if (!Array.isArray(chunks) || chunks.length !== shape.length) fail(`chunks must list ${shape.length} dimensions`);
    dims = chunks.slice();
    let bytes = value.type.size;
    for (let i = 0; i < dims.length; i++) {
      const c = dims[i]!;
      if (!Number.isSafeInteger(c) || c < 1 || c > shape[i]!) fail(`chunks[${i}] = ${String(c)} must be an integer in 1..${shape[i]}`);
      bytes *= c;
    }
    if (bytes > 0xffff_ffff) fail(`a chunk of ${bytes} bytes passes HDF5's 4 GiB chunk limit`);
  }
  return { chunks: dims, level, shuffle: shuffle === true };
}

/**
 * Chunk dimensions chosen like h5py's `guess_chunk`: aim for a chunk size that
 * grows with the dataset (16 KiB per MiB, scaled by powers of ten, kept within
 * 8 KiB..1 MiB) by halving dimensions in turn.
 */
export function guessChunks(shape: readonly number[], elementSize: number): number[] {
  const base = 16 * 1024;
  const min = 8 * 1024;
  const max = 1024 * 1024;
  const dims = shape.map((d) => (d === 0 ? 1024 : d));
  let total = elementSize;
  for (const d of dims) total *= d;
  let target = base * 2 ** Math.log10(total / (1024 * 1024));
  target = Math.min(max, Math.max(min, target));
  for (let i = 0; ; i++) {
    let n = 1;
    for (const d of dims) n *= d;
    const bytes = n * elementSize;
    if ((bytes < target || Math.abs(bytes - target) / target < 0.5) && bytes < max) break;
    if (n === 1) break;
    const k = i % dims.length;
    dims[k] = Math.ceil(dims[k]! / 2);
  }
  return dims.map((d, i) => Math.min(d, Math.max(1, shape[i]!)));
}
