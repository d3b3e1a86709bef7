/**
 * Test helpers for the HDF5 writer: a plain-data description of a tree (the
 * "spec"), a builder that turns a spec into an H5File through the public API,
 * the tree h5py should report for it (derived from the spec's own input bytes
 * and strings, never from the writer), and the two reference readers: h5py
 * (scripts/h5write_dump.py, one process for many files) and h5dump (its XML
 * output, parsed here).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import {
  H5File, Hdf5Dataset, openHdf5, type H5Group, type H5NumericDtype, type Hdf5Dtype, type Hdf5Group,
} from '../../src/hdf5/index.js';
import { oracle, runPython } from '../helpers/oracles.js';

export type NumericArray =
  | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** A numeric value: `data` holds the exact element bits (Uint16Array for float16). */
export interface NumSpec {
  kind: 'num';
  dtype: H5NumericDtype;
  data: NumericArray;
  shape: number[];
}

/** A string value with every storage choice explicit. */
export interface StrSpec {
  kind: 'str';
  strings: string[];
  shape: number[];
  stringType: 'vlen' | 'fixed';
  charset: 'ascii' | 'utf8';
  /** Fixed-length only: bytes per element. */
  size?: number;
}

export type ValueSpec = NumSpec | StrSpec;

export interface AttrSpec { name: string; value: ValueSpec }

export interface DatasetSpec {
  kind: 'dataset';
  value: ValueSpec;
  attrs: AttrSpec[];
  chunks?: number[];
  gzip?: number;
  shuffle?: boolean;
}

export interface GroupSpec {
  kind: 'group';
  attrs: AttrSpec[];
  links: [string, GroupSpec | DatasetSpec][];
}

/** Builds the file a spec describes through the public writer API. */
export function buildFile(spec: GroupSpec): H5File {
  const f = new H5File();
  fillGroup(f, spec);
  return f;
}

function fillGroup(g: H5Group, spec: GroupSpec): void {
  for (const a of spec.attrs) g.attrs.set(a.name, valueData(a.value), valueOptions(a.value));
  for (const [name, child] of spec.links) {
    if (child.kind === 'group') {
      fillGroup(g.createGroup(name), child);
    } else {
      const d = g.createDataset(name, valueData(child.value), {
        ...valueOptions(child.value),
        ...(child.chunks ? { chunks: child.chunks } : {}),
        ...(child.gzip !== undefined ? { compression: 'gzip' as const, compressionOpts: child.gzip } : {}),
        ...(child.shuffle ? { shuffle: true } : {}),
      });
      for (const a of child.attrs) d.attrs.set(a.name, valueData(a.value), valueOptions(a.value));
    }
  }
}

function valueData(v: ValueSpec): NumericArray | string[] {
  return v.kind === 'num' ? v.data : v.strings;
}

function valueOptions(v: ValueSpec) {
  if (v.kind === 'num') return { dtype: v.dtype, shape: v.shape };
  return {
    shape: v.shape, stringType: v.stringType, charset: v.charset,
    ...(v.size !== undefined ? { stringSize: v.size } : {}),
  };
}

const NUM_TYPE: Record<H5NumericDtype, { class: 'int' | 'float'; size: number; signed?: boolean }> = {
  int8: { class: 'int', size: 1, signed: true }, uint8: { class: 'int', size: 1, signed: false },
  int16: { class: 'int', size: 2, signed: true }, uint16: { class: 'int', size: 2, signed: false },
  int32: { class: 'int', size: 4, signed: true }, uint32: { class: 'int', size: 4, signed: false },
  int64: { class: 'int', size: 8, signed: true }, uint64: { class: 'int', size: 8, signed: false },
  float16: { class: 'float', size: 2 }, float32: { class: 'float', size: 4 }, float64: { class: 'float', size: 8 },
};

/** The type record scripts/h5write_dump.py prints for a value. */
export function expectedType(v: ValueSpec): Record<string, unknown> {
  if (v.kind === 'num') {
    const t = NUM_TYPE[v.dtype];
    return t.class === 'int'
      ? { class: 'int', size: t.size, signed: t.signed, order: 'LE' }
      : { class: 'float', size: t.size, order: 'LE' };
  }
  return {
    class: 'string', vlen: v.stringType === 'vlen',
    size: v.stringType === 'vlen' ? null : v.size ?? Math.max(1, ...v.strings.map((s) => Buffer.byteLength(s))),
    charset: v.charset, padding: v.stringType === 'vlen' ? 'nullterm' : 'nullpad',
  };
}

