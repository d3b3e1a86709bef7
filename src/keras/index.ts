export { type LoadWeightsOptions } from './model-io.js';
