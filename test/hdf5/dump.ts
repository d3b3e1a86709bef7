/**
 * Dumps a file read by our reader into the JSON shape scripts/h5py_dump.py
 * produces, so the two can be compared with toEqual.
 */
import { Hdf5Dataset, Hdf5Group, Hdf5NamedDatatype, type Hdf5Dtype } from '../../src/hdf5/index.js';
import { hasVariableData } from '../../src/hdf5/dtype.js';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function encNumber(v: number | bigint): Json {
  if (typeof v === 'bigint') {
    return v <= 2n ** 53n && v >= -(2n ** 53n) ? Number(v) : { $int: v.toString() };
  }
  if (Number.isNaN(v)) return { $float: 'NaN' };
  if (v === Infinity) return { $float: 'Infinity' };
  if (v === -Infinity) return { $float: '-Infinity' };
  return v;
}

function hex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}

/** Encodes a decoded value (flattened) like the Python dump, given its dtype. */
export function encodeValue(v: unknown, dtype: Hdf5Dtype): Json {
  switch (dtype.class) {
    case 'reference': {
      const n = (v as Uint8Array).length / dtype.size;
      return Array.from({ length: n }, () => ({ $ref: true }));
    }
    case 'opaque': case 'bitfield': case 'time': return { $raw: hex(v as Uint8Array) };
    case 'compound':
      return (v as Array<Record<string, unknown>>).map((r) => encodeRecord(r, dtype));
    case 'vlen':
      return (v as unknown[]).map((x) => encodeValue(x, dtype.base));
    case 'complex': {
      const a = Array.from(v as Float32Array, encNumber);
      const out: Json[] = [];
      for (let i = 0; i < a.length; i += 2) out.push([a[i]!, a[i + 1]!]);
      return out;
    }
    case 'array': return encodeValue(v, dtype.base);
    case 'string': return (v as string[]).slice();
    default: return Array.from(v as ArrayLike<number | bigint>, encNumber);
  }
}

/** h5py reads a compound of two floats named r and i as a complex number. */
function isH5pyComplex(t: Extract<Hdf5Dtype, { class: 'compound' }>): boolean {
  return t.members.length === 2 && t.members[0]!.name === 'r' && t.members[1]!.name === 'i'
    && t.members[0]!.dtype.class === 'float' && t.members[1]!.dtype.class === 'float'
    && t.members[0]!.dtype.size === t.members[1]!.dtype.size;
}

function encodeRecord(r: Record<string, unknown>, t: Extract<Hdf5Dtype, { class: 'compound' }>): Json {
  if (isH5pyComplex(t)) return [encNumber(r.r as number), encNumber(r.i as number)];
  const out: { [k: string]: Json } = {};
  for (const m of t.members) {
    const v = r[m.name];
    if (m.dtype.class === 'array') out[m.name] = encodeValue(v, m.dtype.base);
    else if (m.dtype.class === 'compound') out[m.name] = encodeRecord(v as Record<string, unknown>, m.dtype);
    else if (m.dtype.class === 'vlen') out[m.name] = encodeValue(v, m.dtype.base);
    else if (m.dtype.class === 'string') out[m.name] = v as string;
    else if (m.dtype.class === 'opaque' || m.dtype.class === 'bitfield') out[m.name] = { $raw: hex(v as Uint8Array) };
    else if (m.dtype.class === 'reference') out[m.name] = { $ref: true };
    else if (m.dtype.class === 'complex') out[m.name] = Array.from(v as Float32Array, encNumber);
    else out[m.name] = encNumber(v as number);
  }
  return out;
}

/** Encodes an attribute value (scalars unwrapped as h5py does). */
function encodeAttr(value: unknown, dtype: Hdf5Dtype, shape: number[] | null): Json {
  if (shape === null) return { $empty: true };
  if (shape.length === 0 && !['array', 'opaque', 'reference', 'complex', 'bitfield', 'time'].includes(dtype.class)) {
    if (dtype.class === 'string') return value as string;
    if (dtype.class === 'compound') return encodeRecord(value as Record<string, unknown>, dtype);
    if (dtype.class === 'vlen') return encodeValue(value, dtype.base);
    return encNumber(value as number | bigint);
  }
  if (dtype.class === 'reference' && shape.length === 0) return { $ref: true };
  if (dtype.class === 'complex' && shape.length === 0) return Array.from(value as Float32Array, encNumber);
  return encodeValue(value, dtype);
}

/** True when h5py holds some member as a Python object (vlen data, references). */
function hasH5pyObject(t: Hdf5Dtype): boolean {
  if (hasVariableData(t) || t.class === 'reference') return true;
  if (t.class === 'compound') return t.members.some((m) => hasH5pyObject(m.dtype));
  if (t.class === 'array') return hasH5pyObject(t.base);
  return false;
}

