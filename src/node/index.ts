/**
 * The Node adapter: files by path, written atomically. The rest of the
 * library works on bytes and reaches this folder only when given a path.
 * Importable on its own as `purekeras/node`.
 */
export { FileIoError } from './errors.js';
export { readFileBytes, writeFileAtomic, MAX_READ_BYTES, type AtomicWriteOptions } from './files.js';
export { nodeFs, type FsLike } from './fs.js';
