/**
 * The random stream initializers and Dropout draw from when they have no
 * seed of their own. `setRandomSeed(n)` makes a whole program reproducible,
 * as `keras.utils.set_random_seed` does (our streams cannot equal Keras's).
 */
import { Random } from '../tensor/index.js';

let globalRandom: Random | null = null;

/** Seeds the library-wide stream used by unseeded initializers and dropout. */
export function setRandomSeed(seed: number): void {
  globalRandom = new Random(seed);
}

/** A stream: seeded when `seed` is a number, else the library-wide one. */
export function randomStream(seed: number | null | undefined): Random {
  if (typeof seed === 'number') return new Random(seed);
  if (globalRandom === null) globalRandom = new Random();
  return globalRandom;
}
