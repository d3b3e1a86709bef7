"""Writes the files the benchmark suite reads (bench/suite/run.mjs runs this
once per run, into a temporary directory; not run by hand):

  single.h5         one float32 dataset 'd' of rows x cols, written by h5py
  model.weights.h5  Keras 3 save_weights of `depth` Dense(width) layers on width inputs
  seed.h5           the seed model (Dense(1) on 1 input, mse, SGD), trained on the
                    seed data and saved by Keras as a legacy whole-model .h5
  large.h5          Dense(large) on `large` inputs (large=5000: 25,005,000 parameters), .h5

    KERAS_BACKEND=jax .venv/bin/python scripts/bench_make_files.py < params.json
    params: {"dir", "rows", "cols", "width", "depth", "large", "seed": {"xTrain", "yTrain"}}
Prints {"files": {name: {"path", "bytes"}}, "writer": ...} as JSON.
"""
import json
import os
import sys
import warnings

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
warnings.filterwarnings("ignore")

import h5py  # noqa: E402
import keras  # noqa: E402
import numpy as np  # noqa: E402

from bench_protocol import hash_uniform  # noqa: E402


def dense_stack(sizes):
    layers = [keras.Input((sizes[0],))]
    for i in range(1, len(sizes)):
        layers.append(keras.layers.Dense(sizes[i], activation="linear" if i == len(sizes) - 1 else "relu"))
    return keras.Sequential(layers)


def main():
    p = json.load(sys.stdin)
    d = p["dir"]
    files = {}

    path = os.path.join(d, "single.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("d", data=hash_uniform(p["rows"] * p["cols"], 20).reshape(p["rows"], p["cols"]))
    files["single"] = path

    path = os.path.join(d, "model.weights.h5")
    dense_stack([p["width"]] * (p["depth"] + 1)).save_weights(path)
    files["weights"] = path

    path = os.path.join(d, "seed.h5")
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    m.compile(loss="mse", optimizer="sgd")
    x = np.asarray(p["seed"]["xTrain"], dtype="float32").reshape(-1, 1)
    y = np.asarray(p["seed"]["yTrain"], dtype="float32").reshape(-1, 1)
    for _ in range(301):
        m.train_on_batch(x, y)
    m.save(path)
    files["seed"] = path

    path = os.path.join(d, "large.h5")
    m = keras.Sequential([keras.Input((p["large"],)), keras.layers.Dense(p["large"])])
    m.compile(loss="mse", optimizer="sgd")
    m.save(path)
    files["large"] = path

    out = {k: {"path": v, "bytes": os.path.getsize(v)} for k, v in files.items()}
    print(json.dumps({"files": out, "writer": f"Keras {keras.__version__} (jax) and h5py {h5py.__version__}"}))


if __name__ == "__main__":
    main()
