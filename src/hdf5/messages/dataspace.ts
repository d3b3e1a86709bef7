/**
 * The Dataspace message (type 0x0001): rank, current and maximum dimension
 * sizes. Version 1 has no explicit type (rank 0 means scalar); version 2 adds
 * the dataspace type: scalar, simple or null (no elements).
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.b "The Dataspace Message".
 */
import type { Cursor } from '../cursor.js';

export interface Dataspace {
  /** 'scalar' (shape []), 'simple', or 'null' (no data at all). */
  kind: 'scalar' | 'simple' | 'null';
  shape: number[];
  /** Maximum sizes; -1 stands for H5S_UNLIMITED. */
  maxShape: number[];
  /** Number of elements (1 for scalar, 0 for null). */
  size: number;
}

export function readDataspace(c: Cursor): Dataspace {
  const at = c.pos;
  const version = c.u8();
  if (version !== 1 && version !== 2) c.fail('UNSUPPORTED_VERSION', `dataspace version ${version}`, at);
  const rank = c.u8();
  const flags = c.u8();
  let kind: Dataspace['kind'];
  if (version === 1) {
    c.skip(5);
    kind = rank === 0 ? 'scalar' : 'simple';
  } else {
    const t = c.u8();
    if (t > 2) c.fail('BAD_DATASPACE', `dataspace type ${t}`, at + 3);
    kind = t === 0 ? 'scalar' : t === 1 ? 'simple' : 'null';
  }
  if (rank > 32) c.fail('BAD_DATASPACE', `rank ${rank} exceeds 32`, at + 1);
  const shape: number[] = [];
  let size = 1;
  for (let i = 0; i < rank; i++) {
    const d = c.length();
    if (d < 0) c.fail('BAD_DATASPACE', `dimension ${i} is undefined`);
    shape.push(d);
    size *= d;
  }
  const maxShape: number[] = [];
  if (flags & 1) for (let i = 0; i < rank; i++) maxShape.push(c.length());
  else for (let i = 0; i < rank; i++) maxShape.push(shape[i]!);
  if (kind === 'null') return { kind, shape: [], maxShape: [], size: 0 };
  if (kind === 'scalar') return { kind, shape: [], maxShape: [], size: 1 };
  return { kind, shape, maxShape, size };
}
