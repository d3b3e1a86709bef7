/**
 * Activations whose meaning differs between Keras generations: `hard_sigmoid`
 * was clip(0.2·x + 0.5, 0, 1) in Keras 1/2 and is relu6(x + 3) / 6 in Keras 3.
 * A file written for one generation must not silently change a model's
 * function when read by the other, so such layers are refused by the
 * writer that cannot express them.
 */
import { KerasFormatError } from './errors.js';

interface WithActivation { readonly name: string; readonly activation?: { readonly key?: string } }

function refuse(layerName: string, which: string, format: string, instead: string): never {
  throw new KerasFormatError('UNREPRESENTABLE',
    `layer '${layerName}' uses ${which} hard_sigmoid, which a ${format} file cannot express (the name means another function there); ${instead}`,
    { layerName, configPath: 'activation' });
}

/** Refuses Keras 3's hard_sigmoid in a Keras 2 document (YAML, or a `format: 'keras2'` file). */
export function checkKeras2Representable(layers: readonly object[]): void {
  for (const l of layers as WithActivation[]) {
    if (l.activation?.key === 'hard_sigmoid') refuse(l.name, "Keras 3's", 'Keras ≤ 2.5', 'save it as JSON or a Keras 3 .h5 instead');
  }
}

/** Refuses Keras 2's hard_sigmoid in a Keras 3 document. */
export function checkKeras3Representable(layers: readonly object[]): void {
  for (const l of layers as WithActivation[]) {
    if (l.activation?.key === 'hard_sigmoid_keras2') refuse(l.name, "Keras 1/2's", 'Keras 3', "save it in Keras 2 form instead (saveModelBytes(model, { format: 'keras2' }) or toYaml)");
  }
}
