/**
 * Adler-32 (RFC 1950 §8.2): the checksum a zlib stream carries in its trailer.
 */

const MOD_ADLER = 65521;
/**
 * Bytes summed between reductions, small enough that both sums stay below
 * 2^30 (65520·(n+1) + 255·n(n+1)/2 < 2^30 for n = 2600), so V8 keeps them in
 * int32 registers throughout.
 */
const CHUNK = 2600;

/**
 * Computes the Adler-32 checksum of `data`, continuing from `start` (the
 * checksum of the bytes before, so a long input can be summed in pieces).
 * @param data the bytes to sum.
 * @param start running checksum; default 1 (the checksum of no bytes).
 * @returns the checksum as an unsigned 32-bit integer.
 * @example adler32(new TextEncoder().encode('Wikipedia')) // 0x11e60398
 */
export function adler32(data: Uint8Array, start = 1): number {
  let a = start & 0xffff;
  let b = (start >>> 16) & 0xffff;
  const n = data.length;
  let i = 0;
  while (i < n) {
    const end = Math.min(i + CHUNK, n);
    const end4 = end - 3;
    for (; i < end4; i += 4) {
      a = (a + data[i]!) | 0; b = (b + a) | 0;
      a = (a + data[i + 1]!) | 0; b = (b + a) | 0;
      a = (a + data[i + 2]!) | 0; b = (b + a) | 0;
      a = (a + data[i + 3]!) | 0; b = (b + a) | 0;
    }
    for (; i < end; i++) {
      a = (a + data[i]!) | 0; b = (b + a) | 0;
    }
    a %= MOD_ADLER;
    b %= MOD_ADLER;
  }
  return ((b << 16) | a) >>> 0;
}
