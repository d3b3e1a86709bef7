/**
 * The legacy HDF5 weights layout that Keras 1, 2 and 3 share (`model.save`
 * puts it under `model_weights`; legacy `save_weights` at the file root):
 *
 *   attrs   layer_names (+ backend, keras_version)
 *   <layer> attrs weight_names; a dataset at the path of each weight name
 *           (`dense_1_W`, `dense_1/kernel:0`, `sequential/dense/kernel`:
 *           names with `/` nest groups)
 *   top_level_model_weights   (Keras 3; empty for our models)
 *
 * String lists longer than 64,512 bytes are split into `name0`, `name1`, …
 * as Keras splits them, and joined back on reading.
 */
import type { Hdf5Group, Hdf5Dataset, Hdf5AttributeValue, H5Group } from '../hdf5/index.js';
import { KerasFormatError, describeValue } from './errors.js';
import type { NamedArray } from './optimizer-state.js';

/** Keras's limit for one attribute (HDF5's object header limit less overhead). */
export const HDF5_OBJECT_HEADER_LIMIT = 64512;

/** The layers and weights of a legacy weights group, in file order. */
export interface LegacyWeights {
  /** `keras_version` of the group, when stored. */
  kerasVersion?: string;
  /** `backend` of the group, when stored. */
  backend?: string;
  /** Every layer listed in `layer_names`, with its weights in `weight_names` order. */
  layers: { name: string; weights: NamedArray[] }[];
  /** Weights of `top_level_model_weights`, when the group exists. */
  topLevel: NamedArray[] | null;
}

/** True when `v` is a string list as h5py/Keras stored one (or an empty float64 list). */
function asStringList(v: Hdf5AttributeValue | undefined, where: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  // Keras stores an empty list as an empty float64 array.
  if (ArrayBuffer.isView(v) && (v as ArrayLike<number>).length === 0) return [];
  throw new KerasFormatError('BAD_WEIGHTS', `expected a list of names, got ${describeValue(v)}`, { configPath: where });
}

/**
 * A string-list attribute, joined from `name0`, `name1`, … when Keras split it.
 * @returns the list, or undefined when neither form exists.
 */
export function readStringListAttr(attrs: Record<string, Hdf5AttributeValue>, name: string, where: string): string[] | undefined {
  const whole = asStringList(attrs[name], `${where}@${name}`);
  if (whole !== undefined) return whole;
  if (!(`${name}0` in attrs)) return undefined;
  const out: string[] = [];
  for (let i = 0; `${name}${i}` in attrs; i++) out.push(...asStringList(attrs[`${name}${i}`], `${where}@${name}${i}`)!);
  return out;
}

/** A string attribute (fixed or variable length), or undefined. */
export function readStringAttr(attrs: Record<string, Hdf5AttributeValue>, name: string): string | undefined {
  const v = attrs[name];
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  return undefined;
}

/**
 * A dataset's values as float32 (views are kept for float32 data; other
 * numeric types are converted; 64-bit integers exactly when they fit).
 * @throws KerasFormatError `BAD_WEIGHTS` for non-numeric data.
 */
export function readNamedArray(ds: Hdf5Dataset, name: string, where: string): NamedArray {
  const shape = ds.shape;
  const v = ds.read();
  let data: Float32Array;
  let scalar: number | undefined;
  if (v instanceof Float32Array) data = v;
  else if (v instanceof BigInt64Array || v instanceof BigUint64Array) {
    data = new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) data[i] = Number(v[i]!);
    if (v.length === 1) scalar = Number(v[0]!);
  } else if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    const src = v as unknown as ArrayLike<number>;
    data = Float32Array.from(src);
    if (src.length === 1) scalar = src[0]!;
  } else {
    throw new KerasFormatError('BAD_WEIGHTS', `weight '${name}' is not numeric`, { configPath: where });
  }
  if (data.length === 1 && scalar === undefined) scalar = data[0]!;
  const out: NamedArray = { name, shape, data };
  if (scalar !== undefined) out.scalar = scalar;
  return out;
}

/** The group at `name` under `parent`, or undefined when there is none (one lookup, not has + get). */
export function childGroup(parent: Hdf5Group, name: string): Hdf5Group | undefined {
  const g = parent.get(name);
  return g && 'keys' in g && typeof (g as Hdf5Group).keys === 'function' ? g as Hdf5Group : undefined;
}

function openGroup(parent: Hdf5Group, name: string, where: string): Hdf5Group {
  const g = parent.get(name);
  if (!g || !('keys' in g) || typeof (g as Hdf5Group).keys !== 'function') {
    throw new KerasFormatError('BAD_WEIGHTS', `the file lists '${name}' but has no such group`, { configPath: `${where}/${name}` });
  }
  return g as Hdf5Group;
}

/** Reads the weights listed by `weight_names` in one layer group. */
export function readSubsetWeights(g: Hdf5Group, where: string): NamedArray[] {
  const names = readStringListAttr(g.attrs, 'weight_names', where) ?? [];
  return names.map((n) => {
    const ds = g.get(n);
    if (!ds || !('read' in ds)) {
      throw new KerasFormatError('BAD_WEIGHTS', `weight '${n}' is listed but missing`, { configPath: `${where}/${n}` });
    }
    return readNamedArray(ds as Hdf5Dataset, n, `${where}/${n}`);
  });
}

