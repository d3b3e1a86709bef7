/**
 * The Node adapter: files by path, written atomically. The rest of the
 * library works on bytes and reaches this folder only when given a path.
 * Importable on its own as `purekeras/node`.
 */
export { FileIoError } from './errors.js';
export { readFileBytes, readFileBytesAsync, writeFileAtomic, MAX_READ_BYTES, type AtomicWriteOptions, type ReadAsyncOptions } from './files.js';
export { nodeFs, type FsLike, type FileHandleLike } from './fs.js';
