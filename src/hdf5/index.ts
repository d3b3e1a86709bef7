export { Hdf5Error } from './errors.js';
