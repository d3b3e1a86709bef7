/**
 * Converts an attribute's raw value into the value {@link Hdf5Node.attrs}
 * exposes: scalars unwrapped (number, bigint, string, record), arrays as
 * typed arrays or string[] (always copies, never views of the file).
 */
import { decodeElements, type Hdf5Record, type Hdf5Value } from './convert.js';
import type { FileContext } from './file-context.js';
import type { RawAttribute } from './messages/attribute.js';

/** An attribute value: see {@link Hdf5Node.attrs}. `null` for a null dataspace. */
export type Hdf5AttributeValue = number | bigint | string | Hdf5Record | Hdf5Value | null;

export function attributeValue(file: FileContext, a: RawAttribute): Hdf5AttributeValue {
  if (a.space.kind === 'null') return null;
  const values = decodeElements(file, a.data, a.dtype, a.space.size, { copy: true, at: a.dataAt });
  if (a.space.kind !== 'scalar') return values;
  const t = a.dtype;
  if (t.class === 'array' || t.class === 'complex' || t.class === 'opaque' || t.class === 'reference'
    || t.class === 'bitfield' || t.class === 'time') return values;
  return (values as ArrayLike<Hdf5AttributeValue>)[0] ?? null;
}
