export { Tensor, type TensorLike, type NestedArray } from './tensor.js';
export { ShapeError } from './errors.js';
export { Random } from './random.js';
export { tensor, zeros, ones, fill, randomUniform, randomNormal, truncatedNormal, type RandomOptions } from './create.js';
export { Variable, type AssignOptions } from './variable.js';
export { gemm } from './gemm.js';
export { matmul, type MatmulOptions } from './matmul.js';
export { add, sub, mul, div, maximum, minimum, pow, addScalar, subScalar, mulScalar, divScalar, powScalar } from './binary.js';
export {
  neg, abs, sign, sqrt, rsqrt, square, exp, expm1, log, log1p, sin, cos, tanh, sigmoid, erf, reciprocal, relu, clip,
} from './unary.js';
export { addRowVector, mulRowVector, sumColumns, sumRows } from './rowvector.js';
export { sum, mean, max, min, argmax, sumSquares, norm } from './reduce.js';
export { softmax, logSoftmax, softmaxBackward, logSoftmaxBackward } from './softmax.js';
export { transpose, sliceRows, gatherRows, concat } from './rows.js';
