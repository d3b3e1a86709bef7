/**
 * Keras's `Dropout`: at training time zeroes each input with probability
 * `rate` and scales the rest by 1/(1 − rate); at inference it passes the
 * input through. Draws come from a seeded stream (`seed`) or the
 * library-wide one; they cannot equal Keras's.
 */
import type { Random } from '../../tensor/index.js';
import { ConfigReader, checkNumber, type JsonObject, type Shape } from '../config.js';
import { LayerConfigError } from '../errors.js';
import { dropoutBackward } from '../gradients.js';
import { randomStream } from '../random.js';
import { readBaseOptions } from './base-config.js';
import { Layer, type LayerBuffers, type LayerOptions } from './layer.js';

/** Options for {@link Dropout}. */
export interface DropoutOptions extends LayerOptions {
  /** Fraction to drop, in [0, 1). Required. */
  rate: number;
  /** Seed for reproducible masks. Default none (the library-wide stream). */
  seed?: number | null;
}

const EMPTY = new Float32Array(0);

/**
 * Randomly drops inputs while training.
 * @example new Dropout({ rate: 0.2, seed: 42 })
 */
export class Dropout extends Layer {
  readonly className = 'Dropout';
  readonly rate: number;
  readonly seed: number | null;
  private rng: Random | null = null;

  constructor(opts: DropoutOptions) {
    super('Dropout', opts);
    this.rate = checkNumber(opts?.rate, this.name, 'rate', { min: 0, max: 1, maxExclusive: true });
    const seed = opts.seed ?? null;
    if (seed !== null) checkNumber(seed, this.name, 'seed', { integer: true });
    this.seed = seed;
  }

  static fromConfig(config: JsonObject, _opts: object = {}, path = ''): Dropout {
    const r = new ConfigReader(config, typeof config.name === 'string' ? config.name : '', path);
    const base = readBaseOptions(r);
    const rate = r.number('rate') ?? r.number('p');
    if (rate === undefined) throw new LayerConfigError('LAYER_BAD_CONFIG', r.layerName, r.at('rate'), 'a Dropout config needs rate');
    const seed = r.number('seed');
    if (r.has('noise_shape')) r.bad('noise_shape', 'noise_shape is not supported (expected null)');
    r.done();
    return new Dropout({ ...base, rate, seed: seed ?? null });
  }

  computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  override passesThrough(training: boolean): boolean {
    return !training || this.rate === 0;
  }

  override allocate(batch: number, training: boolean): LayerBuffers {
    // At inference the layer passes its input through.
    if (!training || this.rate === 0) return { out: EMPTY, dx: EMPTY, aux: EMPTY };
    const n = batch * this.inputSize;
    return { out: new Float32Array(n), dx: EMPTY, aux: new Float32Array(n) };
  }

  forward(x: Float32Array, batch: number, buf: LayerBuffers, training: boolean): Float32Array {
    if (!training || this.rate === 0) return x;
    if (this.rng === null) this.rng = randomStream(this.seed);
    const rng = this.rng;
    const keep = 1 - this.rate;
    const n = batch * this.inputSize;
    const mask = buf.aux, out = buf.out;
    for (let i = 0; i < n; i++) {
      const kept = rng.next() < keep;
      mask[i] = kept ? 1 : 0;
      out[i] = kept ? x[i]! / keep : 0;
    }
    return out;
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, batch: number, buf: LayerBuffers, _grads: readonly Float32Array[], needDx: boolean): Float32Array | null {
    if (!needDx) return null;
    if (this.rate === 0) return dy;
    dropoutBackward(dy, buf.aux, 1 - this.rate, dy, batch * this.inputSize);
    return dy;
  }

  /** Keras 3 builds this layer in its constructor, so it writes no build config. */
  override getBuildConfig(): JsonObject | null {
    return null;
  }

  getConfig(): JsonObject {
    return { ...this.baseConfig(), rate: this.rate, seed: this.seed, noise_shape: null };
  }
}
