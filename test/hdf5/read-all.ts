/**
 * Reads everything in a file: every object, link, attribute and dataset
 * value. An Hdf5Error on one object is recorded and the walk goes on, so one
 * unreadable dataset does not hide the rest; any other error propagates.
 */
import { Hdf5Dataset, Hdf5Error, Hdf5Group, type Hdf5Object } from '../../src/hdf5/index.js';

export function readEverything(root: Hdf5Group): { objects: number; errors: Hdf5Error[] } {
  let objects = 0;
  const errors: Hdf5Error[] = [];
  const guard = (fn: () => void): void => {
    try {
      fn();
    } catch (e) {
      if (!(e instanceof Hdf5Error)) throw e;
      errors.push(e);
    }
  };
  const touch = (obj: Hdf5Object): void => {
    objects++;
    guard(() => { for (const a of obj.attributes()) void a.value; });
    if (obj instanceof Hdf5Group) {
      guard(() => { obj.keys(); obj.keys({ order: 'creation' }); obj.links(); });
    } else if (obj instanceof Hdf5Dataset) {
      guard(() => { void obj.shape; void obj.dtype; obj.read(); });
    }
  };
  touch(root);
  root.visit((_path, obj) => { touch(obj); return undefined; });
  return { objects, errors };
}
