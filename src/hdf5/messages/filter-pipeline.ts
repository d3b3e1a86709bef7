/**
 * The Filter Pipeline message (type 0x000B): the filters applied to each
 * chunk on write, in order (the reader undoes them in reverse). Version 1
 * pads names and odd client-data counts; version 2 omits names of the
 * predefined filters (id < 256).
 *
 * Spec: HDF5 File Format Specification v3, section IV.A.2.l "The Data
 * Storage - Filter Pipeline Message".
 */
import type { Cursor } from '../cursor.js';

export interface FilterDescription {
  id: number;
  name: string;
  /** Bit 0: the filter is optional (may be skipped on write). */
  flags: number;
  clientData: number[];
}

export function readFilterPipeline(c: Cursor, maxFilters: number): FilterDescription[] {
  const at = c.pos;
  const version = c.u8();
  if (version !== 1 && version !== 2) c.fail('UNSUPPORTED_VERSION', `filter pipeline version ${version}`, at);
  const count = c.u8();
  if (count > maxFilters) c.fail('LIMIT_EXCEEDED', `${count} filters exceed limits.maxFilters (${maxFilters})`, at + 1);
  if (version === 1) c.skip(6);
  const filters: FilterDescription[] = [];
  for (let i = 0; i < count; i++) {
    const id = c.u16();
    const nameLength = version === 1 || id >= 256 ? c.u16() : 0;
    const flags = c.u16();
    const nValues = c.u16();
    let name = '';
    if (nameLength > 0) {
      const start = c.pos;
      const raw = c.bytesView(nameLength);
      for (let k = 0; k < raw.length && raw[k] !== 0; k++) name += String.fromCharCode(raw[k]!);
      if (version === 1) c.pos = start + nameLength + ((8 - (nameLength % 8)) % 8);
      if (c.pos > c.end) c.fail('TRUNCATED', 'filter name padding runs past the message');
    }
    const clientData: number[] = [];
    for (let k = 0; k < nValues; k++) clientData.push(c.u32());
    if (version === 1 && nValues % 2 === 1) c.skip(4);
    filters.push({ id, name, flags, clientData });
  }
  return filters;
}
