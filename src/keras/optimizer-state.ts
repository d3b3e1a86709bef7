/**
 * Optimizer state in legacy `.h5` files (`optimizer_weights`), mapped onto
 * the slots of our optimizer so that training continues as Keras would.
 *
 * Every Keras generation named and ordered these differently:
 *  - Keras 3: `adam/iteration`, `adam/learning_rate`, then
 *    `adam/<variable path with / → _>_<slot>` (`momentum`, `velocity`, …),
 *    plus Nadam's bare `variable` (u_product).
 *  - tf.keras 2.0–2.10 (OptimizerV2): `Adam/iter:0`, then
 *    `Adam/<variable name>/<slot>:0` with slot `m`, `v`, `vhat`, `momentum`,
 *    `rms`, `mg`, `accumulator`, `accum_grad`, `accum_var`, `linear`;
 *    Nadam's `momentum_cache`; slots grouped per kind (all `m`, then all `v`).
 *  - tf.keras 2.11+: `Adam/iteration:0`, `Adam/m/<variable name>:0`.
 *  - Keras 2.0–2.3 and Keras 1: `iterations` (named or not) and anonymous
 *    `Variable_N:0` / `training/Adam/Variable_3:0` / `param_N` slots, one
 *    group per kind in the order each optimizer's `get_updates` created
 *    them; Keras 1 ordered the model's weights by name, not by layer.
 *
 * Named entries are matched by (variable, slot kind); anonymous ones by
 * position, with every shape checked. Whatever cannot be matched exactly is
 * reported, never guessed: the caller then keeps a fresh optimizer state,
 * as Keras does, with a warning.
 */
import { Tensor, type Variable } from '../tensor/index.js';
import type { Optimizer } from '../optim/index.js';

/**
 * The optimizer's `iteration` variable as Keras stores it (int64): every
 * `applyGradients` call counts, also the accumulation-only ones with
 * `gradient_accumulation_steps` (where `iterations` reports whole cycles).
 * Exact at any count (the optimizer's `rawIterations`, not its float32
 * variable).
 */
export function storedIterationCount(optimizer: Optimizer): number {
  return optimizer.rawIterations;
}

/** One array read from a file, with the name it was stored under. */
export interface NamedArray {
  /** The stored name (`adam/iteration`, `training/Adam/Variable_3:0`). */
  name: string;
  /** The shape. */
  shape: number[];
  /** The values as float32 (integers exact up to 2^24; see `exact`). */
  data: Float32Array;
  /** The value as a plain number for scalars (exact for int64 iteration counts). */
  scalar?: number;
}

/** What the file says about the producer. */
export interface OptimizerStateSource {
  /** The Keras generation that wrote the file. */
  era: 1 | 2 | 3;
  /** The names the file gives the model's trainable weights, in the model's order. */
  modelWeightNames: string[];
}

/** The outcome of a restore. */
export interface OptimizerStateResult {
  /** True when every slot of our optimizer received a value. */
  restored: boolean;
  /** Why not, when `restored` is false. */
  reason?: string;
  /** File entries that had no counterpart and were ignored (e.g. Keras 2's unused SGD moments). */
  ignored: string[];
}

/** Our slot kind for a file slot name, per optimizer class (Keras 3 names map to themselves). */
const SLOT_ALIASES = new Map<string, Map<string, string>>([
  ['SGD', new Map([['momentum', 'momentum'], ['m', 'momentum'], ['moments', 'momentum']])],
  ['Adam', new Map([['m', 'momentum'], ['v', 'velocity'], ['vhat', 'velocity_hat']])],
  ['AdamW', new Map([['m', 'momentum'], ['v', 'velocity'], ['vhat', 'velocity_hat']])],
  ['Nadam', new Map([['m', 'momentum'], ['v', 'velocity']])],
  ['Adamax', new Map([['m', 'momentum'], ['v', 'norm'], ['u', 'norm']])],
  ['RMSprop', new Map([['rms', 'velocity'], ['mg', 'average_gradient'], ['momentum', 'momentum']])],
  ['Adagrad', new Map([['accumulator', 'accumulator']])],
  ['Adadelta', new Map([['accum_grad', 'accumulated_grad'], ['accum_var', 'accumulated_delta_var']])],
  ['Ftrl', new Map([['accumulator', 'accumulator'], ['linear', 'linear']])],
  ['Lion', new Map([['m', 'momentum'], ['momentum', 'momentum']])],
]);

