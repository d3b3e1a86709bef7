/**
 * The tags the reader accepts, as one table (YAML 1.2 §6.8.2 tag shorthands,
 * PyYAML's SafeConstructor plus `!!python/tuple`, `!!python/unicode`,
 * `!!python/str`). Every other tag is refused with its name; the tags with
 * which PyYAML's unsafe loaders build or name Python objects get their own
 * code, UNSAFE_TAG.
 */

/** No tag: the node's kind and, for plain scalars, the implicit resolvers decide. */
export const TAG_NONE = 0;
/** `!`: the non-specific tag. PyYAML resolves such a scalar as if it were plain. */
export const TAG_NON_SPECIFIC = 1;
export const TAG_STR = 2;
export const TAG_INT = 3;
export const TAG_FLOAT = 4;
export const TAG_BOOL = 5;
export const TAG_NULL = 6;
export const TAG_SEQ = 7;
export const TAG_MAP = 8;
export const TAG_TUPLE = 9;

/** The core schema's prefix, which the `!!` handle stands for by default. */
export const CORE_PREFIX = 'tag:yaml.org,2002:';

const SUPPORTED: ReadonlyMap<string, number> = new Map([
  [`${CORE_PREFIX}str`, TAG_STR],
  [`${CORE_PREFIX}int`, TAG_INT],
  [`${CORE_PREFIX}float`, TAG_FLOAT],
  [`${CORE_PREFIX}bool`, TAG_BOOL],
  [`${CORE_PREFIX}null`, TAG_NULL],
  [`${CORE_PREFIX}seq`, TAG_SEQ],
  [`${CORE_PREFIX}map`, TAG_MAP],
  [`${CORE_PREFIX}python/tuple`, TAG_TUPLE],
  [`${CORE_PREFIX}python/unicode`, TAG_STR],
  [`${CORE_PREFIX}python/str`, TAG_STR],
]);

/** Tag prefixes with which PyYAML's full / unsafe loaders import modules, look up names or call constructors. */
const UNSAFE_PREFIXES: readonly string[] = [
  `${CORE_PREFIX}python/object`, // python/object:, python/object/apply:, python/object/new:
  `${CORE_PREFIX}python/name:`,
  `${CORE_PREFIX}python/module:`,
];

/** Which kind of node each tag applies to, for TAG_MISMATCH messages. */
export function tagNodeKind(tag: number): 'scalar' | 'sequence' | 'mapping' | 'any' {
  return tag === TAG_SEQ || tag === TAG_TUPLE ? 'sequence' : tag === TAG_MAP ? 'mapping'
    : tag === TAG_NONE || tag === TAG_NON_SPECIFIC ? 'any' : 'scalar';
}

/**
 * Looks a full tag up. Returns its TAG_* code, or a string: the reason it is
 * refused (`'unsafe'` or `'unsupported'`).
 */
export function lookUpTag(fullTag: string): number | 'unsafe' | 'unsupported' {
  const known = SUPPORTED.get(fullTag);
  if (known !== undefined) return known;
  for (const prefix of UNSAFE_PREFIXES) if (fullTag.startsWith(prefix)) return 'unsafe';
  return 'unsupported';
}