/**
 * Reads a legacy weights group (a weights file's root, or `model_weights`).
 * @throws KerasFormatError `NOT_A_KERAS_FILE` when `layer_names` is missing;
 *   `BAD_WEIGHTS` for listed groups or datasets that are missing.
 */
export function readLegacyWeights(group: Hdf5Group, where: string): LegacyWeights {
  const attrs = group.attrs;
  const layerNames = readStringListAttr(attrs, 'layer_names', where);
  if (layerNames === undefined) {
    throw new KerasFormatError('NOT_A_KERAS_FILE', `no 'layer_names' attribute: not a Keras weights file`, { configPath: where || '/' });
  }
  const out: LegacyWeights = { layers: [], topLevel: null };
  const kv = readStringAttr(attrs, 'keras_version');
  const be = readStringAttr(attrs, 'backend');
  if (kv !== undefined) out.kerasVersion = kv;
  if (be !== undefined) out.backend = be;
  for (const name of layerNames) {
    const g = openGroup(group, name, where);
    out.layers.push({ name, weights: readSubsetWeights(g, `${where}/${name}`) });
  }
  const top = childGroup(group, 'top_level_model_weights');
  if (top) out.topLevel = readSubsetWeights(top, `${where}/top_level_model_weights`);
  return out;
}

/**
 * Splits a string list as Keras's `save_attributes_to_hdf5_group` does
 * (numpy `array_split` into the fewest chunks of at most 64,512 bytes,
 * each element taking the longest element's size).
 */
export function splitForAttributes(data: readonly string[]): string[][] {
  let item = 1;
  for (const s of data) {
    const n = utf8Length(s);
    if (n > HDF5_OBJECT_HEADER_LIMIT) {
      throw new KerasFormatError('BAD_WEIGHTS', `the name '${s.slice(0, 40)}…' is longer than ${HDF5_OBJECT_HEADER_LIMIT} bytes and cannot be stored`);
    }
    if (n > item) item = n;
  }
  let chunks = 1;
  while (Math.ceil(data.length / chunks) * item > HDF5_OBJECT_HEADER_LIMIT) chunks++;
  if (chunks === 1) return [data.slice()];
  // numpy.array_split: the first (n % k) chunks get one extra element.
  const out: string[][] = [];
  const base = Math.floor(data.length / chunks);
  const extra = data.length % chunks;
  let at = 0;
  for (let c = 0; c < chunks; c++) {
    const size = base + (c < extra ? 1 : 0);
    out.push(data.slice(at, at + size));
    at += size;
  }
  return out;
}

/** The UTF-8 byte length of a string (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** True when every character is 7-bit ASCII. */
function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * Writes a string list as Keras 2 did (fixed-length, null-padded, ASCII
 * unless a name needs UTF-8), split like Keras when too long; an empty list
 * as Keras writes it (an empty float64 array).
 */
export function writeStringListAttr(g: H5Group, name: string, data: readonly string[]): void {
  if (data.length === 0) {
    g.attrs.set(name, new Float64Array(0), { shape: [0] });
    return;
  }
  const chunks = splitForAttributes(data);
  let item = 1;
  for (const s of data) item = Math.max(item, utf8Length(s));
  const charset = data.every(isAscii) ? 'ascii' : 'utf8';
  if (chunks.length === 1) {
    g.attrs.set(name, data.slice(), { stringType: 'fixed', charset, stringSize: item, shape: [data.length] });
    return;
  }
  chunks.forEach((c, i) => g.attrs.set(`${name}${i}`, c, { stringType: 'fixed', charset, stringSize: item, shape: [c.length] }));
}

/** One weight to write: the name it is stored under, its shape and values. */
export interface WeightToWrite {
  name: string;
  shape: readonly number[];
  data: Float32Array;
}

/**
 * Writes layer groups in the legacy layout into `g` (a weights file root or
 * `model_weights`): `layer_names`, `backend`, `keras_version`, one group per
 * layer with `weight_names` and the datasets, and an empty
 * `top_level_model_weights` as Keras 3 writes (`topLevelGroup`, default
 * true; Keras 2 wrote none).
 */
export function writeLegacyWeights(
  g: H5Group,
  layers: readonly { name: string; weights: readonly WeightToWrite[] }[],
  meta: { kerasVersion: string; backend: string },
  opts: { topLevelGroup?: boolean } = {},
): void {
  writeStringListAttr(g, 'layer_names', layers.map((l) => l.name));
  g.attrs.set('backend', meta.backend, { stringType: 'vlen', charset: 'ascii' });
  g.attrs.set('keras_version', meta.kerasVersion, { stringType: 'vlen', charset: 'ascii' });
  const sorted = layers.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const layer of sorted) {
    const lg = g.createGroup(layer.name);
    writeStringListAttr(lg, 'weight_names', layer.weights.map((w) => w.name));
    for (const w of layer.weights) lg.createDataset(w.name, w.data, { shape: w.shape, dtype: 'float32' });
  }
  if (opts.topLevelGroup ?? true) writeStringListAttr(g.createGroup('top_level_model_weights'), 'weight_names', []);
}
