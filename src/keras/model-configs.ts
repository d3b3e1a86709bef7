/**
 * A whole model config (`model_config`, `to_json()`), from any Keras era,
 * translated into the Keras 3 `Sequential` config that
 * `Sequential.fromConfig` in src/nn reads.
 *
 * - Sequential: Keras 1 and Keras ≤ 2.2.2 wrote a bare list of layers, later
 *   versions a dict with `name` and `layers`. A first layer that carries an
 *   input spec gets an explicit `InputLayer`, as Keras 3 builds it.
 * - Functional (`Model` in Keras 1/2/tf.keras, `Functional` in Keras 3): a
 *   graph that is a single chain of supported layers (one input, one output,
 *   every layer fed by the one before it, nothing shared or merged) loads as
 *   the equivalent Sequential; any other graph is refused, naming the layer
 *   and what makes it unsupported.
 */
import { KerasFormatError, describeValue } from './errors.js';
import { isObject, joinPath, own, type Json, type JsonObject } from './config-guard.js';
import { ConfigView } from './config-view.js';
import { dtypePolicy, keras3Object } from './legacy-values.js';
import { translateLayer, type KerasEra, type TranslatedLayer } from './layer-configs.js';

/** A model config translated to Keras 3's Sequential form. */
export interface TranslatedModel {
  /** Keras 3 Sequential config: `{name, trainable, dtype, layers, build_input_shape?}`. */
  config: JsonObject;
  /** The Keras generation that wrote the original. */
  era: KerasEra;
  /** The class the original declared (`Sequential`, `Model`, `Functional`). */
  sourceClass: string;
}

/**
 * The Keras generation from a `keras_version` string (`"1.2.2"`,
 * `"2.2.4-tf"`, `"3.13.2"`), or, when absent, from the style of the config.
 */
