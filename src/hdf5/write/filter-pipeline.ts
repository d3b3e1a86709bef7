/**
 * Filter pipeline message (type 0x000B), version 1, and the two filters the
 * writer applies to chunks: shuffle (id 2, client data = element size) and
 * deflate (id 1, client data = level). Both are flagged optional, as h5py
 * does, so a chunk that does not shrink may be stored raw with its filter
 * mask bit set. Spec: "IV.A.2.l. The Data Storage - Filter Pipeline Message".
 */
import { align8, type Out } from './bytes.js';
import { FLAG_CONSTANT, MSG, type Message } from './object-header.js';

/** One filter in the pipeline, in application order. */
export interface FilterSpec {
  readonly id: number;
  readonly name: string;
  readonly clientData: readonly number[];
}

/** HDF5 filter identifiers. */
export const FILTER_ID = Object.freeze({ DEFLATE: 1, SHUFFLE: 2 });
const FILTER_OPTIONAL = 0x0001;

function filterSize(f: FilterSpec): number {
  const nameLen = align8(f.name.length + 1);
  const values = f.clientData.length;
  return 8 + nameLen + 4 * values + (values % 2 === 1 ? 4 : 0);
}

/** The filter pipeline message for `filters` (applied in order when writing). */
export function filterPipelineMessage(filters: readonly FilterSpec[]): Message {
  let size = 8;
  for (const f of filters) size += filterSize(f);
  return {
    type: MSG.FILTER_PIPELINE,
    flags: FLAG_CONSTANT,
    size,
    write(out: Out, off: number) {
      const { bytes, view } = out;
      bytes[off] = 1; // version
      bytes[off + 1] = filters.length;
      let p = off + 8;
      for (const f of filters) {
        const nameLen = align8(f.name.length + 1);
        view.setUint16(p, f.id, true);
        view.setUint16(p + 2, nameLen, true);
        view.setUint16(p + 4, FILTER_OPTIONAL, true);
        view.setUint16(p + 6, f.clientData.length, true);
        p += 8;
        for (let i = 0; i < f.name.length; i++) bytes[p + i] = f.name.charCodeAt(i);
        p += nameLen;
        for (const v of f.clientData) {
          view.setUint32(p, v, true);
          p += 4;
        }
        if (f.clientData.length % 2 === 1) p += 4;
      }
    },
  };
}
