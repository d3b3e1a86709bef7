/**
 * Keras's `Flatten`: one axis per sample. With `data_format:
 * 'channels_first'` and inputs of rank > 2, the channel axis is moved last
 * first, as Keras does.
 */
import { ConfigReader, type JsonObject, type Shape } from '../config.js';
import { LayerConfigError, describe } from '../errors.js';
import { readBaseOptions } from './base-config.js';
import { Layer, type LayerBuffers, type LayerOptions } from './layer.js';

/** Options for {@link Flatten}. */
export interface FlattenOptions extends LayerOptions {
  /** `channels_last` (default) or `channels_first`. */
  dataFormat?: 'channels_last' | 'channels_first';
}

const EMPTY = new Float32Array(0);

/**
 * Flattens each sample.
 * @example new Flatten()
 */
export class Flatten extends Layer {
  readonly className = 'Flatten';
  readonly dataFormat: 'channels_last' | 'channels_first';

  constructor(opts: FlattenOptions = {}) {
    super('Flatten', opts);
    const f = opts.dataFormat ?? 'channels_last';
    if (f !== 'channels_last' && f !== 'channels_first') {
      throw new LayerConfigError('LAYER_BAD_VALUE', this.name, 'data_format', `expected channels_last or channels_first, got ${describe(f)}`);
    }
    this.dataFormat = f;
  }

  static fromConfig(config: JsonObject, _opts: object = {}, path = ''): Flatten {
    const r = new ConfigReader(config, typeof config.name === 'string' ? config.name : '', path);
    const base = readBaseOptions(r);
    const dataFormat = r.string('data_format', 'channels_last') as FlattenOptions['dataFormat'];
    r.done();
    return new Flatten({ ...base, dataFormat });
  }

  computeOutputShape(inputShape: Shape): Shape {
    let n: number | null = 1;
    for (let i = 1; i < inputShape.length; i++) {
      const d = inputShape[i];
      n = d === null || d === undefined || n === null ? null : n * d;
    }
    return [inputShape[0] ?? null, n];
  }

  private permutes(): boolean {
    return this.dataFormat === 'channels_first' && (this.inputShape?.length ?? 0) > 2;
  }

  override passesThrough(): boolean {
    return !this.permutes();
  }

  override allocate(batch: number, training: boolean): LayerBuffers {
    if (!this.permutes()) return { out: EMPTY, dx: EMPTY, aux: EMPTY };
    const n = batch * this.inputSize;
    return { out: new Float32Array(n), dx: training ? new Float32Array(n) : EMPTY, aux: EMPTY };
  }

  forward(x: Float32Array, batch: number, buf: LayerBuffers): Float32Array {
    if (!this.permutes()) return x;
    const C = this.inputShape![1]!;
    const size = this.inputSize;
    const S = size / C;
    const out = buf.out;
    for (let b = 0, o = 0; b < batch; b++, o += size) {
      for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) out[o + s * C + c] = x[o + c * S + s]!;
    }
    return out;
  }

  backward(_x: Float32Array, _y: Float32Array, dy: Float32Array, batch: number, buf: LayerBuffers, _g: readonly Float32Array[], needDx: boolean): Float32Array | null {
    if (!needDx) return null;
    if (!this.permutes()) return dy;
    const C = this.inputShape![1]!;
    const size = this.inputSize;
    const S = size / C;
    const dx = buf.dx;
    for (let b = 0, o = 0; b < batch; b++, o += size) {
      for (let c = 0; c < C; c++) for (let s = 0; s < S; s++) dx[o + c * S + s] = dy[o + s * C + c]!;
    }
    return dx;
  }

  getConfig(): JsonObject {
    return { ...this.baseConfig(), data_format: this.dataFormat };
  }
}