export function detectEra(kerasVersion: string | undefined, modelConfig: Json | undefined): KerasEra {
  if (kerasVersion) {
    const major = Number.parseInt(kerasVersion, 10);
    if (major === 1) return 1;
    if (major === 2) return 2;
    if (major >= 3) return 3;
  }
  const text = modelConfig === undefined ? '' : JSON.stringify(modelConfig);
  if (/"(output_dim|init|W_regularizer|input_dtype)"/.test(text)) return 1;
  if (/"module"\s*:\s*"keras/.test(text) || /"DTypePolicy"/.test(text)) return 3;
  return 2;
}

/**
 * Translates a model config document `{class_name, config}`.
 * @param doc the parsed document (already checked by `checkConfigTree`).
 * @param kerasVersion the producer's `keras_version`, if known.
 * @throws KerasFormatError `UNSUPPORTED_MODEL`, `UNSUPPORTED_GRAPH`,
 *   `UNSUPPORTED_LAYER`, `BAD_CONFIG` with the config path relative to the
 *   model's `config`.
 */
export function translateModelConfig(doc: Json, kerasVersion?: string): TranslatedModel {
  const top = new ConfigView(doc, '', '');
  const className = top.string('class_name');
  const era = detectEra(kerasVersion ?? (typeof own(doc as JsonObject, 'keras_version') === 'string' ? own(doc as JsonObject, 'keras_version') as string : undefined), doc);
  const config = top.raw('config');
  if (className === 'Sequential') return { config: sequential(config, era), era, sourceClass: className };
  if (className === 'Model' || className === 'Functional') return { config: functional(config, era), era, sourceClass: className };
  throw new KerasFormatError('UNSUPPORTED_MODEL',
    `unsupported model class ${describeValue(className)}; supported: Sequential, and Model/Functional graphs that form a single chain`,
    { configPath: 'class_name' });
}

function sequential(config: Json | undefined, era: KerasEra): JsonObject {
  let entries: Json[];
  let name = 'sequential';
  let trainable = true;
  let buildInputShape: Json | undefined;
  let prefix: string;
  if (Array.isArray(config)) {
    entries = config;
    prefix = '';
  } else {
    const v = new ConfigView(config, '', '');
    name = v.string('name', 'sequential')!;
    trainable = v.bool('trainable', true);
    v.ignore('dtype');
    buildInputShape = v.raw('build_input_shape') ?? undefined;
    const layers = v.raw('layers');
    if (!Array.isArray(layers)) throw v.err('layers', `expected a list of layers, got ${describeValue(layers)}`);
    entries = layers;
    prefix = 'layers';
    v.done();
  }
  const translated: TranslatedLayer[] = entries.map((e, i) => translateLayer(new ConfigView(e, '', joinPath(prefix, i)), era));
  return assemble(name, trainable, translated, buildInputShape, (i) => joinPath(prefix, i));
}

/** Builds the Sequential config, adding an InputLayer from the first layer's input spec. */
function assemble(name: string, trainable: boolean, layers: TranslatedLayer[], buildInputShape: Json | undefined, pathOf: (i: number) => string): JsonObject {
  const out: Json[] = [];
  const names = new Set<string>();
  for (let i = 0; i < layers.length; i++) {
    const t = layers[i]!;
    const isInput = t.layer.class_name === 'InputLayer';
    if (isInput && i > 0) {
      throw new KerasFormatError('UNSUPPORTED_GRAPH', 'an InputLayer can only come first in a Sequential model', { layerName: t.name, configPath: pathOf(i) });
    }
    if (i === 0 && !isInput && t.batchShape) {
      let inputName = 'input_layer';
      for (let k = 1; layers.some((l) => l.name === inputName); k++) inputName = `input_layer_${k}`;
      out.push(keras3Object('keras.layers', 'InputLayer', {
        batch_shape: t.batchShape, dtype: 'float32', sparse: false, ragged: false, name: inputName, optional: false,
      }));
      names.add(inputName);
    }
    if (names.has(t.name)) {
      throw new KerasFormatError('BAD_CONFIG', `two layers are named '${t.name}'`, { layerName: t.name, configPath: pathOf(i) });
    }
    names.add(t.name);
    out.push(t.layer);
  }
  const config: JsonObject = { name, trainable, dtype: dtypePolicy('float32'), layers: out };
  if (buildInputShape !== undefined && buildInputShape !== null) config.build_input_shape = buildInputShape;
  return config;
}

/** One inbound tensor reference: the producing layer and its node/tensor index. */
interface InboundRef { layer: string; node: number; tensor: number }

/** Every `[layer, node, tensor]` a Keras 1/2/3 inbound node refers to. */
function inboundRefs(node: Json, path: string, layerName: string): InboundRef[] {
  const refs: InboundRef[] = [];
  const bad = (p: string, what: Json | undefined): never => {
    throw new KerasFormatError('BAD_CONFIG', `unrecognised inbound node entry ${describeValue(what)}`, { layerName, configPath: p });
  };
  const history = (h: Json | undefined, p: string): void => {
    if (!Array.isArray(h) || typeof h[0] !== 'string' || typeof h[1] !== 'number' || typeof h[2] !== 'number') bad(p, h);
    const arr = h as [string, number, number];
    refs.push({ layer: arr[0], node: arr[1], tensor: arr[2] });
  };
  const walk = (v: Json, p: string, depth: number): void => {
    if (depth > 20) bad(p, v);
    if (Array.isArray(v)) {
      // Keras 1/2: [name, node_index, tensor_index(, kwargs)]
      if (typeof v[0] === 'string' && typeof v[1] === 'number') { history(v, p); return; }
      v.forEach((x, i) => walk(x, joinPath(p, i), depth + 1));
      return;
    }
    if (isObject(v)) {
      if (own(v, 'class_name') === '__keras_tensor__') {
        const cfg = own(v, 'config');
        history(isObject(cfg) ? own(cfg, 'keras_history') : undefined, joinPath(p, 'config.keras_history'));
        return;
      }
      for (const k of Object.keys(v)) walk(v[k]!, joinPath(p, k), depth + 1);
    }
  };
  walk(node, path, 0);
  return refs;
}

/** The `[name, node, tensor]` list of `input_layers`/`output_layers` (one or many). */
function endpoints(v: Json | undefined, path: string): InboundRef[] {
  if (!Array.isArray(v)) {
    throw new KerasFormatError('BAD_CONFIG', `expected a list of [layer, node, tensor], got ${describeValue(v)}`, { configPath: path });
  }
  const list = typeof v[0] === 'string' ? [v] : v;
  return list.map((e, i) => {
    if (!Array.isArray(e) || typeof e[0] !== 'string') {
      throw new KerasFormatError('BAD_CONFIG', `expected [layer, node, tensor], got ${describeValue(e)}`, { configPath: joinPath(path, i) });
    }
    return { layer: e[0], node: typeof e[1] === 'number' ? e[1] : 0, tensor: typeof e[2] === 'number' ? e[2] : 0 };
  });
}

function functional(config: Json | undefined, era: KerasEra): JsonObject {
  const v = new ConfigView(config, '', '');
  const name = v.string('name', 'model')!;
  const trainable = v.bool('trainable', true);
  v.ignore('dtype');
  const layers = v.raw('layers');
  if (!Array.isArray(layers)) throw v.err('layers', `expected a list of layers, got ${describeValue(layers)}`);
  const inputs = endpoints(v.raw('input_layers'), 'input_layers');
  const outputs = endpoints(v.raw('output_layers'), 'output_layers');
  v.done();
  const unsupported = (message: string, layerName: string, configPath: string): never => {
    throw new KerasFormatError('UNSUPPORTED_GRAPH', `${message}; only a single chain of layers (one input, one output, no branches, merges or shared layers) is supported`, { layerName, configPath });
  };
  if (inputs.length !== 1) unsupported(`the model has ${inputs.length} inputs`, '', 'input_layers');
  if (outputs.length !== 1) unsupported(`the model has ${outputs.length} outputs`, '', 'output_layers');

  // Index the entries by name, and each layer's single inbound producer.
  interface Node { index: number; name: string; entry: JsonObject; from: string | null }
  const byName = new Map<string, Node>();
  const consumers = new Map<string, string[]>();
  for (let i = 0; i < layers.length; i++) {
    const path = joinPath('layers', i);
    const entry = layers[i];
    if (!isObject(entry)) throw new KerasFormatError('BAD_CONFIG', `expected a layer entry, got ${describeValue(entry)}`, { configPath: path });
    const cfg = own(entry, 'config');
    const lname = own(entry, 'name') ?? (isObject(cfg) ? own(cfg, 'name') : undefined);
    if (typeof lname !== 'string') throw new KerasFormatError('BAD_CONFIG', 'a layer entry needs a name', { configPath: joinPath(path, 'name') });
    if (byName.has(lname)) throw new KerasFormatError('BAD_CONFIG', `two layers are named '${lname}'`, { layerName: lname, configPath: path });
    const nodes = own(entry, 'inbound_nodes') ?? [];
    if (!Array.isArray(nodes)) throw new KerasFormatError('BAD_CONFIG', `expected a list of inbound nodes, got ${describeValue(nodes)}`, { layerName: lname, configPath: joinPath(path, 'inbound_nodes') });
    let from: string | null = null;
    if (own(entry, 'class_name') !== 'InputLayer') {
      if (nodes.length !== 1) unsupported(`layer '${lname}' is called ${nodes.length} times (a shared layer)`, lname, joinPath(path, 'inbound_nodes'));
      const refs = inboundRefs(nodes[0]!, joinPath(joinPath(path, 'inbound_nodes'), 0), lname);
      if (refs.length !== 1) unsupported(`layer '${lname}' takes ${refs.length} inputs (a merge)`, lname, joinPath(path, 'inbound_nodes'));
      const ref = refs[0]!;
      if (ref.node !== 0 || ref.tensor !== 0) unsupported(`layer '${lname}' reads node ${ref.node}, tensor ${ref.tensor} of '${ref.layer}'`, lname, joinPath(path, 'inbound_nodes'));
      from = ref.layer;
      const list = consumers.get(ref.layer) ?? [];
      list.push(lname);
      consumers.set(ref.layer, list);
    }
    byName.set(lname, { index: i, name: lname, entry, from });
  }

  // Walk the chain from the input to the output.
  const first = byName.get(inputs[0]!.layer);
  if (!first) throw new KerasFormatError('BAD_CONFIG', `input layer '${inputs[0]!.layer}' is not among the layers`, { configPath: 'input_layers' });
  if (own(first.entry, 'class_name') !== 'InputLayer') unsupported(`the input '${first.name}' is not an InputLayer`, first.name, joinPath('layers', first.index));
  const chain: Node[] = [first];
  for (let cur = first; ;) {
    const next = consumers.get(cur.name) ?? [];
    if (next.length > 1) unsupported(`the output of '${cur.name}' feeds ${next.length} layers (${next.join(', ')}), a branch`, cur.name, joinPath('layers', cur.index));
    if (next.length === 0) break;
    cur = byName.get(next[0]!)!;
    if (chain.length > layers.length) unsupported('the graph has a cycle', cur.name, joinPath('layers', cur.index));
    chain.push(cur);
  }
  const last = chain[chain.length - 1]!;
  if (last.name !== outputs[0]!.layer) unsupported(`the chain from '${first.name}' ends at '${last.name}', not at the output '${outputs[0]!.layer}'`, last.name, 'output_layers');
  if (chain.length !== layers.length) {
    const stray = [...byName.values()].find((n) => !chain.includes(n))!;
    unsupported(`layer '${stray.name}' is not on the path from the input to the output`, stray.name, joinPath('layers', stray.index));
  }
  const translated = chain.map((n) => translateLayer(new ConfigView(n.entry, '', joinPath('layers', n.index)), era));
  return assemble(name, trainable, translated, undefined, (i) => joinPath('layers', chain[i]!.index));
}