function hexOf(a: NumericArray): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');
}

function expectedValue(v: ValueSpec) {
  return { shape: v.shape, type: expectedType(v), data: v.kind === 'num' ? hexOf(v.data) : v.strings };
}

/** What h5py should report for `spec` (links keyed by name; order is checked separately). */
export function expectedTree(spec: GroupSpec | DatasetSpec): unknown {
  const attrs = Object.fromEntries(spec.attrs.map((a) => [a.name, expectedValue(a.value)]));
  if (spec.kind === 'dataset') {
    return { kind: 'dataset', ...expectedValue(spec.value), attrs };
  }
  return { kind: 'group', attrs, links: Object.fromEntries(spec.links.map(([n, c]) => [n, expectedTree(c)])) };
}

export interface PyTree {
  kind: 'group' | 'dataset';
  attrs: Record<string, unknown>;
  links?: [string, PyTree][];
  sorted?: boolean;
  lookups?: boolean;
  shape?: number[];
  type?: unknown;
  data?: unknown;
  layout?: Record<string, unknown>;
  eof?: number;
  superblock?: number;
}

/** Strips h5py's dump down to the shape of {@link expectedTree}, checking link order and lookups on the way. */
export function comparable(t: PyTree, path = '/'): unknown {
  if (t.kind === 'dataset') return { kind: 'dataset', shape: t.shape, type: t.type, data: t.data, attrs: t.attrs };
  expect(t.sorted, `links of ${path} iterate in strcmp order`).toBe(true);
  expect(t.lookups, `every link of ${path} is found by lookup`).toBe(true);
  return {
    kind: 'group', attrs: t.attrs,
    links: Object.fromEntries(t.links!.map(([n, c]) => [n, comparable(c, `${path}${n}/`)])),
  };
}

