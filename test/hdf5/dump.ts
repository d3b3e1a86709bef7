/**
 * Dumps a file read by our reader into the JSON shape scripts/h5py_dump.py
 * produces, so the two can be compared with toEqual.
 */
import { Hdf5Dataset, Hdf5Group, Hdf5NamedDatatype, type Hdf5Dtype } from '../../src/hdf5/index.js';

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

function attrs(obj: Hdf5Group | Hdf5Dataset | Hdf5NamedDatatype): Json[] {
  return obj.attributes().map((a) => ({
    name: a.name,
    shape: a.shape,
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
        };
        if (obj.spaceKind === 'null') e.value = { $empty: true };
        else if (obj.spaceKind === 'scalar' && !['array', 'opaque', 'complex', 'bitfield', 'time'].includes(obj.dtype.class)) {
          e.value = encodeAttr(obj.readScalar(), obj.dtype, []);
        } else if (obj.spaceKind === 'scalar' && obj.dtype.class === 'complex') {
          e.value = Array.from(obj.read() as Float32Array, encNumber);
        } else e.value = encodeValue(obj.read(), obj.dtype);
        entries.push(e);
      } else entries.push({ path: p, kind: 'datatype', attrs: attrs(obj) });
    }
  };
  walk(root);
  return entries;
}

/** Drops h5py's dtype strings (we describe dtypes differently) for comparison. */
export function stripDtypes(entries: Json[]): Json[] {
  return entries.map((e) => {
    const o = { ...(e as { [k: string]: Json }) };
    delete o.dtype;
    if (Array.isArray(o.attrs)) {
      o.attrs = o.attrs.map((a) => {
        const x = { ...(a as { [k: string]: Json }) };
        delete x.dtype;
        return x;
      });
    }
    return o;
  });
}
