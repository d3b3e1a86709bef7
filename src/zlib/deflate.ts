/**
 * Raw DEFLATE encoding (RFC 1951): level 0 stores, levels 1–9 run LZ77
 * (lz77.ts) and write each block in its smallest form (block-writer.ts).
 */
import { BlockWriter } from './block-writer.js';
import { ZlibError } from './errors.js';
import { compressGreedy, compressLazy, LEVELS } from './lz77.js';

/** Options of {@link deflate} and {@link deflateRaw}. */
export interface DeflateOptions {
  /**
   * 0 (store only) to 9 (smallest output, slowest), with zlib's meaning and
   * tuning. Default 6, zlib's default.
   */
  level?: number;
}

/** Checks and returns the compression level. */
export function deflateLevel(opts: DeflateOptions | undefined): number {
  const level = opts?.level ?? 6;
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new ZlibError('ZLIB_BAD_OPTION', -1, `level must be an integer from 0 to 9, got ${level}`);
  }
  return level;
}

/** Compresses `data` at `level` into a raw DEFLATE stream. */
export function deflateWith(data: Uint8Array, level: number): Uint8Array {
  const n = data.length;
  if (level === 0) {
    const w = new BlockWriter(data, n + 5 * Math.ceil(n / 65535) + 16);
    w.writeStored(true, 0, n);
    return w.finish();
  }
  const w = new BlockWriter(data, (n >>> 1) + 1024);
  const cfg = LEVELS[level]!;
  if (cfg.lazyParsing) compressLazy(w, cfg);
  else compressGreedy(w, cfg);
  w.flush(true, n);
  return w.finish();
}

/**
 * Compresses bytes into a raw DEFLATE stream (RFC 1951: no zlib header or
 * checksum), readable by {@link inflateRaw}, zlib and every other inflater.
 * @param data the bytes to compress.
 * @param opts `level` 0..9, default 6.
 * @returns the compressed bytes.
 * @throws ZlibError ZLIB_BAD_OPTION for a level outside 0..9.
 * @example inflateRaw(deflateRaw(bytes, { level: 9 })) // equals bytes
 */
export function deflateRaw(data: Uint8Array, opts?: DeflateOptions): Uint8Array {
  return deflateWith(data, deflateLevel(opts));
}
