/**
 * How a dataset's or attribute's element type is described to callers, after
 * h5py: class, size in bytes, byte order, signedness, string padding and
 * character set, compound members, enum members, array dimensions and the
 * base type of sequences.
 */

export type ByteOrder = 'little' | 'big';

/** Every HDF5 datatype class the reader knows, as a description. */
export type Hdf5Dtype =
  | IntegerDtype
  | FloatDtype
  | StringDtype
  | CompoundDtype
  | EnumDtype
  | ArrayDtype
  | VlenDtype
  | ReferenceDtype
  | OpaqueDtype
  | BitfieldDtype
  | TimeDtype
  | ComplexDtype;

/** Fixed-point numbers (class 0). */
export interface IntegerDtype {
  class: 'integer';
  size: number;
  order: ByteOrder;
  signed: boolean;
  /** Bit offset of the first significant bit (0 for ordinary integers). */
  bitOffset: number;
  /** Number of significant bits (8 × size for ordinary integers). */
  precision: number;
}

/** IEEE-style floating point (class 1): float16, float32, float64 or custom layouts. */
export interface FloatDtype {
  class: 'float';
  size: number;
  order: ByteOrder;
  bitOffset: number;
  precision: number;
  exponentLocation: number;
  exponentSize: number;
  mantissaLocation: number;
  mantissaSize: number;
  exponentBias: number;
}

/** Strings (class 3, fixed length) and variable-length strings (class 9, type 1). */
export interface StringDtype {
  class: 'string';
  /** Bytes per element: the fixed length, or 16 (a heap reference) when variable. */
  size: number;
  variable: boolean;
  padding: 'nullterm' | 'nullpad' | 'spacepad';
  charset: 'ascii' | 'utf-8';
}

export interface CompoundMember {
  name: string;
  /** Byte offset of the member inside one element. */
  offset: number;
  dtype: Hdf5Dtype;
}

/** Compound (class 6): records of named members. */
export interface CompoundDtype {
  class: 'compound';
  size: number;
  members: CompoundMember[];
}

/** Enumeration (class 8): integers with names; values read as the base integers. */
export interface EnumDtype {
  class: 'enum';
  size: number;
  base: IntegerDtype;
  members: Array<{ name: string; value: number | bigint }>;
}

/** Array (class 10): a fixed-shape array of a base type in each element. */
export interface ArrayDtype {
  class: 'array';
  size: number;
  dims: number[];
  base: Hdf5Dtype;
}

/** Variable-length sequence (class 9, type 0) of a base type. */
export interface VlenDtype {
  class: 'vlen';
  size: number;
  base: Hdf5Dtype;
}

/** References (class 7): object (8 bytes), region (12 bytes) or HDF5 1.12 references. */
export interface ReferenceDtype {
  class: 'reference';
  size: number;
  kind: 'object' | 'region' | 'object2' | 'region2' | 'attribute';
}

/** Opaque bytes (class 5) with an ASCII tag. */
export interface OpaqueDtype {
  class: 'opaque';
  size: number;
  tag: string;
}

/** Bit fields (class 4), read as raw bytes. */
export interface BitfieldDtype {
  class: 'bitfield';
  size: number;
  order: ByteOrder;
  bitOffset: number;
  precision: number;
}

/** Time (class 2), read as raw bytes. */
export interface TimeDtype {
  class: 'time';
  size: number;
  order: ByteOrder;
  precision: number;
}

/** Complex numbers (class 11, HDF5 2.0): two floats, real then imaginary. */
export interface ComplexDtype {
  class: 'complex';
  size: number;
  base: FloatDtype;
}

/** True when elements of this type contain references into the global heap. */
export function hasVariableData(d: Hdf5Dtype): boolean {
  switch (d.class) {
    case 'string': return d.variable;
    case 'vlen': return true;
    case 'compound': return d.members.some((m) => hasVariableData(m.dtype));
    case 'array': return hasVariableData(d.base);
    default: return false;
  }
}
