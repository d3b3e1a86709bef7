"""Keras 3 on JAX as a peer in the benchmark suite (bench/suite/run.mjs starts
it with KERAS_BACKEND=jax; not run by hand). Protocol: scripts/bench_protocol.py.

    .venv/bin/python scripts/bench_keras.py            serve the protocol
    .venv/bin/python scripts/bench_keras.py startup M  W7: import keras, load_model(M, compile=False),
                                                       predict 2 rows, print them, exit

Models are built and used the way a Keras user would: Sequential, compile,
train_on_batch, predict (verbose=0), load_model, save_weights/load_weights.
load_model runs with compile=False: Keras 3.15.1 cannot compile the legacy
.h5 it writes itself for loss='mse' ("Could not deserialize
'keras.metrics.mse' because it is not a KerasSaveable subclass").
Matrix products go through keras.ops.matmul under jax.jit (how Keras runs
them inside a compiled train step).
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

keras = None
np = None


def mlp(sizes):
    layers = [keras.Input((sizes[0],))]
    for i in range(1, len(sizes)):
        layers.append(keras.layers.Dense(sizes[i], activation="linear" if i == len(sizes) - 1 else "relu"))
    return keras.Sequential(layers)


def seed_model():
    m = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    m.compile(loss="mse", optimizer="sgd")
    return m


def seed_arrays(p):
    col = lambda v: np.asarray(v, dtype="float32").reshape(-1, 1)  # noqa: E731
    return col(p["xTrain"]), col(p["yTrain"]), col(p["xTest"])


def seed_e2e(p):
    x, y, xt = seed_arrays(p)

    def run():
        m = seed_model()
        for _ in range(p["steps"]):
            m.train_on_batch(x, y)
        return m.predict(xt, verbose=0)

    return {"variants": {"keras-jax": {"run": run}}}


def seed_step(p):
    x, y, _ = seed_arrays(p)
    m = seed_model()
    return {"variants": {"keras-jax": {"run": lambda: m.train_on_batch(x, y)}}}


def mlp_train(p):
    from bench_protocol import hash_uniform

    s = p["sizes"]
    m = mlp(s)
    m.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=p["learningRate"], momentum=p["momentum"]))
    x = hash_uniform(p["batch"] * s[0], 1).reshape(p["batch"], s[0])
    y = hash_uniform(p["batch"] * s[-1], 2).reshape(p["batch"], s[-1])

    return {"variants": {"keras-jax": {"run": lambda: m.train_on_batch(x, y)}}}


def mlp_predict(p):
    from bench_protocol import hash_uniform

    s = p["sizes"]
    m = mlp(s)
    x = hash_uniform(p["rows"] * s[0], 3).reshape(p["rows"], s[0])
    return {"variants": {"keras-jax": {"run": lambda: m.predict(x, batch_size=p["batchSize"], verbose=0)}}}


def matmul(p):
    import jax
    import jax.numpy as jnp
    from bench_protocol import hash_uniform

    ops = keras.ops
    a = jnp.asarray(hash_uniform(p["m"] * p["k"], 4).reshape((p["k"], p["m"]) if p["ta"] else (p["m"], p["k"])))
    b = jnp.asarray(hash_uniform(p["k"] * p["n"], 5).reshape((p["n"], p["k"]) if p["tb"] else (p["k"], p["n"])))
    ta, tb = p["ta"], p["tb"]
    f = jax.jit(lambda u, v: ops.matmul(ops.transpose(u) if ta else u, ops.transpose(v) if tb else v))

    def run():
        f(a, b).block_until_ready()

    return {"variants": {"keras-jax": {"run": run}}}


def stack(width, depth):
    return mlp([width] * (depth + 1))


def weights_read_disk(p):
    m = stack(p["width"], p["depth"])

    def run():
        m.load_weights(p["path"])
        return 1

    return {"variants": {"keras-jax": {"run": run}}}


def weights_write_disk(p):
    m = stack(p["width"], p["depth"])
    out = os.path.join(p["dir"], "keras-w.weights.h5")

    def run():
        m.save_weights(out)
        return 1

    return {"variants": {"keras-jax": {"run": run}}, "teardown": lambda: os.unlink(out)}


def load_model(p):
    from bench_protocol import hash_uniform

    x = hash_uniform(p["rows"] * p["inputDim"], 7).reshape(p["rows"], p["inputDim"])

    def run():
        return keras.models.load_model(p["h5Path"], compile=False).predict(x, verbose=0)

    return {"variants": {"keras-jax": {"run": run}}}


HANDLERS = {
    "seed.e2e": seed_e2e,
    "seed.step": seed_step,
    "mlp.train": mlp_train,
    "mlp.predict": mlp_predict,
    "matmul": matmul,
    "h5.weights.read.disk": weights_read_disk,
    "h5.weights.write.disk": weights_write_disk,
    "load.model": load_model,
}


def init():
    global keras, np
    import warnings

    warnings.filterwarnings("ignore")
    import jax
    import jaxlib
    import keras as k
    import numpy

    keras, np = k, numpy
    return {
        "python": sys.version.split()[0],
        "keras": keras.__version__,
        "backend": keras.backend.backend(),
        "jax": jax.__version__,
        "jaxlib": jaxlib.__version__,
        "numpy": numpy.__version__,
        "jax devices": ", ".join(str(d) for d in jax.devices()),
    }


def startup(path):
    import warnings

    warnings.filterwarnings("ignore")
    import keras as k
    import numpy

    y = k.models.load_model(path, compile=False).predict(numpy.array([[0.25], [-0.5]], dtype="float32"), verbose=0)
    print(json.dumps([float(v) for v in y.ravel()]))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "startup":
        startup(sys.argv[2])
    else:
        from bench_protocol import serve

        serve("keras-jax", init, HANDLERS)
