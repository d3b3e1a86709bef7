/**
 * How many weights a translated Sequential config asks for, found by
 * following the shapes through its layers, so absurd sizes are refused
 * before anything is allocated: a config may claim any `units`, and a
 * damaged or hostile file must not make the loader reserve gigabytes.
 */
import { KerasFormatError } from './errors.js';
import { isObject, joinPath, own, type Json, type JsonObject } from './config-guard.js';

/** The most weights a model built from a document may have (2^28 floats, 1 GiB). */
export const MAX_MODEL_PARAMETERS = 2 ** 28;

function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * The parameter count a translated Sequential config implies (0 when the
 * input shape is unknown: nothing is built then).
 * @throws KerasFormatError `MODEL_TOO_LARGE` past `limit`, with the layer.
 */
export function impliedParameterCount(config: JsonObject, limit = MAX_MODEL_PARAMETERS): number {
  const layers = own(config, 'layers');
  if (!Array.isArray(layers)) return 0;
  let shape: number[] | null = null;
  let total = 0;
  layers.forEach((entry: Json, i: number) => {
    if (!isObject(entry)) return;
    const cls = own(entry, 'class_name');
    const c = own(entry, 'config');
    if (!isObject(c)) return;
    const name = typeof own(c, 'name') === 'string' ? own(c, 'name') as string : '';
    const at = joinPath(joinPath('layers', i), 'config');
    if (cls === 'InputLayer') {
      const bs = own(c, 'batch_shape');
      shape = Array.isArray(bs) && bs.slice(1).every((d) => typeof d === 'number') ? (bs.slice(1) as number[]) : null;
      return;
    }
    if (shape === null) return;
    if (cls === 'Dense') {
      const units = own(c, 'units');
      if (typeof units !== 'number' || shape.length === 0) { shape = null; return; }
      const inDim = shape[shape.length - 1]!;
      const n = inDim * units + (own(c, 'use_bias') === false ? 0 : units);
      total += n;
      if (!(total <= limit) || !(size(shape.slice(0, -1)) * units <= limit)) {
        throw new KerasFormatError('MODEL_TOO_LARGE', `the config asks for more than ${limit} weights or outputs (Dense ${inDim} → ${units})`, { layerName: name, configPath: joinPath(at, 'units') });
      }
      shape = [...shape.slice(0, -1), units];
    } else if (cls === 'Flatten') {
      shape = [size(shape)];
    } else if (cls === 'Reshape') {
      const t = own(c, 'target_shape');
      if (!Array.isArray(t) || !t.every((d) => typeof d === 'number')) { shape = null; return; }
      const dims = t as number[];
      const known = size(dims.filter((d) => d !== -1));
      shape = dims.map((d) => (d === -1 && known > 0 ? size(shape!) / known : d));
    }
  });
  return total;
}
