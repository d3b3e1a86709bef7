import type { Tensor } from './tensor.js';

/**
 * A model or optimizer weight: a tensor updated in place, with the name and
 * path Keras gives it. Keras 3 derives optimizer slot names from the path
 * (`sequential/dense/kernel` → `sequential_dense_kernel_momentum`), so the
 * path is part of the file format.
 */
export class Variable {
  /** The current value; optimizers write into `value.data` in place. */
  value: Tensor;
  /** The short name, e.g. `kernel`, `bias`, `iteration`. */
  readonly name: string;
  /** The Keras 3 path, e.g. `sequential/dense/kernel`; set when the owner is attached. */
  path: string;
  /** Whether optimizers update it. */
  trainable: boolean;

  constructor(value: Tensor, name: string, opts: { path?: string; trainable?: boolean } = {}) {
    this.value = value;
    this.name = name;
    this.path = opts.path ?? name;
    this.trainable = opts.trainable ?? true;
  }

  get shape(): readonly number[] {
    return this.value.shape;
  }
}
