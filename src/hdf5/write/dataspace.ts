/**
 * Dataspace message (type 0x0001), version 1: scalar (rank 0) or simple with
 * maximum dimensions equal to the current ones, as h5py writes fixed-size
 * datasets and attributes. Spec: "IV.A.2.b. The Dataspace Message".
 */
import { writeU64, type Out } from './bytes.js';

/** Unpadded size of a version-1 dataspace message for `shape` (`[]` = scalar). */
export function dataspaceSize(shape: readonly number[]): number {
  return 8 + shape.length * 16;
}

/** Writes a version-1 dataspace message body at `off`. */
export function writeDataspace(out: Out, off: number, shape: readonly number[]): void {
  const rank = shape.length;
  out.bytes[off] = 1; // version
  out.bytes[off + 1] = rank;
  out.bytes[off + 2] = rank > 0 ? 0x01 : 0x00; // maximum dimensions present
  let p = off + 8;
  for (let i = 0; i < rank; i++, p += 8) writeU64(out.view, p, shape[i]!);
  for (let i = 0; i < rank; i++, p += 8) writeU64(out.view, p, shape[i]!);
}
