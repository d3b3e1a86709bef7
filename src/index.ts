/**
 * purekeras: Keras in pure TypeScript. The public API; see README.md.
 */
export { PureKerasError } from './errors.js';
export * from './tensor/index.js';
