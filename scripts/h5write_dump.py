"""Dump HDF5 files as JSON trees, read through h5py / libhdf5: the oracle the
writer tests compare against.

Run:  .venv/bin/python scripts/h5write_dump.py < request.json > trees.json
Input (stdin, JSON): {"files": ["a.h5", ...], "float16": [hex of float64 LE, ...] (optional)}
Output (stdout, JSON): {"trees": {path: tree}, "float16": [hex of float16 LE, ...]}

Each tree is {"kind": "group", "attrs": {...}, "links": [[name, node], ...],
"sorted": bool, "lookups": bool} for groups (links in libhdf5's iteration
order; "sorted" says whether that order is strcmp order of the UTF-8 names;
"lookups" whether every name is also found by lookup, i.e. by B-tree search)
and {"kind": "dataset", "shape", "type", "data", "attrs", "layout"} for
datasets. Attribute values are {"shape", "type", "data"}. Numeric data is the
hex of its little-endian bytes; strings are decoded UTF-8 text. Also reported
per file: "eof" (libhdf5's view of the file size) and the superblock version.
"""
import json
import sys

import h5py
import numpy as np
from h5py import h5t

PADS = {h5t.STR_NULLTERM: "nullterm", h5t.STR_NULLPAD: "nullpad", h5t.STR_SPACEPAD: "spacepad"}


def describe_type(tid):
    cls = tid.get_class()
    if cls == h5t.INTEGER:
        return {"class": "int", "size": tid.get_size(), "signed": tid.get_sign() == h5t.SGN_2,
                "order": "LE" if tid.get_order() == h5t.ORDER_LE else "BE"}
    if cls == h5t.FLOAT:
        return {"class": "float", "size": tid.get_size(),
                "order": "LE" if tid.get_order() == h5t.ORDER_LE else "BE"}
    if cls == h5t.STRING:
        vlen = bool(tid.is_variable_str())
        return {"class": "string", "vlen": vlen, "size": None if vlen else tid.get_size(),
                "charset": "utf8" if tid.get_cset() == h5t.CSET_UTF8 else "ascii",
                "padding": PADS.get(tid.get_strpad(), "?")}
    return {"class": "other", "code": int(cls)}


def encode_data(arr, t):
    arr = np.asarray(arr)
    if t["class"] in ("int", "float"):
        return arr.astype(arr.dtype.newbyteorder("<")).tobytes().hex()
    if t["class"] == "string":
        out = []
        for item in arr.reshape(-1):
            if isinstance(item, (bytes, np.bytes_)):
                out.append(bytes(item).decode("utf-8"))
            else:
                out.append(str(item))
        return out
    return None


def read_attr(obj, name):
    aid = h5py.h5a.open(obj.id, name.encode("utf-8"))
    tid = aid.get_type()
    t = describe_type(tid)
    shape = list(aid.shape)
    mtype = None
    if t["class"] == "string" and t["vlen"]:
        enc = "utf-8" if t["charset"] == "utf8" else "ascii"
        mem = np.empty(aid.shape, dtype=h5py.string_dtype(encoding=enc))
    elif t["class"] == "string":
        mem = np.empty(aid.shape, dtype="S%d" % t["size"])
        mtype = tid  # read the bytes as stored (no charset or padding conversion)
    else:
        mem = np.empty(aid.shape, dtype=aid.dtype)
    aid.read(mem, mtype=mtype)
    return {"shape": shape, "type": t, "data": encode_data(mem, t)}


def read_attrs(obj):
    names = []
    h5py.h5a.iterate(obj.id, lambda n: names.append(n) and None)
    return {n.decode("utf-8"): read_attr(obj, n.decode("utf-8")) for n in names}


def read_dataset(ds):
    t = describe_type(ds.id.get_type())
    if t["class"] == "string" and t["vlen"]:
        data = ds.asstr()[()] if ds.shape != () else ds.asstr()[()]
        data = np.asarray(data, dtype=object)
    elif t["class"] == "string":
        data = ds[()]
    else:
        data = ds[()]
    dcpl = ds.id.get_create_plist()
    layout = {"kind": {h5py.h5d.CONTIGUOUS: "contiguous", h5py.h5d.CHUNKED: "chunked",
                       h5py.h5d.COMPACT: "compact"}.get(dcpl.get_layout(), "?"),
              "chunks": list(ds.chunks) if ds.chunks else None,
              "compression": ds.compression, "compression_opts": ds.compression_opts,
              "shuffle": bool(ds.shuffle), "alloc_time": dcpl.get_alloc_time(),
              "storage_size": int(ds.id.get_storage_size())}
    return {"kind": "dataset", "shape": list(ds.shape), "type": t, "data": encode_data(data, t),
            "attrs": read_attrs(ds), "layout": layout}


def read_group(g):
    names = []
    g.id.links.iterate(lambda n: names.append(n) and None)
    links = []
    lookups = True
    for raw in names:
        name = raw.decode("utf-8")
        if name not in g:
            lookups = False
        obj = g.get(name)
        if obj is None:
            links.append([name, {"kind": "missing"}])
        elif isinstance(obj, h5py.Group):
            links.append([name, read_group(obj)])
        else:
            links.append([name, read_dataset(obj)])
    return {"kind": "group", "attrs": read_attrs(g), "links": links,
            "sorted": names == sorted(names), "lookups": lookups}


def dump(path):
    with h5py.File(path, "r") as f:
        tree = read_group(f)
        tree["eof"] = int(f.id.get_filesize())
        tree["superblock"] = f.id.get_create_plist().get_version()[0]
    return tree


def main():
    req = json.load(sys.stdin)
    out = {"trees": {p: dump(p) for p in req.get("files", [])}}
    if "float16" in req:
        doubles = np.frombuffer(bytes.fromhex("".join(req["float16"])), dtype="<f8")
        out["float16"] = [h.tobytes().hex() for h in doubles.astype("<f2")]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
