"""h5py's peer in the benchmark suite (bench/suite/run.mjs starts it; not run
by hand): reads and writes the W5 HDF5 files, from bytes in memory (io.BytesIO)
and from disk, with libhdf5 underneath. Protocol: scripts/bench_protocol.py.

    .venv/bin/python scripts/bench_h5py.py   (stdin: commands, fd 3: replies)
"""
import io
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import h5py  # noqa: E402
import numpy as np  # noqa: E402

from bench_protocol import hash_uniform, keras3_weight_names, serve  # noqa: E402


def ends(a):
    return float(a.flat[0]) + float(a.flat[-1]) if a.size else 0.0


def read_all(f):
    total = [0.0]

    def visit(_name, obj):
        if isinstance(obj, h5py.Dataset):
            total[0] += ends(obj[()])

    f.visititems(visit)
    return total[0]


def weight_arrays(p):
    out = []
    for i, name in enumerate(keras3_weight_names(p["depth"])):
        kernel = i % 2 == 0
        shape = (p["width"], p["width"]) if kernel else (p["width"],)
        out.append((name, hash_uniform(int(np.prod(shape)), 10 + i).reshape(shape)))
    return out


def write_weights(target, arrays):
    with h5py.File(target, "w") as f:
        for name, data in arrays:
            f.create_dataset(name, data=data)


def read_file(path):
    with open(path, "rb") as fh:
        return fh.read()


def single_read_mem(p):
    data = read_file(p["path"])

    def run():
        with h5py.File(io.BytesIO(data), "r") as f:
            return ends(f[p["name"]][()])

    return {"variants": {"h5py (BytesIO)": {"run": run}}}


def single_read_disk(p):
    def run():
        with h5py.File(p["path"], "r") as f:
            return ends(f[p["name"]][()])

    return {"variants": {"h5py": {"run": run}}}


def weights_read_mem(p):
    data = read_file(p["path"])

    def run():
        with h5py.File(io.BytesIO(data), "r") as f:
            return read_all(f)

    return {"variants": {"h5py (BytesIO, read all)": {"run": run}}}


def weights_read_disk(p):
    def run():
        with h5py.File(p["path"], "r") as f:
            return read_all(f)

    return {"variants": {"h5py (read all)": {"run": run}}}


def single_write_mem(p):
    data = hash_uniform(p["rows"] * p["cols"], 6).reshape(p["rows"], p["cols"])

    def run():
        bio = io.BytesIO()
        with h5py.File(bio, "w") as f:
            f.create_dataset(p["name"], data=data)
        return bio.getbuffer().nbytes

    return {"variants": {"h5py (BytesIO)": {"run": run}}}


def single_write_disk(p):
    data = hash_uniform(p["rows"] * p["cols"], 6).reshape(p["rows"], p["cols"])
    out = os.path.join(p["dir"], "h5py-single.h5")

    def run():
        with h5py.File(out, "w") as f:
            f.create_dataset(p["name"], data=data)
        return 1

    return {"variants": {"h5py": {"run": run}}, "teardown": lambda: os.unlink(out)}


def weights_write_mem(p):
    arrays = weight_arrays(p)

    def run():
        bio = io.BytesIO()
        write_weights(bio, arrays)
        return bio.getbuffer().nbytes

    return {"variants": {"h5py (BytesIO, same datasets)": {"run": run}}}


def weights_write_disk(p):
    arrays = weight_arrays(p)
    out = os.path.join(p["dir"], "h5py-w.weights.h5")

    def run():
        write_weights(out, arrays)
        return 1

    return {"variants": {"h5py (same datasets)": {"run": run}}, "teardown": lambda: os.unlink(out)}


HANDLERS = {
    "h5.single.read.mem": single_read_mem,
    "h5.single.read.disk": single_read_disk,
    "h5.weights.read.mem": weights_read_mem,
    "h5.weights.read.disk": weights_read_disk,
    "h5.single.write.mem": single_write_mem,
    "h5.single.write.disk": single_write_disk,
    "h5.weights.write.mem": weights_write_mem,
    "h5.weights.write.disk": weights_write_disk,
}


def init():
    return {
        "python": sys.version.split()[0],
        "h5py": h5py.__version__,
        "hdf5": h5py.version.hdf5_version,
        "numpy": np.__version__,
    }


if __name__ == "__main__":
    serve("h5py", init, HANDLERS)
