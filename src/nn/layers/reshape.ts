/** Keras's `Reshape`: gives each sample `target_shape` (one entry may be −1). */
import { ConfigReader, type JsonObject, type Shape } from '../config.js';
import { LayerConfigError, describe } from '../errors.js';
import { readBaseOptions } from './base-config.js';
import { Layer, type LayerBuffers, type LayerOptions } from './layer.js';

/** Options for {@link Reshape}. */
export interface ReshapeOptions extends LayerOptions {
  /** The per-sample shape; one entry may be −1. Required. */
  targetShape: readonly number[];
}

const EMPTY = new Float32Array(0);

/**
 * Reshapes each sample.
 * @example new Reshape({ targetShape: [2, 5] })
 */
export class Reshape extends Layer {
  readonly className = 'Reshape';
  readonly targetShape: readonly number[];

  constructor(opts: ReshapeOptions) {
    super('Reshape', opts);
    const t = opts?.targetShape;
    if (!Array.isArray(t) || t.length === 0) throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'target_shape', `expected a non-empty array of sizes, got ${describe(t)}`);
    let wild = 0;
    for (let i = 0; i < t.length; i++) {
      const d = t[i];
      if (d === -1) { wild++; continue; }
      if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1) {
        throw new LayerConfigError('LAYER_BAD_VALUE', this.name, `target_shape[${i}]`, `expected a positive size or -1, got ${describe(d)}`);
      }
    }
    if (wild > 1) throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'target_shape', 'at most one entry may be -1');
    this.targetShape = t.slice();
  }

  static fromConfig(config: JsonObject, _opts: object = {}, path = ''): Reshape {
    const r = new ConfigReader(config, typeof config.name === 'string' ? config.name : '', path);
    const base = readBaseOptions(r);
    const ts = r.raw('target_shape');
    if (!Array.isArray(ts)) r.bad('target_shape', `expected an array of sizes, got ${describe(ts)}`);
    r.done();
    return new Reshape({ ...base, targetShape: (ts as number[]).map((d) => (d === null ? -1 : d)) });
  }

  computeOutputShape(inputShape: Shape): Shape {
    let size: number | null = 1;
    for (let i = 1; i < inputShape.length; i++) size = inputShape[i] === null || size === null ? null : size * inputShape[i]!;
    const known = this.targetShape.reduce((a, d) => (d === -1 ? a : a * d), 1);
    const out: (number | null)[] = [inputShape[0] ?? null];
    for (const d of this.targetShape) {
      if (d !== -1) { out.push(d); continue; }
      if (size === null) { out.push(null); continue; }
      if (size % known !== 0) throw new LayerConfigError('LAYER_SHAPE', this.name, 'target_shape', `cannot reshape ${size} values per sample to [${this.targetShape.join(', ')}]`);
      out.push(size / known);
    }
    if (size !== null && !this.targetShape.includes(-1) && size !== known) {
      throw new LayerConfigError('LAYER_SHAPE', this.name, 'target_shape', `cannot reshape ${size} values per sample to [${this.targetShape.join(', ')}]`);
    }
    return out;
  }

  override passesThrough(): boolean {
    return true;
  }

  override allocate(): LayerBuffers {
    return { out: EMPTY, dx: EMPTY, aux: EMPTY };
  }

  forward(x: Float32Array): Float32Array {
    return x;
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, _b: number, _buf: LayerBuffers, _g: readonly Float32Array[], needDx: boolean): Float32Array | null {
    return needDx ? dy : null;
  }

  /** Keras 3 builds this layer in its constructor, so it writes no build config. */
  override getBuildConfig(): JsonObject | null {
    return null;
  }

  getConfig(): JsonObject {
    return { ...this.baseConfig(), target_shape: this.targetShape.slice() };
  }
}
