// Small pieces several Node peers share: the MLP's shape, touching results so
// no engine can skip work, and file helpers for the HDF5 cases.
import { readFileSync } from 'node:fs';

/** Reads a whole file as a Uint8Array (a fresh copy owned by the caller). */
export function readBytes(path) {
  const b = readFileSync(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** The bytes as an ArrayBuffer of exactly their length (what jsfive and h5wasm take). */
export function exactBuffer(u8) {
  return u8.byteOffset === 0 && u8.byteLength === u8.buffer.byteLength ? u8.buffer : u8.slice().buffer;
}

/** First + last element: forces a typed array to exist without summing 25M values. */
export function ends(a) {
  return a.length === 0 ? 0 : a[0] + a[a.length - 1];
}

/** Names of the weights file's datasets for a depth-`depth` Dense stack, in Keras 3's layout. */
export function keras3WeightNames(depth) {
  const names = [];
  for (let i = 0; i < depth; i++) {
    const layer = i === 0 ? 'dense' : `dense_${i}`;
    names.push(`layers/${layer}/vars/0`, `layers/${layer}/vars/1`);
  }
  return names;
}
