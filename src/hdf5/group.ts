/**
 * Groups: named links to other objects. `get` resolves `/`-separated paths
 * (absolute or relative), following hard and soft links inside the file and
 * returning external links as descriptors; `visit` walks every object
 * reachable through hard links once, so hard-link cycles are safe.
 */
import { UNDEFINED_ADDRESS } from './cursor.js';
import { Hdf5Dataset } from './dataset.js';
import type { Hdf5Dtype } from './dtype.js';
import { Hdf5Error } from './errors.js';
import type { FileContext } from './file-context.js';
import type { FilterDecoder } from './filters/registry.js';
import { compareNames, readGroupLinks } from './links.js';
import { readDatatype } from './messages/datatype.js';
import type { Link } from './messages/link.js';
import { resolveShared } from './messages/shared.js';
import { Hdf5Node, type OrderOptions } from './node.js';
import { MSG_FLAG_SHARED } from './object-header.js';

/** A link to an object in another file (h5py's ExternalLink); not followed. */
export interface Hdf5ExternalLink {
  kind: 'external';
  /** Path of the link in this file. */
  path: string;
  /** The other file's name, as stored. */
  file: string;
  /** The object's path inside the other file. */
  target: string;
}

/** A committed (named) datatype stored as an object in the file. */
export class Hdf5NamedDatatype extends Hdf5Node {
  /** The stored datatype. */
  get dtype(): Hdf5Dtype {
    const m = this.header.messages.find((x) => x.type === 0x03);
    if (!m) throw new Hdf5Error('BAD_OBJECT_HEADER', 'object header', this.ctx.absolute(this.address, 'datatype'), 'no datatype message');
    const c = m.flags & MSG_FLAG_SHARED ? resolveShared(this.ctx, m.data.clone(), 0x03) : m.data.clone();
    return readDatatype(c, 0, this.ctx.limits.maxTypeDepth);
  }
}

/** Anything {@link Hdf5Group.get} can return. */
export type Hdf5Object = Hdf5Group | Hdf5Dataset | Hdf5NamedDatatype;

/** A description of one link of a group, as {@link Hdf5Group.links} lists it. */
export type Hdf5Link =
  | { kind: 'hard'; name: string }
  | { kind: 'soft'; name: string; target: string }
  | { kind: 'external'; name: string; file: string; target: string }
  | { kind: 'user'; name: string; linkType: number };

export class Hdf5Group extends Hdf5Node {
  private cachedLinks: { links: Link[]; tracked: boolean; byName: Map<string, Link> } | undefined;
  /** @internal */
  readonly filterDecoders: Readonly<Record<number, FilterDecoder>> | undefined;
  /** @internal */
  readonly root: Hdf5Group;

  /** @internal */
  constructor(ctx: FileContext, path: string, address: number, root: Hdf5Group | null,
    filters?: Readonly<Record<number, FilterDecoder>>) {
    super(ctx, path, address);
    this.root = root ?? this;
    this.filterDecoders = filters;
  }

  private get linkTable(): { links: Link[]; tracked: boolean; byName: Map<string, Link> } {
    if (!this.cachedLinks) {
      this.cachedLinks = this.ctx.cached('links', this.address, () => {
        const { links, creationOrderTracked } = readGroupLinks(this.ctx, this.header);
        return { links, tracked: creationOrderTracked, byName: new Map(links.map((l) => [l.name, l])) };
      });
    }
    return this.cachedLinks;
  }

  private ordered(opts: OrderOptions): Link[] {
    const { links, tracked } = this.linkTable;
    const order = opts.order ?? (tracked ? 'creation' : 'name');
    const list = links.slice();
    if (order === 'creation' && tracked) list.sort((a, b) => a.creationOrder - b.creationOrder);
    else list.sort((a, b) => compareNames(a.name, b.name));
    return list;
  }

  /**
   * Names of the group's links.
   * @param opts.order `'name'` (UTF-8 byte order) or `'creation'`; default as
   *   h5py: creation order when the group tracks it, else name order.
   */
  keys(opts: OrderOptions = {}): string[] {
    return this.ordered(opts).map((l) => l.name);
  }

  /** The group's links with their kinds (hard, soft with target, external with file and target). */
  links(opts: OrderOptions = {}): Hdf5Link[] {
    return this.ordered(opts).map((l): Hdf5Link => {
      switch (l.kind) {
        case 'hard': return { kind: 'hard', name: l.name };
        case 'soft': return { kind: 'soft', name: l.name, target: l.target };
        case 'external': return { kind: 'external', name: l.name, file: l.file, target: l.target };
        default: return { kind: 'user', name: l.name, linkType: l.linkType };
      }
    });
  }

  /** Number of links in the group. */
  get length(): number {
    return this.linkTable.links.length;
  }

  /** True when `path` resolves to an object (or an external link). */
  has(path: string): boolean {
    return this.get(path) !== undefined;
  }

  /**
   * Resolves a `/`-separated path, absolute (from the root) or relative to
   * this group. Soft links are followed (at most limits.maxLinkHops); an
   * external link at the end of the path is returned as a descriptor.
   * @returns the object, or undefined when a component does not exist.
   * @throws Hdf5Error `EXTERNAL_LINK` when the path continues through an
   *   external link; `LINK_LOOP` for soft links that never end.
   * @example root.get('model_weights/dense/dense/kernel:0')
   */
  get(path: string): Hdf5Object | Hdf5ExternalLink | undefined {
    return this.resolve(path, { hops: 0 });
  }

