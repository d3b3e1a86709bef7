/**
 * The HDF5 writer: build a tree of groups, datasets and attributes and
 * serialise it to the classic profile h5py writes by default (superblock v0,
 * v1 object headers, symbol-table groups, contiguous or chunked datasets,
 * compact attributes, global heap for variable-length strings).
 */
export { H5Attributes, H5Dataset, H5File, H5Group, createHdf5, guessChunks } from './tree.js';
export type { H5Attribute, H5DatasetOptions } from './tree.js';
export { hdf5ByteLength, writeHdf5, writeHdf5Segments, type WriteHdf5Options } from './writer.js';
export type { H5Charset, H5NumericDtype, H5StringPadding } from './datatype.js';
export type { H5NestedArray, H5TypedArray, H5Value, H5ValueOptions } from './values.js';
export { float16Bits } from './values.js';
