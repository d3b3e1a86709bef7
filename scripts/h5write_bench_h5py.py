"""h5py's side of bench/hdf5-write.bench.mjs: a long-lived process that
writes the benchmark dataset on request and times its own write.

Run by the bench (not by hand):  .venv/bin/python scripts/h5write_bench_h5py.py ROWS COLS
Protocol: one command per stdin line, "write <path>"; one JSON line back,
{"ms": <wall time of create + write + close>, "bytes": <file size>}.
The data (float32, ROWS x COLS, seeded uniform) is made once at start-up.
"""
import json
import os
import sys
import time

import h5py
import numpy as np


def main():
    rows, cols = int(sys.argv[1]), int(sys.argv[2])
    data = np.random.default_rng(0).random((rows, cols), dtype=np.float32)
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        cmd, _, path = line.strip().partition(" ")
        if cmd != "write":
            break
        t0 = time.perf_counter()
        with h5py.File(path, "w") as f:
            f.create_dataset("d", data=data)
        ms = (time.perf_counter() - t0) * 1000
        print(json.dumps({"ms": ms, "bytes": os.path.getsize(path)}), flush=True)


if __name__ == "__main__":
    main()