/** Our dtype described the way scripts/h5py_dump.py describes h5py's numpy dtype. */
export function describeLikeH5py(t: Hdf5Dtype): Json {
  switch (t.class) {
    case 'integer': return { class: 'integer', signed: t.signed, size: t.size, order: t.size > 1 ? t.order : 'little' };
    case 'float': return { class: 'float', size: t.size, order: t.order };
    case 'string': return { class: 'string', charset: t.charset, length: t.variable ? null : t.size };
    case 'vlen': return { class: 'vlen', base: describeLikeH5py(t.base) };
    case 'reference': return { class: 'reference' };
    case 'enum': {
      const names = t.members.map((m) => m.name).sort();
      if (t.base.size === 1 && names.join() === 'FALSE,TRUE') return { class: 'bool' };
      const members: { [k: string]: Json } = {};
      for (const m of t.members) members[m.name] = Number(m.value);
      return { class: 'enum', members, base: describeLikeH5py(t.base) };
    }
    case 'array': {
      // numpy folds nested array types into one shape.
      const base = describeLikeH5py(t.base) as { class: string; dims?: number[]; base?: Json };
      if (base.class === 'array') return { class: 'array', dims: [...t.dims, ...base.dims!], base: base.base! };
      return { class: 'array', dims: t.dims, base };
    }
    case 'compound':
      if (isH5pyComplex(t)) return { class: 'complex', size: t.size, order: (t.members[0]!.dtype as { order: string }).order };
      if (hasH5pyObject(t)) {
        // h5py lays vlen members out as pointers in memory: compare names and types only.
        return { class: 'compound', members: t.members.map((m) => ({ name: m.name, dtype: describeLikeH5py(m.dtype) })) };
      }
      return { class: 'compound', size: t.size, members: t.members.map((m) => ({ name: m.name, offset: m.offset, dtype: describeLikeH5py(m.dtype) })) };
    case 'complex': return { class: 'complex', size: t.size, order: t.base.order };
    case 'opaque': return { class: 'opaque', size: t.size };
    default: return { class: t.class };
  }
}

function attrs(obj: Hdf5Group | Hdf5Dataset | Hdf5NamedDatatype): Json[] {
  return obj.attributes().map((a) => ({
    name: a.name,
    shape: a.shape,
    dtype: describeLikeH5py(a.dtype),
    value: encodeAttr(a.value, a.dtype, a.shape),
  }));
}

/** Our dump of the whole file (without h5py's dtype strings). */
export function dumpOurs(root: Hdf5Group): Json[] {
  const entries: Json[] = [];
  const seen = new Set<number>([root.address]);
  const walk = (g: Hdf5Group): void => {
    const keys = g.keys();
    entries.push({ path: g.path, kind: 'group', keys, attrs: attrs(g) });
    const links = new Map(g.links().map((l) => [l.name, l]));
    for (const k of keys) {
      const p = g.path === '/' ? `/${k}` : `${g.path}/${k}`;
      const l = links.get(k)!;
      if (l.kind === 'soft') { entries.push({ path: p, kind: 'soft', target: l.target }); continue; }
      if (l.kind === 'external') { entries.push({ path: p, kind: 'external', file: l.file, target: l.target }); continue; }
      const obj = g.get(k);
      if (!obj || 'kind' in obj) { entries.push({ path: p, kind: 'error' }); continue; }
      if (seen.has(obj.address)) { entries.push({ path: p, kind: 'hardlink-seen' }); continue; }
      seen.add(obj.address);
      if (obj instanceof Hdf5Group) walk(obj);
      else if (obj instanceof Hdf5Dataset) {
        const e: { [k: string]: Json } = {
          path: p, kind: 'dataset', shape: obj.spaceKind === 'null' ? null : obj.shape, attrs: attrs(obj),
          dtype: describeLikeH5py(obj.dtype),
        };
        if (obj.spaceKind === 'null') e.value = { $empty: true };
        else if (obj.spaceKind === 'scalar' && !['array', 'opaque', 'complex', 'bitfield', 'time'].includes(obj.dtype.class)) {
          e.value = encodeAttr(obj.readScalar(), obj.dtype, []);
        } else if (obj.spaceKind === 'scalar' && obj.dtype.class === 'complex') {
          e.value = Array.from(obj.read() as Float32Array, encNumber);
        } else e.value = encodeValue(obj.read(), obj.dtype);
        entries.push(e);
      } else entries.push({ path: p, kind: 'datatype', attrs: attrs(obj), dtype: describeLikeH5py(obj.dtype) });
    }
  };
  walk(root);
  const order: string[] = [];
  root.visit((p) => { order.push(p); return undefined; });
  entries.push({ kind: 'visit', order });
  return entries;
}

/** The h5py dump as compared (kept as a seam for known divergences). */
export function stripDtypes(entries: Json[]): Json[] {
  return entries;
}
