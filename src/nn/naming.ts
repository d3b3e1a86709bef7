/** Keras 3's automatic names; the one table lives in src/naming.ts (shared with optimizers). */
export { autoName, clearSession, getUid, toSnakeCase } from '../naming.js';
