"""Oracle for the tensor tests: evaluates ops with scipy (float64) and real
Keras 3 (keras.ops on the JAX backend, float32) on inputs the test sends.

Run by test/tensor/oracle.test.ts through runPython (JSON on stdin, JSON on
stdout). By hand:
  echo '{"x": [0.5, 1.0]}' | KERAS_BACKEND=jax .venv/bin/python test/tensor/oracle.py
Arrays come back as base64 of little-endian float32 / float64 bytes, so NaN
and infinities survive the trip.
"""
import base64
import json
import sys

import numpy as np
import scipy.special
import keras
from keras import ops


def f32(values):
    return np.asarray(values, dtype=np.float32)


def enc32(a):
    return base64.b64encode(np.asarray(a, dtype='<f4').tobytes()).decode()


def enc64(a):
    return base64.b64encode(np.asarray(a, dtype='<f8').tobytes()).decode()


def main():
    req = json.load(sys.stdin)
    x = f32(req["x"])  # flat values for the elementwise ops
    out = {
        "keras_version": keras.__version__,
        "erf_f64": enc64(scipy.special.erf(x.astype(np.float64))),
        "erf_keras": enc32(ops.convert_to_numpy(ops.erf(x))),
        "gelu_exact_keras": enc32(ops.convert_to_numpy(keras.activations.gelu(x, approximate=False))),
        "sigmoid_keras": enc32(ops.convert_to_numpy(ops.sigmoid(x))),
        "tanh_keras": enc32(ops.convert_to_numpy(ops.tanh(x))),
    }
    rows = []
    for item in req["softmax"]:
        a = f32(item["data"]).reshape(item["shape"])
        axis = item["axis"]
        rows.append({
            "softmax": enc32(ops.convert_to_numpy(ops.softmax(a, axis=axis))),
            "log_softmax": enc32(ops.convert_to_numpy(ops.log_softmax(a, axis=axis))),
            "softmax_f64": enc64(scipy.special.softmax(a.astype(np.float64), axis=axis)),
            "log_softmax_f64": enc64(scipy.special.log_softmax(a.astype(np.float64), axis=axis)),
        })
    out["softmax"] = rows
    mm = req["matmul"]
    a = f32(mm["a"]).reshape(mm["a_shape"])
    b = f32(mm["b"]).reshape(mm["b_shape"])
    out["matmul_f64"] = enc64(a.astype(np.float64) @ b.astype(np.float64))
    out["matmul_keras"] = enc32(ops.convert_to_numpy(ops.matmul(a, b)))
    json.dump(out, sys.stdout)


main()