  /**
   * Like {@link get}, but insists on a dataset.
   * @throws Hdf5Error `NOT_FOUND` when nothing is at `path`; `WRONG_KIND` when it is not a dataset.
   */
  getDataset(path: string): Hdf5Dataset {
    return this.expect(path, Hdf5Dataset, 'dataset');
  }

  /**
   * Like {@link get}, but insists on a group.
   * @throws Hdf5Error `NOT_FOUND` when nothing is at `path`; `WRONG_KIND` when it is not a group.
   */
  getGroup(path: string): Hdf5Group {
    return this.expect(path, Hdf5Group, 'group');
  }

  private expect<T>(path: string, kind: abstract new (...args: never[]) => T, what: string): T {
    const obj = this.get(path);
    if (obj === undefined) {
      throw new Hdf5Error('NOT_FOUND', 'group', -1, `no object at "${path}" (from "${this.path}")`, path);
    }
    if (!(obj instanceof kind)) {
      const found = 'kind' in obj ? 'an external link' : obj instanceof Hdf5Group ? 'a group' : obj instanceof Hdf5Dataset ? 'a dataset' : 'a committed datatype';
      throw new Hdf5Error('WRONG_KIND', 'group', -1, `"${path}" is ${found}, not a ${what}`, path);
    }
    return obj;
  }

  /**
   * The object an object reference (HDF5 class 7, 8 bytes: an object header
   * address) points to, named by the first path that reaches it, or by its
   * address when no hard link does.
   * @throws Hdf5Error `BAD_REFERENCE` for anything but an 8-byte object reference.
   */
  dereference(ref: Uint8Array): Hdf5Object {
    const o = this.ctx.superblock.offsetSize;
    if (ref.length !== o) {
      throw new Hdf5Error('BAD_REFERENCE', 'object reference', -1, `expected ${o} bytes, got ${ref.length}`);
    }
    let address = 0;
    for (let i = o - 1; i >= 0; i--) address = address * 256 + ref[i]!;
    if (address === this.root.address) return this.root;
    const found = this.root.visit((p, obj) => (obj.address === address ? obj.withPath(`/${p}`) : undefined));
    return found ?? this.root.open(address, `<object at 0x${address.toString(16)}>`);
  }

  /** @internal */
  resolve(path: string, state: { hops: number }): Hdf5Object | Hdf5ExternalLink | undefined {
    let node: Hdf5Object = path.startsWith('/') ? this.root : this;
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    for (let i = 0; i < parts.length; i++) {
      if (!(node instanceof Hdf5Group)) return undefined;
      const name = parts[i]!;
      const link = node.linkTable.byName.get(name);
      if (!link) return undefined;
      const childPath: string = node.path === '/' ? `/${name}` : `${node.path}/${name}`;
      let next: Hdf5Object | Hdf5ExternalLink | undefined;
      if (link.kind === 'hard') {
        next = node.open(link.address, childPath);
      } else if (link.kind === 'soft') {
        if (++state.hops > this.ctx.limits.maxLinkHops) {
          throw new Hdf5Error('LINK_LOOP', 'soft link', -1,
            `"${childPath}" needs more than ${this.ctx.limits.maxLinkHops} soft-link hops (limits.maxLinkHops)`, childPath);
        }
        next = node.resolve(link.target, state);
        if (next && !('kind' in next)) next = next.withPath(childPath);
      } else if (link.kind === 'external') {
        const ext: Hdf5ExternalLink = { kind: 'external', path: childPath, file: link.file, target: link.target };
        if (i === parts.length - 1) return ext;
        throw new Hdf5Error('EXTERNAL_LINK', 'link', -1,
          `"${childPath}" is an external link to ${link.file}:${link.target}; open that file to continue`, childPath);
      } else {
        return undefined;
      }
      if (next === undefined || 'kind' in next) return next;
      node = next;
    }
    return node;
  }

  /** @internal Opens the object at `address`, deciding its kind from its messages. */
  open(address: number, path: string): Hdf5Object {
    if (address === UNDEFINED_ADDRESS) {
      throw new Hdf5Error('BAD_ADDRESS', 'link', -1, `"${path}" points to the undefined address`, path);
    }
    const header = this.ctx.header(address);
    let hasLayout = false;
    let hasType = false;
    for (const m of header.messages) {
      if (m.type === 0x08) hasLayout = true;
      else if (m.type === 0x03) hasType = true;
    }
    if (hasLayout) return new Hdf5Dataset(this.ctx, path, address, this.filterDecoders);
    if (hasType) return new Hdf5NamedDatatype(this.ctx, path, address);
    return new Hdf5Group(this.ctx, path, address, this.root, this.filterDecoders);
  }

  /**
   * Visits every object reachable through hard links below this group, each
   * once (h5py's `visititems`), depth first in name order. Stops early and
   * returns the value when `fn` returns anything but undefined.
   * @param fn called with the path relative to this group and the object.
   */
  visit<T>(fn: (path: string, obj: Hdf5Object) => T | undefined): T | undefined {
    const seen = new Set<number>([this.address]);
    const walk = (group: Hdf5Group, prefix: string): T | undefined => {
      for (const l of group.ordered({ order: 'name' })) {
        if (l.kind !== 'hard') continue;
        if (seen.has(l.address)) continue;
        seen.add(l.address);
        const rel = prefix ? `${prefix}/${l.name}` : l.name;
        const obj = group.open(l.address, group.path === '/' ? `/${l.name}` : `${group.path}/${l.name}`);
        const r = fn(rel, obj);
        if (r !== undefined) return r;
        if (obj instanceof Hdf5Group) {
          const inner = walk(obj, rel);
          if (inner !== undefined) return inner;
        }
      }
      return undefined;
    };
    return walk(this, '');
  }
}
