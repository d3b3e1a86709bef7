/** Reads everything in a file: every object, link, attribute and dataset value. */
import { Hdf5Dataset, Hdf5Group, type Hdf5Object } from '../../src/hdf5/index.js';

export function readEverything(root: Hdf5Group): number {
  let n = 0;
  const touch = (obj: Hdf5Object): void => {
    for (const a of obj.attributes()) { void a.value; n++; }
    if (obj instanceof Hdf5Group) {
      obj.keys();
      obj.keys({ order: 'creation' });
      obj.links();
    } else if (obj instanceof Hdf5Dataset) {
      void obj.shape;
      void obj.dtype;
      obj.read();
      n++;
    }
  };
  touch(root);
  root.visit((_path, obj) => { touch(obj); return undefined; });
  return n;
}