/**
 * Anonymous slot groups of Keras 1/2, in creation order, after the leading
 * `iterations` (when present). A group of kind `null` is stored but unused
 * by Keras 3's math (Adam's `vhats` of shape (1,) without amsgrad).
 */
const LEGACY_GROUPS = new Map<string, string[]>([
  ['SGD', ['momentum']],
  ['Adam', ['momentum', 'velocity', 'velocity_hat']],
  ['AdamW', ['momentum', 'velocity', 'velocity_hat']],
  ['Nadam', ['momentum', 'velocity']],
  ['Adamax', ['momentum', 'norm']],
  ['RMSprop', ['velocity', 'momentum', 'average_gradient']],
  ['Adagrad', ['accumulator']],
  ['Adadelta', ['accumulated_grad', 'accumulated_delta_var']],
  ['Ftrl', ['accumulator', 'linear']],
  ['Lion', ['momentum']],
]);

const ITERATION = /(^|\/)(iterations?|iter)(:\d+)?$/;
const LEARNING_RATE = /(^|\/)(learning_rate|lr)(:\d+)?$/;
const U_PRODUCT = /(^|\/)(variable|u_product|momentum_cache|m_schedule)(:\d+)?$/;

function stripIndex(name: string): string {
  return name.replace(/:\d+$/, '');
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function fmt(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Our optimizer's variables by role. */
export interface OurSlots {
  iteration: Variable;
  learningRate: Variable | null;
  /** `${varIndex}:${kind}` → slot. */
  slots: Map<string, Variable>;
  /** Nadam's u_product and other standalone variables, by name. */
  standalone: Map<string, Variable>;
  kinds: Set<string>;
}

/**
 * Sorts a built optimizer's variables by role: the iteration, the learning
 * rate, each slot by (model variable index, kind), and standalone ones.
 * @param modelVars the variables the optimizer was built over, in order.
 */
export function classifyOptimizerVariables(optimizer: Optimizer, modelVars: readonly Variable[]): OurSlots {
  const vars = optimizer.variables;
  const prefixes = modelVars.map((v) => `${v.path.replaceAll('/', '_')}_`);
  const out: OurSlots = { iteration: vars[0]!, learningRate: null, slots: new Map(), standalone: new Map(), kinds: new Set() };
  for (let i = 1; i < vars.length; i++) {
    const v = vars[i]!;
    if (v.name === 'learning_rate') { out.learningRate = v; continue; }
    let best = -1;
    for (let j = 0; j < prefixes.length; j++) {
      if (v.name.startsWith(prefixes[j]!) && (best < 0 || prefixes[j]!.length > prefixes[best]!.length)) best = j;
    }
    if (best < 0) { out.standalone.set(v.name, v); continue; }
    const kind = v.name.slice(prefixes[best]!.length);
    out.slots.set(`${best}:${kind}`, v);
    out.kinds.add(kind);
  }
  return out;
}

/**
 * Restores `optimizer`'s state from a file's `optimizer_weights`, building
 * it over `modelVars` (the model's trainable variables, in order) first.
 * Leaves the optimizer fresh and says why when the entries cannot be mapped
 * exactly (counts, names or shapes that do not fit).
 */
export function restoreOptimizerState(
  optimizer: Optimizer,
  modelVars: readonly Variable[],
  entries: readonly NamedArray[],
  source: OptimizerStateSource,
): OptimizerStateResult {
  // The learning rate goes into the config we write: a NaN or infinite one
  // (a damaged or diverged file) would make a file that no loader accepts.
  const storedLr = entries.find((e) => e.shape.length === 0 && LEARNING_RATE.test(e.name));
  const lrValue = storedLr ? storedLr.scalar ?? storedLr.data[0] : 0;
  if (lrValue === undefined || !Number.isFinite(lrValue)) {
    return { restored: false, reason: `the stored learning rate '${storedLr!.name}' is ${lrValue}`, ignored: [] };
  }
  // A file saved before the optimizer was built holds only the iteration
  // count (0) and the learning rate: the state of a fresh optimizer.
  const rest = entries.filter((e) => !(e.shape.length === 0 && (ITERATION.test(e.name) || LEARNING_RATE.test(e.name))));
  if (rest.length === 0) {
    const it = entries.find((e) => ITERATION.test(e.name));
    const lr = entries.find((e) => LEARNING_RATE.test(e.name));
    if ((it?.scalar ?? 0) === 0) {
      if (lr && optimizer.learningRateSchedule === null) optimizer.learningRate = lr.scalar ?? lr.data[0]!;
      return { restored: true, ignored: [] };
    }
  }
  optimizer.build(modelVars as Variable[]);
  const ours = classifyOptimizerVariables(optimizer, modelVars);
  const ignored: string[] = [];
  const assigned = new Map<Variable, NamedArray>();
  let iterations: number | null = null;
  const fail = (reason: string): OptimizerStateResult => ({ restored: false, reason, ignored });

  const aliases = SLOT_ALIASES.get(optimizer.className) ?? new Map<string, string>();
  const kindOf = (fileKind: string): string => aliases.get(fileKind) ?? fileKind;
  const nameKeys = source.modelWeightNames.map((n) => stripIndex(n));
  const underscored = nameKeys.map((n) => n.replaceAll('/', '_'));

  const anonymous: NamedArray[] = [];
  for (const e of entries) {
    const name = stripIndex(e.name);
    if (ITERATION.test(e.name) && e.shape.length === 0) { iterations = e.scalar ?? e.data[0]!; continue; }
    if (LEARNING_RATE.test(e.name) && e.shape.length === 0) {
      if (ours.learningRate) assigned.set(ours.learningRate, e); else ignored.push(e.name);
      continue;
    }
    if (U_PRODUCT.test(e.name) && e.shape.length === 0 && optimizer.className === 'Nadam') {
      const u = ours.standalone.get('variable') ?? ours.standalone.values().next().value;
      if (u) assigned.set(u, e); else ignored.push(e.name);
      continue;
    }
    const slot = namedSlot(name, nameKeys, underscored, kindOf);
    if (slot) {
      const target = ours.slots.get(`${slot.index}:${slot.kind}`);
      if (!target) { ignored.push(e.name); continue; }
      if (!sameShape(target.shape, e.shape)) {
        return fail(`optimizer weight '${e.name}' has shape ${fmt(e.shape)} but slot '${target.name}' needs ${fmt(target.shape)}`);
      }
      assigned.set(target, e);
      continue;
    }
    anonymous.push(e);
  }

  if (anonymous.length > 0) {
    const r = assignAnonymous(optimizer, modelVars, ours, anonymous, source, assigned, ignored);
    if (r.iterations !== undefined) iterations = r.iterations;
    if (r.error) return fail(r.error);
  }

  // Every slot of ours must have received a value.
  for (const v of ours.slots.values()) {
    if (!assigned.has(v)) return fail(`the file has no value for optimizer slot '${v.name}'`);
  }
  for (const v of ours.standalone.values()) {
    if (!assigned.has(v)) return fail(`the file has no value for optimizer variable '${v.name}'`);
  }
  const weights = optimizer.getWeights();
  const vars = optimizer.variables;
  for (let i = 0; i < vars.length; i++) {
    const src = assigned.get(vars[i]!);
    if (src) weights[i] = new Tensor(src.data.slice(), vars[i]!.shape);
  }
  const it = iterations ?? 0;
  if (!Number.isSafeInteger(it) || it < 0) return fail(`the stored iteration count ${it} is not a whole number >= 0`);
  weights[0] = new Tensor(new Float32Array([it]), []);
  optimizer.setWeights(weights);
  // The float32 variable is exact only up to 2^24; the count itself is set exactly.
  optimizer.rawIterations = it;
  return { restored: true, ignored };
}

/** Matches Keras 3, tf.keras V2 and tf.keras 2.11+ slot names to (variable index, our kind). */
function namedSlot(name: string, nameKeys: string[], underscored: string[], kindOf: (k: string) => string): { index: number; kind: string } | null {
  const slash = name.indexOf('/');
  if (slash < 0) return null;
  const rest = name.slice(slash + 1);
  // tf.keras V2: <var name>/<slot>
  const lastSlash = rest.lastIndexOf('/');
  if (lastSlash > 0) {
    const varName = rest.slice(0, lastSlash);
    const kind = rest.slice(lastSlash + 1);
    const i = nameKeys.indexOf(varName);
    if (i >= 0) return { index: i, kind: kindOf(kind) };
    // tf.keras 2.11+: <slot>/<var name>
    const firstSlash = rest.indexOf('/');
    const kind2 = rest.slice(0, firstSlash);
    const j = nameKeys.indexOf(rest.slice(firstSlash + 1));
    if (j >= 0) return { index: j, kind: kindOf(kind2) };
    return null;
  }
  // Keras 3: <var path with / → _>_<slot>; take the longest variable prefix.
  let best = -1;
  for (let j = 0; j < underscored.length; j++) {
    const p = `${underscored[j]}_`;
    if (rest.startsWith(p) && (best < 0 || p.length > underscored[best]!.length + 1)) best = j;
  }
  if (best < 0) return null;
  return { index: best, kind: kindOf(rest.slice(underscored[best]!.length + 1)) };
}

/** Keras 1/2 anonymous entries: positional groups per kind. */
function assignAnonymous(
  optimizer: Optimizer,
  modelVars: readonly Variable[],
  ours: OurSlots,
  anonymous: NamedArray[],
  source: OptimizerStateSource,
  assigned: Map<Variable, NamedArray>,
  ignored: string[],
): { error?: string; iterations?: number } {
  const n = modelVars.length;
  if (source.era === 3) {
    return { error: `optimizer weights ${anonymous.slice(0, 3).map((e) => `'${e.name}'`).join(', ')} do not name a variable of this model` };
  }
  let list = anonymous;
  let iterations: number | undefined;
  // A leading scalar is `iterations` (Keras 2.0 stored it unnamed in some backends).
  if (list.length > 0 && list[0]!.shape.length === 0) {
    iterations = list[0]!.scalar ?? list[0]!.data[0]!;
    list = list.slice(1);
  }
  // Keras 2 Nadam: m_schedule (a scalar) before the slots.
  if (optimizer.className === 'Nadam' && list.length > 0 && list[0]!.shape.length === 0) {
    const u = ours.standalone.get('variable') ?? ours.standalone.values().next().value;
    if (u) assigned.set(u, list[0]!);
    list = list.slice(1);
  }
  const groups = LEGACY_GROUPS.get(optimizer.className);
  if (!groups) return { error: `no known layout of ${optimizer.className} optimizer weights` };
  if (n === 0 || list.length % n !== 0 || list.length / n > groups.length) {
    return { error: `${list.length} unnamed optimizer weights do not form groups of ${n} (one per trainable weight) for ${optimizer.className}` };
  }
  // Keras 1 ordered the model's weights by name (collect_trainable_weights sorted them).
  const order = source.era === 1
    ? source.modelWeightNames.map((name, i) => ({ name, i })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((x) => x.i)
    : source.modelWeightNames.map((_, i) => i);
  const count = list.length / n;
  for (let g = 0; g < count; g++) {
    const kind = groups[g]!;
    for (let k = 0; k < n; k++) {
      const e = list[g * n + k]!;
      const index = order[k]!;
      const target = ours.slots.get(`${index}:${kind}`);
      if (!target) { ignored.push(e.name); continue; }
      if (!sameShape(target.shape, e.shape)) {
        return { error: `optimizer weight #${g * n + k} '${e.name}' has shape ${fmt(e.shape)} but slot '${target.name}' needs ${fmt(target.shape)}` };
      }
      assigned.set(target, e);
    }
  }
  return iterations === undefined ? {} : { iterations };
}
