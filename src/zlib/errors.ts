import { PureKerasError } from '../errors.js';

/**
 * Stable codes carried by {@link ZlibError}. Tests and callers branch on these,
 * never on the message wording.
 */
export type ZlibErrorCode =
  /** The input ended before the stream did (includes an empty input). */
  | 'ZLIB_TRUNCATED'
  /** The RFC 1950 header is not deflate, claims a window above 32 KiB, or fails FCHECK. */
  | 'ZLIB_BAD_HEADER'
  /** The RFC 1950 header asks for a preset dictionary (FDICT), which we do not support. */
  | 'ZLIB_PRESET_DICTIONARY'
  /** The Adler-32 trailer does not match the decompressed bytes. */
  | 'ZLIB_BAD_CHECKSUM'
  /** A block header has BTYPE 3 (reserved). */
  | 'ZLIB_BAD_BLOCK_TYPE'
  /** A stored block's LEN is not the one's complement of its NLEN. */
  | 'ZLIB_BAD_STORED_LENGTH'
  /** A dynamic block's code lengths are invalid (over-subscribed or incomplete tree, repeat with nothing to repeat, too many lengths, no end-of-block code). */
  | 'ZLIB_BAD_CODE_LENGTHS'
  /** A literal/length code 286–287, a distance code 30–31, or a code outside an incomplete tree. */
  | 'ZLIB_INVALID_SYMBOL'
  /** A match refers back past the start of the output or beyond the window. */
  | 'ZLIB_INVALID_DISTANCE'
  /** The decompressed size would exceed `maxOutputLength` or the caller's `out` buffer. */
  | 'ZLIB_OUTPUT_LIMIT'
  /** An option is out of range (level, lengths). */
  | 'ZLIB_BAD_OPTION';

/**
 * Bad or truncated zlib / raw deflate input, or a bad codec option.
 * `offset` is the byte offset in the compressed input where decoding failed
 * (the byte holding the first bit of the offending item); -1 for option errors.
 *
 * @example
 * try { inflate(bytes); } catch (e) {
 *   if (e instanceof ZlibError && e.code === 'ZLIB_TRUNCATED') console.log(e.offset);
 * }
 */
export class ZlibError extends PureKerasError {
  /** Byte offset in the compressed input where decoding failed, or -1. */
  readonly offset: number;
  declare readonly code: ZlibErrorCode;

  constructor(code: ZlibErrorCode, offset: number, message: string) {
    super(code, offset >= 0 ? `zlib: ${message} (at input byte ${offset})` : `zlib: ${message}`);
    this.offset = offset;
  }
}
