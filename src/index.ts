/**
 * purekeras: Keras in pure TypeScript. The public API; see README.md.
 * Each area re-exports its public surface from its own index.ts.
 */
export { PureKerasError } from './errors.js';
export * from './tensor/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export * from './hdf5/index.js';
export * from './yaml/index.js';
export * from './keras/index.js';
