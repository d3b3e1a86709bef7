export { Hdf5Error } from './errors.js';
export { openHdf5, type OpenHdf5Options } from './open.js';
export { Hdf5Group, Hdf5NamedDatatype, type Hdf5Object, type Hdf5ExternalLink, type Hdf5Link } from './group.js';
export { Hdf5Dataset, type ReadOptions as Hdf5ReadOptions } from './dataset.js';
export { Hdf5Node, type Hdf5Attribute, type OrderOptions as Hdf5OrderOptions } from './node.js';
export type { Hdf5AttributeValue } from './attribute-value.js';
export type { Hdf5Value, Hdf5Record } from './convert.js';
export type { Hdf5Limits } from './limits.js';
export type { FilterDecoder as Hdf5FilterDecoder, FilterContext as Hdf5FilterContext } from './filters/registry.js';
export type { FilterDescription as Hdf5FilterDescription } from './messages/filter-pipeline.js';
export type {
  Hdf5Dtype, IntegerDtype as Hdf5IntegerDtype, FloatDtype as Hdf5FloatDtype, StringDtype as Hdf5StringDtype,
  CompoundDtype as Hdf5CompoundDtype, EnumDtype as Hdf5EnumDtype, ArrayDtype as Hdf5ArrayDtype,
  VlenDtype as Hdf5VlenDtype, ReferenceDtype as Hdf5ReferenceDtype, OpaqueDtype as Hdf5OpaqueDtype,
  BitfieldDtype as Hdf5BitfieldDtype, TimeDtype as Hdf5TimeDtype, ComplexDtype as Hdf5ComplexDtype,
} from './dtype.js';
export * from './write/index.js';
