/**
 * The Datatype message (type 0x0003): class, version, class bit field, size
 * and class properties, decoded recursively for compound, enum, array and
 * variable-length types.
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.d "The Datatype
 * Message" (versions 1–4; version 5 adds the complex class 11 in HDF5 2.0).
 */
import type { Cursor } from '../cursor.js';
import type {
  ByteOrder, CompoundMember, FloatDtype, Hdf5Dtype, IntegerDtype,
} from '../dtype.js';

type ClassDecoder = (c: Cursor, version: number, bits: number, size: number, depth: number,
  maxDepth: number) => Hdf5Dtype;

const CLASS_NAMES = ['fixed-point', 'floating-point', 'time', 'string', 'bitfield', 'opaque',
  'compound', 'reference', 'enumerated', 'variable-length', 'array', 'complex'];

/** Dispatch table: datatype class number → decoder. */
const CLASSES: Record<number, ClassDecoder> = {
  0: (c, _v, bits, size) => decodeInteger(c, bits, size),
  1: (c, _v, bits, size) => decodeFloat(c, bits, size),
  2: (c, _v, bits, size) => {
    const precision = c.u16();
    return { class: 'time', size, order: (bits & 1) ? 'big' : 'little', precision };
  },
  3: (_c, _v, bits, size) => ({
    class: 'string', size, variable: false,
    padding: padding(bits & 0x0f, _c), charset: charset((bits >> 4) & 0x0f, _c),
  }),
  4: (c, _v, bits, size) => {
    const bitOffset = c.u16();
    const precision = c.u16();
    return { class: 'bitfield', size, order: (bits & 1) ? 'big' : 'little', bitOffset, precision };
  },
  5: (c, _v, bits, size) => {
    const tagLength = bits & 0xff;
    const start = c.pos;
    const tagBytes = c.bytesView(Math.min(tagLength, c.remaining));
    let tag = '';
    for (let i = 0; i < tagBytes.length && tagBytes[i] !== 0; i++) tag += String.fromCharCode(tagBytes[i]!);
    c.pos = start + Math.min(tagLength, c.end - start);
    return { class: 'opaque', size, tag };
  },
  6: decodeCompound,
  7: (c, version, bits, size) => {
    const t = bits & 0x0f;
    if (version >= 4) {
      const kind = t === 2 ? 'object2' : t === 3 ? 'region2' : t === 4 ? 'attribute' : t === 0 ? 'object' : 'region';
      return { class: 'reference', size, kind };
    }
    return { class: 'reference', size, kind: t === 0 ? 'object' : 'region' };
  },
  8: decodeEnum,
  9: decodeVlen,
  10: decodeArray,
  11: (c, _v, _bits, size, depth, maxDepth) => {
    const base = readDatatype(c, depth + 1, maxDepth);
    if (base.class !== 'float') return c.fail('UNSUPPORTED_DATATYPE', `complex of ${base.class}; expected a float base`);
    return { class: 'complex', size, base };
  },
};

/**
 * Decodes one datatype message (or an embedded datatype: compound members,
 * enum/array/vlen base types) at the cursor's position.
 * @throws Hdf5Error `UNSUPPORTED_DATATYPE`, `BAD_DATATYPE`, `LIMIT_EXCEEDED` (nesting).
 */
export function readDatatype(c: Cursor, depth = 0, maxDepth = 32): Hdf5Dtype {
  if (depth > maxDepth) c.fail('LIMIT_EXCEEDED', `datatype nesting deeper than ${maxDepth} (limits.maxTypeDepth)`);
  const at = c.pos;
  const cv = c.u8();
  const cls = cv & 0x0f;
  const version = cv >> 4;
  const bits = c.u8() | (c.u8() << 8) | (c.u8() << 16);
  const size = c.u32();
  if (version < 1 || version > 5) c.fail('UNSUPPORTED_VERSION', `datatype version ${version}`, at);
  const decode = CLASSES[cls];
  if (!decode) c.fail('UNSUPPORTED_DATATYPE', `datatype class ${cls} is not defined by the spec`, at);
  if (size === 0 && cls !== 6 && cls !== 3) c.fail('BAD_DATATYPE', `${CLASS_NAMES[cls]} datatype of size 0`, at);
  return decode(c, version, bits, size, depth, maxDepth);
}

function order(bits: number): ByteOrder {
  return (bits & 1) ? 'big' : 'little';
}

function padding(p: number, c: Cursor): 'nullterm' | 'nullpad' | 'spacepad' {
  if (p === 0) return 'nullterm';
  if (p === 1) return 'nullpad';
  if (p === 2) return 'spacepad';
  return c.fail('BAD_DATATYPE', `string padding type ${p}`);
}

function charset(cs: number, c: Cursor): 'ascii' | 'utf-8' {
  if (cs === 0) return 'ascii';
  if (cs === 1) return 'utf-8';
  return c.fail('BAD_DATATYPE', `character set ${cs}`);
}

function decodeInteger(c: Cursor, bits: number, size: number): IntegerDtype {
  const bitOffset = c.u16();
  const precision = c.u16();
  return { class: 'integer', size, order: order(bits), signed: (bits & 0x08) !== 0, bitOffset, precision };
}

