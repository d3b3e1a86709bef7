/**
 * Little-endian field writers over the one output buffer, and the alignment
 * helpers every structure size goes through. Addresses are JavaScript numbers
 * (files stay below 2^53 bytes); the undefined address is written as eight
 * 0xff bytes, as the spec's "undefined address".
 */

/** Our in-plan marker for the spec's undefined address (all bits set on disk). */
export const UNDEFINED = -1;

/** The output buffer and a DataView over it, shared by every encoder. */
export interface Out {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

/** Rounds `n` up to a multiple of 8 (safe above 2^31, unlike bit masks). */
export function align8(n: number): number {
  const r = n % 8;
  return r === 0 ? n : n + 8 - r;
}

/** Rounds `n` up to a multiple of `a` (a ≥ 1). */
export function alignTo(n: number, a: number): number {
  const r = n % a;
  return r === 0 ? n : n + a - r;
}

/** Writes an unsigned 64-bit little-endian value given as a safe integer. */
export function writeU64(view: DataView, off: number, v: number): void {
  view.setUint32(off, v % 0x1_0000_0000, true);
  view.setUint32(off + 4, Math.floor(v / 0x1_0000_0000), true);
}

/** Writes an 8-byte file address; {@link UNDEFINED} becomes all 0xff bytes. */
export function writeAddress(view: DataView, off: number, addr: number): void {
  if (addr < 0) {
    view.setUint32(off, 0xffff_ffff, true);
    view.setUint32(off + 4, 0xffff_ffff, true);
  } else {
    writeU64(view, off, addr);
  }
}

/** Writes the 4 ASCII bytes of a structure signature such as `TREE`. */
export function writeSignature(bytes: Uint8Array, off: number, sig: string): void {
  for (let i = 0; i < sig.length; i++) bytes[off + i] = sig.charCodeAt(i);
}

let littleEndianHost: boolean | undefined;

/** True on little-endian hosts (all mainstream ones); computed on first use. */
export function hostIsLittleEndian(): boolean {
  if (littleEndianHost === undefined) {
    littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  }
  return littleEndianHost;
}