/** A scratch folder removed by `done()`. */
export function scratch(): { dir: string; file(name: string, bytes: Uint8Array): string; done(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'purekeras-h5w-'));
  return {
    dir,
    file(name: string, bytes: Uint8Array): string {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      return p;
    },
    done(): void {
      if (process.env.PUREKERAS_H5W_KEEP === '1') console.warn(`kept ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Reads many files with h5py in one Python process. */
export function h5pyDump(files: string[], float16?: string[]): { trees: Record<string, PyTree>; float16?: string[] } {
  return runPython(['scripts/h5write_dump.py'], { files, ...(float16 ? { float16 } : {}) });
}

// ---------------------------------------------------------------------------
// h5dump (XML output), parsed into the same shape as expectedTree but with
// numbers as h5dump prints them.

export interface DumpValue { shape: number[]; type: Record<string, string>; text: string | undefined }
export interface DumpNode {
  kind: 'group' | 'dataset';
  attrs: Record<string, DumpValue>;
  links: Record<string, DumpNode>;
  value?: DumpValue;
}

/** Runs `h5dump -x` with exact float formatting; asserts exit 0 and returns the parsed root group. */
export function h5dumpTree(path: string): DumpNode {
  const bin = oracle.h5dump!;
  const r = spawnSync(bin, ['-x', '-m', '%.17g', path], { encoding: 'utf8', maxBuffer: 1 << 30 });
  expect(r.status, `h5dump ${path}: ${r.stderr}`).toBe(0);
  return parseH5dumpXml(r.stdout);
}

function unescapeXml(s: string): string {
  return s.replace(/&(quot|amp|lt|gt|apos);/g, (_, e: string) =>
    ({ quot: '"', amp: '&', lt: '<', gt: '>', apos: "'" })[e]!);
}

function xmlAttrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w:-]+)=\s*"([^"]*)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(tag)) !== null) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

/** Sets an own property even for names such as `__proto__`. */
function defineOwn<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** A small parser for the subset of h5dump's XML the writer's files produce. */
export function parseH5dumpXml(xml: string): DumpNode {
  const root: DumpNode = { kind: 'group', attrs: {}, links: {} };
  const objects: DumpNode[] = [];
  const values: DumpValue[] = []; // the attribute or dataset value being read is the last
  let inFill = 0;
  const re = /<(\/?)hdf5:([\w-]+)([^>]*?)(\/?)>/g;
  let m: RegExpExecArray | null;
  let lastEnd = 0;
  while ((m = re.exec(xml)) !== null) {
    const [, closing, name, rest, selfClosing] = m;
    const text = xml.slice(lastEnd, m.index);
    lastEnd = re.lastIndex;
    const current = values[values.length - 1];
    if (closing) {
      if (name === 'DataFromFile' && current && inFill === 0) current.text = text;
      if (name === 'FillValue') inFill--;
      if (name === 'Group' || name === 'RootGroup' || name === 'Dataset') objects.pop();
      if (name === 'Attribute' || name === 'Dataset') values.pop();
      continue;
    }
    const a = xmlAttrs(rest!);
    switch (name) {
      case 'RootGroup':
        objects.push(root);
        break;
      case 'Group': {
        const g: DumpNode = { kind: 'group', attrs: {}, links: {} };
        defineOwn(objects[objects.length - 1]!.links, a.Name!, g);
        if (!selfClosing) objects.push(g);
        break;
      }
      case 'Dataset': {
        const value: DumpValue = { shape: [], type: {}, text: undefined };
        const d: DumpNode = { kind: 'dataset', attrs: {}, links: {}, value };
        defineOwn(objects[objects.length - 1]!.links, a.Name!, d);
        objects.push(d);
        values.push(value);
        break;
      }
      case 'Attribute': {
        const value: DumpValue = { shape: [], type: {}, text: undefined };
        defineOwn(objects[objects.length - 1]!.attrs, a.Name!, value);
        values.push(value);
        break;
      }
      case 'FillValue':
        if (!selfClosing) inFill++;
        break;
      case 'Dimension':
        if (current && inFill === 0) current.shape.push(Number(a.DimSize));
        break;
      case 'IntegerType':
      case 'FloatType':
      case 'StringType':
        if (current && inFill === 0) current.type = { class: name, ...a };
        break;
      default:
        break;
    }
  }
  return root;
}

/** Splits h5dump's DataFromFile text into quoted strings (with \" and \\ escapes). */
export function dumpStrings(text: string | undefined): string[] {
  const out: string[] = [];
  if (text === undefined) return out;
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '"') continue;
    let s = '';
    for (i++; i < text.length && text[i] !== '"'; i++) {
      if (text[i] === '\\' && i + 1 < text.length) i++;
      s += text[i];
    }
    out.push(unescapeXml(s));
  }
  return out;
}

/** Splits h5dump's DataFromFile text into number tokens. */
export function dumpNumbers(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(/\s+/).filter((t) => t.length > 0);
}

/** Decodes IEEE binary16 bits exactly (test-side, for comparing h5dump's printout). */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const e = (bits >> 10) & 0x1f;
  const m = bits & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

function parseDumpNumber(tok: string): number {
  if (tok === 'nan' || tok === '-nan') return NaN;
  if (tok === 'inf') return Infinity;
  if (tok === '-inf') return -Infinity;
  return Number(tok);
}

/** Asserts h5dump's view of a value matches the spec. */
export function expectDumpValue(got: DumpValue | undefined, v: ValueSpec, where: string): void {
  expect(got, `${where} present in h5dump output`).toBeDefined();
  expect(got!.shape, `${where} shape`).toEqual(v.shape);
  if (v.kind === 'str') {
    expect(got!.type.class, `${where} type`).toBe('StringType');
    expect(got!.type.StrSize, `${where} size`).toBe(v.stringType === 'vlen' ? 'H5T_VARIABLE' : String(expectedType(v).size));
    expect(dumpStrings(got!.text), `${where} strings`).toEqual(v.strings);
    return;
  }
  const t = NUM_TYPE[v.dtype];
  expect(got!.type.class, `${where} type`).toBe(t.class === 'int' ? 'IntegerType' : 'FloatType');
  expect(got!.type.Size, `${where} size`).toBe(String(t.size));
  const toks = dumpNumbers(got!.text);
  expect(toks.length, `${where} element count`).toBe(v.data.length);
  for (let i = 0; i < v.data.length; i++) {
    if (t.class === 'int') {
      expect(BigInt(toks[i]!), `${where}[${i}]`).toBe(BigInt(v.data[i]!));
    } else {
      const want = v.dtype === 'float16' ? halfToNumber(v.data[i] as number) : (v.data[i] as number);
      const got2 = parseDumpNumber(toks[i]!);
      if (Number.isNaN(want)) expect(Number.isNaN(got2), `${where}[${i}] is NaN`).toBe(true);
      else expect(Object.is(got2, want) || got2 === want, `${where}[${i}]: h5dump ${toks[i]} vs ${want}`).toBe(true);
    }
  }
}

/** Asserts h5dump's tree matches the spec: every link, attribute, shape, type and value. */
export function expectDumpTree(got: DumpNode, spec: GroupSpec | DatasetSpec, path = '/'): void {
  expect(Object.keys(got.attrs).sort(), `${path} attribute names`).toEqual(spec.attrs.map((a) => a.name).sort());
  for (const a of spec.attrs) expectDumpValue(got.attrs[a.name], a.value, `${path} @${a.name}`);
  if (spec.kind === 'dataset') {
    expect(got.kind, `${path} kind`).toBe('dataset');
    expectDumpValue(got.value, spec.value, path);
    return;
  }
  expect(got.kind, `${path} kind`).toBe('group');
  expect(Object.keys(got.links).sort(), `${path} links`).toEqual(spec.links.map(([n]) => n).sort());
  for (const [n, c] of spec.links) expectDumpTree(got.links[n]!, c, `${path}${n}/`);
}

// ---------------------------------------------------------------------------
// Our own reader (openHdf5), compared in a text form: numbers as decimal
// strings (bigint for 64-bit integers, 'NaN', '-0'), strings as they are.

function numText(v: number | bigint): string {
  if (typeof v === 'bigint') return v.toString();
  if (Number.isNaN(v)) return 'NaN';
  if (Object.is(v, -0)) return '-0';
  return String(v);
}

function specText(v: ValueSpec): string[] {
  if (v.kind === 'str') return v.strings;
  const out: string[] = [];
  for (let i = 0; i < v.data.length; i++) {
    const x = v.data[i]!;
    out.push(numText(v.dtype === 'float16' ? halfToNumber(x as number) : x));
  }
  return out;
}

function readerText(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'bigint') return [numText(value)];
  if (Array.isArray(value)) return value.map((s) => String(s));
  const arr = value as ArrayLike<number | bigint>;
  const out: string[] = [];
  for (let i = 0; i < arr.length; i++) out.push(numText(arr[i]!));
  return out;
}

function readerType(d: Hdf5Dtype): Record<string, unknown> {
  if (d.class === 'integer') return { class: 'int', size: d.size, signed: d.signed, order: d.order };
  if (d.class === 'float') return { class: 'float', size: d.size, order: d.order };
  if (d.class === 'string') {
    return { class: 'string', vlen: d.variable, size: d.variable ? null : d.size, charset: d.charset === 'utf-8' ? 'utf8' : 'ascii', padding: d.padding };
  }
  return { class: d.class };
}

function specType(v: ValueSpec): Record<string, unknown> {
  const t = expectedType(v);
  return t.class === 'string' ? t : { ...t, order: 'little' };
}

/** What our reader should report for `spec`, in text form. */
export function expectedReaderTree(spec: GroupSpec | DatasetSpec): unknown {
  const attrs = Object.fromEntries(spec.attrs.map((a) => [a.name, { shape: a.value.shape, type: specType(a.value), data: specText(a.value) }]));
  if (spec.kind === 'dataset') {
    return { kind: 'dataset', shape: spec.value.shape, type: specType(spec.value), data: specText(spec.value), attrs };
  }
  return { kind: 'group', attrs, links: Object.fromEntries(spec.links.map(([n, c]) => [n, expectedReaderTree(c)])) };
}

/** Reads `bytes` with openHdf5 into the shape of {@link expectedReaderTree}. */
export function readerTree(bytes: Uint8Array): unknown {
  const walk = (node: Hdf5Group | Hdf5Dataset): unknown => {
    const attrs = Object.fromEntries(node.attributes().map((a) => [a.name, { shape: a.shape, type: readerType(a.dtype), data: readerText(a.value) }]));
    if (node instanceof Hdf5Dataset) {
      return { kind: 'dataset', shape: node.shape, type: readerType(node.dtype), data: readerText(node.read()), attrs };
    }
    const links = Object.fromEntries(node.keys().map((k) => [k, walk(node.get(k) as Hdf5Group | Hdf5Dataset)]));
    return { kind: 'group', attrs, links };
  };
  return walk(openHdf5(bytes));
}