function decodeFloat(c: Cursor, bits: number, size: number): FloatDtype {
  if ((bits & 0x40) && !(bits & 1)) c.fail('UNSUPPORTED_DATATYPE', 'VAX byte order floats');
  const bitOffset = c.u16();
  const precision = c.u16();
  const exponentLocation = c.u8();
  const exponentSize = c.u8();
  const mantissaLocation = c.u8();
  const mantissaSize = c.u8();
  const exponentBias = c.u32();
  return {
    class: 'float', size, order: order(bits), bitOffset, precision,
    exponentLocation, exponentSize, mantissaLocation, mantissaSize, exponentBias,
  };
}

function memberName(c: Cursor, version: number): string {
  const start = c.pos;
  const name = c.cstring();
  if (version < 3) {
    // Versions 1 and 2 pad the name (with its NUL) to a multiple of 8 bytes.
    const len = c.pos - start;
    c.skip(Math.min((8 - (len % 8)) % 8, c.remaining));
  }
  return name;
}

function decodeCompound(c: Cursor, version: number, bits: number, size: number, depth: number,
  maxDepth: number): Hdf5Dtype {
  const count = bits & 0xffff;
  const members: CompoundMember[] = [];
  // Version 3 stores member offsets in the fewest bytes that can hold `size`.
  const offsetBytes = size < 0x100 ? 1 : size < 0x10000 ? 2 : size < 0x1000000 ? 3 : 4;
  for (let i = 0; i < count; i++) {
    const name = memberName(c, version);
    let offset: number;
    if (version >= 3) {
      offset = c.uint(offsetBytes);
    } else {
      offset = c.u32();
    }
    if (version === 1) {
      const rank = c.u8();
      c.skip(3); // reserved
      c.skip(4); // dimension permutation
      c.skip(4); // reserved
      const dims: number[] = [];
      for (let d = 0; d < 4; d++) dims.push(c.u32());
      const base = readDatatype(c, depth + 1, maxDepth);
      if (rank > 0) {
        const shape = dims.slice(0, rank);
        let n = 1;
        for (const d of shape) n *= d;
        members.push({ name, offset, dtype: { class: 'array', size: n * base.size, dims: shape, base } });
        continue;
      }
      members.push({ name, offset, dtype: base });
      continue;
    }
    const dtype = readDatatype(c, depth + 1, maxDepth);
    if (offset + dtype.size > size) {
      c.fail('BAD_DATATYPE', `compound member "${name}" (offset ${offset}, size ${dtype.size}) overruns the ${size}-byte compound`);
    }
    members.push({ name, offset, dtype });
  }
  return { class: 'compound', size, members };
}

function decodeEnum(c: Cursor, version: number, bits: number, size: number, depth: number,
  maxDepth: number): Hdf5Dtype {
  const count = bits & 0xffff;
  const base = readDatatype(c, depth + 1, maxDepth);
  if (base.class !== 'integer') c.fail('UNSUPPORTED_DATATYPE', `enum of ${base.class}; expected an integer base`);
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push(memberName(c, version));
  const members: Array<{ name: string; value: number | bigint }> = [];
  for (let i = 0; i < count; i++) {
    const raw = c.bytesView(base.size);
    members.push({ name: names[i]!, value: integerValue(raw, 0, base) });
  }
  return { class: 'enum', size, base, members };
}

/** Reads one integer element (any size up to 8, either order) as number or bigint (size 8). */
export function integerValue(raw: Uint8Array, at: number, t: IntegerDtype): number | bigint {
  let v = 0n;
  const n = t.size;
  if (t.order === 'little') for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(raw[at + i]!);
  else for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(raw[at + i]!);
  v = (v >> BigInt(t.bitOffset)) & ((1n << BigInt(t.precision)) - 1n);
  if (t.signed && t.precision > 0 && (v >> BigInt(t.precision - 1)) & 1n) v -= 1n << BigInt(t.precision);
  return n >= 8 ? v : Number(v);
}

function decodeVlen(c: Cursor, _version: number, bits: number, size: number, depth: number,
  maxDepth: number): Hdf5Dtype {
  const type = bits & 0x0f;
  const base = readDatatype(c, depth + 1, maxDepth);
  if (type === 1) {
    return {
      class: 'string', size, variable: true,
      padding: padding((bits >> 4) & 0x0f, c), charset: charset((bits >> 8) & 0x0f, c),
    };
  }
  if (type !== 0) c.fail('BAD_DATATYPE', `variable-length type ${type}`);
  return { class: 'vlen', size, base };
}

function decodeArray(c: Cursor, version: number, _bits: number, size: number, depth: number,
  maxDepth: number): Hdf5Dtype {
  const rank = c.u8();
  if (version < 3) c.skip(3);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(c.u32());
  if (version < 3) c.skip(4 * rank); // permutation indices
  const base = readDatatype(c, depth + 1, maxDepth);
  let n = 1;
  for (const d of dims) n *= d;
  if (n * base.size !== size) c.fail('BAD_DATATYPE', `array of ${n} × ${base.size} bytes declared as ${size} bytes`);
  return { class: 'array', size, dims, base };
}
