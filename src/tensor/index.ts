export { Tensor, type TensorLike, type NestedArray } from './tensor.js';
export { ShapeError } from './errors.js';
export { Random } from './random.js';
export { tensor, zeros, ones, fill, randomUniform, randomNormal, truncatedNormal, type RandomOptions } from './create.js';
export { Variable } from './variable.js';
export { matmul, type MatmulOptions } from './matmul.js';
