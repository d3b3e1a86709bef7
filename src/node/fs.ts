/**
 * Node's `fs`, reached lazily at call time through
 * `process.getBuiltinModule('node:fs')` (Node ≥ 20.16), so no `node:*`
 * import exists anywhere in the library: bundlers have nothing to follow and
 * the same code loads in browsers and workers, where path-based calls fail
 * with a clear {@link FileIoError} and the byte-based APIs keep working.
 */
import { FileIoError } from './errors.js';

/** The part of `node:fs` this library uses (the tests substitute it to inject faults). */
export interface FsLike {
  openSync(path: string, flags: string, mode?: number): number;
  writevSync(fd: number, buffers: readonly ArrayBufferView[], position?: number | null): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  readFileSync(path: string): Uint8Array;
  statSync(path: string): { size: number; mode: number };
  /** `fs.promises` (only {@link readFileBytesAsync} uses it). */
  promises?: { open(path: string, flags: string): Promise<FileHandleLike> };
}

/** The part of a `fs.promises` FileHandle that {@link readFileBytesAsync} uses. */
export interface FileHandleLike {
  stat(): Promise<{ size: number }>;
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

interface ProcessLike {
  getBuiltinModule?: (id: string) => unknown;
  pid?: number;
}

let cached: FsLike | null = null;

/**
 * Node's `fs` module.
 * @param path the file the caller wants, for the error message.
 * @throws FileIoError `NO_FILE_SYSTEM` outside Node (or in Node < 20.16).
 */
export function nodeFs(path: string): FsLike {
  if (cached) return cached;
  const proc = (globalThis as { process?: ProcessLike }).process;
  const fs = typeof proc?.getBuiltinModule === 'function' ? proc.getBuiltinModule('node:fs') as FsLike | undefined : undefined;
  if (!fs) {
    throw new FileIoError('NO_FILE_SYSTEM', path,
      'file paths need Node.js >= 20.16 (process.getBuiltinModule); elsewhere pass the file\'s bytes (Uint8Array or ArrayBuffer) and use the *Bytes functions');
  }
  cached = fs;
  return fs;
}

/** The current process id, or 0 outside Node. */
export function processId(): number {
  return (globalThis as { process?: ProcessLike }).process?.pid ?? 0;
}
