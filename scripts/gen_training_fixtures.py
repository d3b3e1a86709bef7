"""Oracle fixtures for src/nn: real Keras 3 (JAX backend) numbers and texts.

Run from the repository root:

    KERAS_BACKEND=jax COLUMNS=80 .venv/bin/python scripts/gen_training_fixtures.py [name ...]

(names: activations losses training fit configs summary seed; default all)

Writes JSON files under test/fixtures/nn/ (all small):
  activations.json  every activation's values and vector-Jacobian product (jax.vjp)
  losses.json       every loss (and option) on fixed data: value, per-row values, d/dy_pred
  training.json     the activation x loss x optimizer matrix: initial weights, data,
                    every train_on_batch result for 10 steps, weights after, predict, evaluate
  fit.json          fit() histories (shuffle=False) with validation split/data, early stopping,
                    and the verbose=2 text
  configs.json      get_config() of layers, initializers, regularizers, losses; Sequential
                    configs; compile configs; automatic names
  summary.json      model.summary() texts at several widths
  seed.json         the seed tutorial model (Dense(1, input_dim=1), mse, sgd): 301 steps

Every number is what Keras computes; tests load the same initial weights and data.
Regenerate after changing the cases; never edit the outputs by hand.
"""
import io
import json
import os
import sys
from contextlib import redirect_stdout

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ["COLUMNS"] = "80"

import numpy as np  # noqa: E402
import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import keras  # noqa: E402
from keras import layers, losses, optimizers, regularizers, initializers  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "nn")


def f32(a):
    """Nested lists of the float32 values (as exact Python floats)."""
    return np.asarray(a, dtype=np.float32).astype(np.float64).tolist()


def num(v):
    if isinstance(v, (list, tuple)):
        return [float(np.float32(x)) for x in v]
    if isinstance(v, dict):
        return {k: float(np.float32(x)) for k, x in v.items()}
    return float(np.float32(v))


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
    print(f"wrote {path} ({os.path.getsize(path)} bytes)", file=sys.stderr)


# ─── activations ────────────────────────────────────────────────────────────

ACTIVATIONS = [
    "linear", "relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "sigmoid", "hard_sigmoid",
    "hard_silu", "hard_swish", "silu", "swish", "mish", "softplus", "softsign", "tanh", "exponential",
    "log_sigmoid", "hard_tanh", "tanh_shrink", "soft_shrink", "hard_shrink", "squareplus", "sparse_plus",
    "sparse_sigmoid", "softmax", "log_softmax",
]


def gen_activations():
    rng = np.random.default_rng(7)
    # Kinks and tails first, then random values.
    special = [0.0, 1.0, -1.0, 3.0, -3.0, 6.0, 0.5, -0.5, 7.5, -7.5, 20.0, -20.0, 2.0, -2.0, 0.25, -0.25]
    x = np.concatenate([special, rng.uniform(-5, 5, 48)]).astype(np.float32).reshape(8, 8)
    dy = rng.normal(size=(8, 8)).astype(np.float32)
    out = {"x": f32(x), "dy": f32(dy), "cases": []}
    for name in ACTIVATIONS:
        fn = keras.activations.get(name)
        y, vjp = jax.vjp(lambda t: fn(t), jnp.asarray(x))
        (dx,) = vjp(jnp.asarray(dy))
        out["cases"].append({"name": name, "y": f32(y), "dx": f32(dx)})
    # gelu, approximate form (keras.activations.gelu(approximate=True)).
    y, vjp = jax.vjp(lambda t: keras.activations.gelu(t, approximate=True), jnp.asarray(x))
    (dx,) = vjp(jnp.asarray(dy))
    out["cases"].append({"name": "gelu_approximate", "y": f32(y), "dx": f32(dx)})
    # Keras 1/2's hard_sigmoid, clip(0.2x + 0.5, 0, 1), as documented for those versions.
    out["keras2_hard_sigmoid"] = f32(np.clip(0.2 * x.astype(np.float64) + 0.5, 0, 1))
    write("activations.json", out)


# ─── losses ─────────────────────────────────────────────────────────────────

def loss_cases():
    rng = np.random.default_rng(11)
    n, d = 6, 4
    reg_t = rng.normal(size=(n, d)).astype(np.float32)
    reg_p = rng.normal(size=(n, d)).astype(np.float32)
    pos_t = rng.uniform(0.1, 3, size=(n, d)).astype(np.float32)
    pos_p = rng.uniform(0.1, 3, size=(n, d)).astype(np.float32)
    bin_t = rng.integers(0, 2, size=(n, d)).astype(np.float32)
    prob_p = rng.uniform(0.02, 0.98, size=(n, d)).astype(np.float32)
    prob_p[0, 0] = 1.0  # saturated: clipped, zero gradient
    prob_p[1, 1] = 0.0
    logits = rng.normal(scale=2, size=(n, d)).astype(np.float32)
    labels = rng.integers(0, d, size=(n,))
    onehot = np.eye(d, dtype=np.float32)[labels]
    sm = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    dist_t = rng.dirichlet(np.ones(d), size=n).astype(np.float32)
    pm1_t = (2 * bin_t - 1).astype(np.float32)
    col_t = rng.normal(size=(n,)).astype(np.float32)
    col_p = rng.normal(size=(n, 1)).astype(np.float32)
    big_err = (reg_p * 3).astype(np.float32)
    return [
        ("mean_squared_error", {}, reg_t, reg_p),
        ("mean_squared_error", {}, col_t, col_p),
        ("mean_absolute_error", {}, reg_t, reg_p),
        ("mean_absolute_error", {}, reg_t, reg_t),  # zero error: abs'(0)
        ("mean_absolute_percentage_error", {}, reg_t, reg_p),
        ("mean_squared_logarithmic_error", {}, pos_t, reg_p),
        ("huber", {}, reg_t, big_err),
        ("huber", {"delta": 0.5}, reg_t, reg_p),
        ("log_cosh", {}, reg_t, big_err),
        ("binary_crossentropy", {}, bin_t, prob_p),
        ("binary_crossentropy", {"from_logits": True}, bin_t, logits),
        ("binary_crossentropy", {"label_smoothing": 0.1}, bin_t, prob_p),
        ("binary_crossentropy", {"from_logits": True, "label_smoothing": 0.2}, bin_t, logits),
        ("categorical_crossentropy", {}, onehot, sm.astype(np.float32)),
        ("categorical_crossentropy", {}, onehot, prob_p),  # unnormalised probabilities
        ("categorical_crossentropy", {"from_logits": True}, onehot, logits),
        ("categorical_crossentropy", {"label_smoothing": 0.1}, onehot, sm.astype(np.float32)),
        ("categorical_crossentropy", {"from_logits": True, "label_smoothing": 0.3}, dist_t, logits),
        ("sparse_categorical_crossentropy", {}, labels.astype(np.float32), sm.astype(np.float32)),
        ("sparse_categorical_crossentropy", {}, labels.astype(np.float32).reshape(n, 1), prob_p),
        ("sparse_categorical_crossentropy", {"from_logits": True}, labels.astype(np.float32), logits),
        ("hinge", {}, pm1_t, reg_p),
        ("hinge", {}, bin_t, reg_p),  # 0/1 labels become -1/+1
        ("squared_hinge", {}, pm1_t, reg_p),
        ("squared_hinge", {}, bin_t, reg_p),
        ("categorical_hinge", {}, onehot, reg_p),
        ("kl_divergence", {}, dist_t, sm.astype(np.float32)),
        ("kl_divergence", {}, dist_t, prob_p),
        ("poisson", {}, pos_t, pos_p),
        ("cosine_similarity", {}, reg_t, reg_p),
    ]


LOSS_CLASSES = {
    "mean_squared_error": losses.MeanSquaredError, "mean_absolute_error": losses.MeanAbsoluteError,
    "mean_absolute_percentage_error": losses.MeanAbsolutePercentageError,
    "mean_squared_logarithmic_error": losses.MeanSquaredLogarithmicError, "huber": losses.Huber,
    "log_cosh": losses.LogCosh, "binary_crossentropy": losses.BinaryCrossentropy,
    "categorical_crossentropy": losses.CategoricalCrossentropy,
    "sparse_categorical_crossentropy": losses.SparseCategoricalCrossentropy, "hinge": losses.Hinge,
    "squared_hinge": losses.SquaredHinge, "categorical_hinge": losses.CategoricalHinge,
    "kl_divergence": losses.KLDivergence, "poisson": losses.Poisson, "cosine_similarity": losses.CosineSimilarity,
}


def gen_losses():
    out = []
    for fn, opts, t, p in loss_cases():
        obj = LOSS_CLASSES[fn](**opts)
        value, grad = jax.value_and_grad(lambda q: obj(jnp.asarray(t), q))(jnp.asarray(p))
        out.append({"fn": fn, "options": opts, "y_true": f32(t), "y_true_shape": list(t.shape), "y_pred": f32(p),
                    "y_pred_shape": list(p.shape), "value": num(value), "grad": f32(grad),
                    "config": keras.saving.serialize_keras_object(obj)})
    # Aliases Keras accepts, with the function each resolves to.
    aliases = {}
    for s in ["mse", "MSE", "mae", "MAE", "mape", "MAPE", "msle", "MSLE", "bce", "BCE", "kld", "KLD",
              "mean_squared_error", "MeanSquaredError", "huber", "Huber", "log_cosh", "LogCosh",
              "binary_crossentropy", "BinaryCrossentropy", "KLDivergence", "kl_divergence", "CosineSimilarity",
              "SparseCategoricalCrossentropy", "CategoricalHinge", "Poisson"]:
        o = losses.get(s)
        aliases[s] = o.__name__ if hasattr(o, "__name__") else type(o).__name__
    refused = []
    for s in ["kullback_leibler_divergence", "logcosh", "cosine_proximity", "huber_loss", "nope", "Dense"]:
        try:
            losses.get(s)
        except Exception:
            refused.append(s)
    write("losses.json", {"cases": out, "aliases": aliases, "keras3_refuses": refused})


# ─── models ─────────────────────────────────────────────────────────────────

def dense(units, **kw):
    return layers.Dense(units, **kw)


def data(kind, n=12, d_in=4, d_out=3, seed=0, in_shape=None):
    rng = np.random.default_rng(seed)
    shape = (n,) + (tuple(in_shape) if in_shape else (d_in,))
    x = rng.uniform(-1, 1, size=shape).astype(np.float32)
    if kind == "reg":
        y = rng.normal(size=(n, d_out)).astype(np.float32)
    elif kind == "pos":
        y = rng.uniform(0.2, 2.5, size=(n, d_out)).astype(np.float32)
    elif kind == "bin":
        y = rng.integers(0, 2, size=(n, d_out)).astype(np.float32)
    elif kind == "pm1":
        y = (2 * rng.integers(0, 2, size=(n, d_out)) - 1).astype(np.float32)
    elif kind == "onehot":
        y = np.eye(d_out, dtype=np.float32)[rng.integers(0, d_out, size=(n,))]
    elif kind == "sparse":
        y = rng.integers(0, d_out, size=(n,)).astype(np.float32)
    elif kind == "sparse_col":
        y = rng.integers(0, d_out, size=(n, 1)).astype(np.float32)
    elif kind == "dist":
        y = rng.dirichlet(np.ones(d_out), size=n).astype(np.float32)
    elif kind == "flat":
        y = rng.normal(size=(n,)).astype(np.float32)
    else:
        raise ValueError(kind)
    return x, y


def mlp(hidden_act="relu", out_units=3, out_act=None, d_in=4, hidden=5, **kw):
    return [keras.Input((d_in,)), dense(hidden, activation=hidden_act, **kw), dense(out_units, activation=out_act)]


def training_cases():
    cases = []

    def add(name, model_layers, loss, kind, optimizer="sgd", metrics=None, d_out=3, seed=0, in_shape=None, d_in=4,
            steps=10, lr=None, loss_weights=None):
        cases.append(dict(name=name, layers=model_layers, loss=loss, kind=kind, optimizer=optimizer, metrics=metrics,
                          d_out=d_out, seed=seed, in_shape=in_shape, d_in=d_in, steps=steps, loss_weights=loss_weights))

    # Every activation in the hidden layer (mse, SGD with a larger rate so steps matter).
    for act in ACTIVATIONS:
        add(f"act_{act}", lambda act=act: mlp(act), "mse", "reg", optimizer=("SGD", {"learning_rate": 0.1}))
    add("act_gelu_out_softmax", lambda: mlp("gelu", 3, "softmax"), "categorical_crossentropy", "onehot", metrics=["accuracy"])
    # Every loss (and option), with a suitable output.
    add("loss_mae", lambda: mlp("tanh"), "mae", "reg", metrics=["mse"])
    add("loss_mape", lambda: mlp("relu", 3, "softplus"), "mape", "pos", metrics=["mae"])
    add("loss_msle", lambda: mlp("relu", 3, "softplus"), "msle", "pos")
    add("loss_huber", lambda: mlp("relu"), "huber", "reg")
    add("loss_huber_delta", lambda: mlp("relu"), ("Huber", {"delta": 0.3}), "reg")
    add("loss_log_cosh", lambda: mlp("relu"), "log_cosh", "reg")
    add("loss_bce", lambda: mlp("relu", 3, "sigmoid"), "binary_crossentropy", "bin", metrics=["accuracy", "binary_crossentropy"])
    add("loss_bce_1unit", lambda: mlp("relu", 1, "sigmoid"), "binary_crossentropy", "bin", d_out=1, metrics=["accuracy", "acc"])
    add("loss_bce_logits", lambda: mlp("relu", 3, None), ("BinaryCrossentropy", {"from_logits": True}), "bin", metrics=["binary_accuracy"])
    add("loss_bce_smooth", lambda: mlp("relu", 3, "sigmoid"), ("BinaryCrossentropy", {"label_smoothing": 0.1}), "bin")
    add("loss_cce", lambda: mlp("relu", 3, "softmax"), "categorical_crossentropy", "onehot", metrics=["accuracy", "categorical_accuracy"])
    add("loss_cce_logits", lambda: mlp("relu", 3, None), ("CategoricalCrossentropy", {"from_logits": True}), "onehot", metrics=["accuracy"])
    add("loss_cce_smooth", lambda: mlp("relu", 3, "softmax"), ("CategoricalCrossentropy", {"label_smoothing": 0.2}), "onehot")
    add("loss_scce", lambda: mlp("relu", 3, "softmax"), "sparse_categorical_crossentropy", "sparse", metrics=["accuracy", "sparse_categorical_accuracy"])
    add("loss_scce_col", lambda: mlp("relu", 3, "softmax"), "sparse_categorical_crossentropy", "sparse_col", metrics=["acc"])
    add("loss_scce_logits", lambda: mlp("relu", 3, None), ("SparseCategoricalCrossentropy", {"from_logits": True}), "sparse", metrics=["accuracy"])
    add("loss_hinge", lambda: mlp("relu", 3, "tanh"), "hinge", "pm1")
    add("loss_hinge_01", lambda: mlp("relu", 3, None), "hinge", "bin")
    add("loss_squared_hinge", lambda: mlp("relu", 3, "tanh"), "squared_hinge", "pm1")
    add("loss_categorical_hinge", lambda: mlp("relu", 3, None), "categorical_hinge", "onehot")
    add("loss_kld", lambda: mlp("relu", 3, "softmax"), "kld", "dist", metrics=["kl_divergence"])
    add("loss_poisson", lambda: mlp("relu", 3, "exponential"), "poisson", "pos", metrics=["poisson"])
    add("loss_cosine", lambda: mlp("relu"), "cosine_similarity", "reg", metrics=["cosine_similarity"])
    add("loss_crossentropy_shortcut", lambda: mlp("relu", 3, "softmax"), "crossentropy", "sparse", metrics=["accuracy"])
    add("loss_flat_targets", lambda: mlp("relu", 1, None), "mse", "flat", d_out=1, metrics=["mae", "mse", "root_mean_squared_error", "MeanSquaredError"])
    add("loss_weighted", lambda: mlp("relu"), "mse", "reg", loss_weights=[0.5])
    add("metrics_many", lambda: mlp("relu", 3, "sigmoid"), "mse", "bin",
        metrics=["mse", "MSE", "mae", "mape", "msle", "accuracy", "binary_crossentropy", "bce", "hinge", "squared_hinge",
                 "categorical_hinge", "poisson", "log_cosh_error", "categorical_accuracy", "cosine_similarity", "kl_divergence"])
    # Every optimizer (relu/mse), with their main options.
    for opt in [("SGD", {}), ("SGD", {"momentum": 0.9}), ("SGD", {"momentum": 0.9, "nesterov": True}),
                ("Adam", {}), ("Adam", {"amsgrad": True}), ("AdamW", {}), ("RMSprop", {}),
                ("RMSprop", {"momentum": 0.5, "centered": True}), ("Adagrad", {}), ("Adadelta", {"learning_rate": 1.0}),
                ("Adamax", {}), ("Nadam", {}), ("Lion", {}), ("Ftrl", {}), ("SGD", {"learning_rate": 0.1, "clipnorm": 0.5})]:
        tag = opt[0] + "".join(f"_{k}" for k in opt[1])
        add(f"opt_{tag}", lambda: mlp("relu"), "mse", "reg", optimizer=opt)
    add("opt_string_adam", lambda: mlp("relu"), "mse", "reg", optimizer="adam")
    add("opt_string_rmsprop", lambda: mlp("relu"), "mse", "reg", optimizer="rmsprop")
    # Regularizers (bias L1 at zero: abs'(0) = 1), activity regularization, frozen layers.
    add("reg_kernel_l2_bias_l1", lambda: [keras.Input((4,)), dense(5, activation="relu", kernel_regularizer=regularizers.L2(0.05),
                                                                  bias_regularizer=regularizers.L1(0.02)), dense(3)], "mse", "reg")
    add("reg_l1l2_activity", lambda: [keras.Input((4,)), dense(5, activation="tanh", activity_regularizer=regularizers.L1L2(0.01, 0.02),
                                                              kernel_regularizer=regularizers.L1L2(0.01, 0.01)), dense(3)], "mse", "reg")
    add("frozen_first", lambda: [keras.Input((4,)), dense(5, activation="relu", trainable=False), dense(3)], "mse", "reg",
        optimizer=("Adam", {}))
    add("frozen_last", lambda: [keras.Input((4,)), dense(5, activation="relu"), dense(3, trainable=False)], "mse", "reg")
    add("no_bias", lambda: [keras.Input((4,)), dense(5, activation="relu", use_bias=False), dense(3, use_bias=False)], "mse", "reg")
    # Other layers.
    add("layers_flatten", lambda: [keras.Input((2, 3)), layers.Flatten(), dense(5, activation="relu"), dense(3)], "mse", "reg", in_shape=(2, 3))
    add("layers_reshape_rank3", lambda: [keras.Input((4,)), dense(6, activation="relu"), layers.Reshape((2, 3)), dense(3), layers.Flatten()],
        "mse", "reg", d_out=6)
    add("layers_rank3_output", lambda: [keras.Input((4,)), dense(6, activation="relu"), layers.Reshape((3, 2)), dense(2, activation="softmax")],
        "categorical_crossentropy", "rank3", d_out=2, metrics=["accuracy"])
    add("layers_activation_dropout0", lambda: [keras.Input((4,)), dense(5), layers.Activation("relu"), layers.Dropout(0.0), dense(3),
                                               layers.Activation("softmax")], "categorical_crossentropy", "onehot", metrics=["accuracy"])
    add("layers_flatten_channels_first", lambda: [keras.Input((2, 3, 2)), layers.Flatten(data_format="channels_first"), dense(3)],
        "mse", "reg", in_shape=(2, 3, 2))
    add("lazy_build", lambda: [dense(5, activation="relu"), dense(3)], "mse", "reg")
    add("input_dim_kwarg", lambda: [dense(5, activation="relu", input_dim=4), dense(3)], "mse", "reg")
    return cases


def make_y(kind, x, d_out, seed):
    n = x.shape[0]
    if kind == "rank3":
        rng = np.random.default_rng(seed + 100)
        return np.eye(d_out, dtype=np.float32)[rng.integers(0, d_out, size=(n, 3))]
    return data(kind, n=n, d_out=d_out, seed=seed + 100)[1]


def compile_args(case):
    opt = case["optimizer"]
    if isinstance(opt, tuple):
        opt = getattr(optimizers, opt[0])(**opt[1])
    loss = case["loss"]
    if isinstance(loss, tuple):
        loss = getattr(losses, loss[0])(**loss[1])
    kw = dict(loss=loss, optimizer=opt, metrics=case["metrics"])
    if case["loss_weights"] is not None:
        kw["loss_weights"] = case["loss_weights"]
    return kw


def js_value(v):
    if isinstance(v, (list, tuple)):
        return [float(x) for x in v]
    return float(v)


def gen_training():
    out = []
    for i, case in enumerate(training_cases()):
        keras.utils.set_random_seed(1000 + i)
        x, _ = data("reg", d_in=case["d_in"], seed=i, in_shape=case["in_shape"])
        y = make_y(case["kind"], x, case["d_out"], i)
        model = keras.Sequential(case["layers"]())
        kw = compile_args(case)
        model.compile(**kw)
        if not model.built:
            model.build((None,) + x.shape[1:]) if case["name"] != "lazy_build" else None
        init = None
        results = []
        for s in range(case["steps"]):
            if s == 0 and case["name"] == "lazy_build":
                # Keras builds from the first batch; record the weights it created before the step.
                model.build(x.shape)
            if init is None:
                init = [f32(w) for w in model.get_weights()]
            results.append(js_value(model.train_on_batch(x, y)))
        loss_cfg = kw["loss"] if isinstance(kw["loss"], str) else keras.saving.serialize_keras_object(kw["loss"])
        out.append({
            "name": case["name"],
            "model_config": model.get_config(),
            "loss": loss_cfg,
            # Keras's Huber config drops delta; the constructor arguments say what was used.
            "loss_ctor": list(case["loss"]) if isinstance(case["loss"], tuple) else None,
            "optimizer": keras.optimizers.serialize(model.optimizer) if not isinstance(case["optimizer"], str) else case["optimizer"],
            "metrics": case["metrics"],
            "loss_weights": case["loss_weights"],
            "x": f32(x), "x_shape": list(x.shape), "y": f32(y), "y_shape": list(y.shape),
            "initial_weights": init,
            "weight_paths": [v.path for v in model.weights],
            "steps": results,
            "final_weights": [f32(w) for w in model.get_weights()],
            "predict": f32(model.predict(x, verbose=0)),
            "evaluate": js_value(model.evaluate(x, y, verbose=0)),
            "evaluate_batch5": js_value(model.evaluate(x, y, batch_size=5, verbose=0)),
            "metrics_names": model.metrics_names,
            "optimizer_variables": [v.path for v in model.optimizer.variables],
        })
    write("training.json", {"cases": out})


# ─── fit ────────────────────────────────────────────────────────────────────

def gen_fit():
    out = []
    specs = [
        ("fit_basic", dict(epochs=3, batch_size=5), "mse", None),
        ("fit_split", dict(epochs=3, batch_size=4, validation_split=0.25), "mse", ["mae"]),
        ("fit_valdata", dict(epochs=2, batch_size=32), "mse", ["mae", "mse"]),
        ("fit_initial_epoch", dict(epochs=4, initial_epoch=2, batch_size=3), "mse", None),
        ("fit_cce_acc", dict(epochs=3, batch_size=5, validation_split=0.34), "categorical_crossentropy", ["accuracy"]),
        ("fit_early_stop", dict(epochs=30, batch_size=12), "mse", None),
        ("fit_valfreq", dict(epochs=4, batch_size=6, validation_split=0.25, validation_freq=2), "mse", None),
    ]
    for i, (name, kw, loss, metrics) in enumerate(specs):
        keras.utils.set_random_seed(2000 + i)
        kind = "onehot" if loss == "categorical_crossentropy" else "reg"
        x, _ = data("reg", n=12, seed=50 + i)
        y = make_y(kind, x, 3, 50 + i)
        act = "softmax" if kind == "onehot" else None
        model = keras.Sequential(mlp("relu", 3, act))
        model.compile(loss=loss, optimizer=optimizers.SGD(learning_rate=0.2 if name == "fit_early_stop" else 0.05, momentum=0.5), metrics=metrics)
        init = [f32(w) for w in model.get_weights()]
        fkw = dict(kw)
        rec = {"name": name, "model_config": model.get_config(), "loss": loss, "metrics": metrics,
               "optimizer": keras.optimizers.serialize(model.optimizer), "x": f32(x), "y": f32(y), "initial_weights": init,
               "fit_args": {k: v for k, v in kw.items()}}
        if name == "fit_valdata":
            vx, _ = data("reg", n=5, seed=90)
            vy = make_y("reg", vx, 3, 91)
            fkw["validation_data"] = (vx, vy)
            rec["val_x"], rec["val_y"] = f32(vx), f32(vy)
        callbacks = []
        if name == "fit_early_stop":
            callbacks = [keras.callbacks.EarlyStopping(monitor="loss", patience=2, min_delta=0.05, restore_best_weights=True)]
            rec["early_stopping"] = {"monitor": "loss", "patience": 2, "min_delta": 0.05, "restore_best_weights": True}
        buf = io.StringIO()
        with redirect_stdout(buf):
            h = model.fit(x, y, shuffle=False, verbose=2, callbacks=callbacks, **fkw)
        rec["history"] = {k: [float(v) for v in vs] for k, vs in h.history.items()}
        rec["history_keys"] = list(h.history.keys())
        rec["epochs_run"] = h.epoch
        rec["stopped_epoch"] = callbacks[0].stopped_epoch if callbacks else None
        rec["verbose2"] = buf.getvalue()
        rec["final_weights"] = [f32(w) for w in model.get_weights()]
        buf = io.StringIO()
        with redirect_stdout(buf):
            ev = model.evaluate(x, y, verbose=2, batch_size=5)
        rec["evaluate"] = js_value(ev)
        rec["evaluate_verbose2"] = buf.getvalue()
        out.append(rec)
    write("fit.json", {"cases": out})


# ─── configs, names and summaries ───────────────────────────────────────────

def ser(o):
    return keras.saving.serialize_keras_object(o)


def gen_configs():
    keras.backend.clear_session()
    out = {}
    # Automatic names (one global counter per prefix), after a clear_session.
    names = []
    names.append(keras.Sequential().name)
    names += [layers.Dense(1).name, layers.Dense(1).name, layers.Dropout(0.1).name, layers.Dense(1).name,
              layers.Activation("relu").name, layers.Flatten().name, layers.Reshape((1,)).name, layers.InputLayer(shape=(2,)).name]
    m = keras.Sequential([layers.Dense(2, input_dim=3)])
    names.append(m.name)
    names.append([l["config"]["name"] for l in m.get_config()["layers"]])
    out["auto_names"] = names
    keras.backend.clear_session()

    layer_specs = {
        "dense_default": lambda: layers.Dense(3),
        "dense_full": lambda: layers.Dense(4, activation="relu", use_bias=False, kernel_initializer="he_normal",
                                           bias_initializer=initializers.Constant(0.1), kernel_regularizer=regularizers.L2(0.02),
                                           bias_regularizer=regularizers.L1(0.01), activity_regularizer=regularizers.L1L2(0.01, 0.02),
                                           name="custom", trainable=False),
        "dense_strings": lambda: layers.Dense(2, activation="softmax", kernel_initializer="orthogonal", bias_initializer="ones",
                                              kernel_regularizer="l1", bias_regularizer="l2"),
        "dense_float64": lambda: layers.Dense(1, dtype="float64"),
        "dense_seeded": lambda: layers.Dense(2, kernel_initializer=initializers.GlorotNormal(seed=3),
                                             bias_initializer=initializers.RandomUniform(-0.1, 0.2, seed=4)),
        "input_layer": lambda: layers.InputLayer(shape=(3, 4)),
        "input_layer_batch": lambda: layers.InputLayer(batch_shape=(8, 2)),
        "activation": lambda: layers.Activation("hard_sigmoid"),
        "activation_swish": lambda: layers.Activation("swish"),
        "dropout": lambda: layers.Dropout(0.25, seed=5),
        "flatten": lambda: layers.Flatten(),
        "flatten_cf": lambda: layers.Flatten(data_format="channels_first"),
        "reshape": lambda: layers.Reshape((2, -1)),
    }
    out["layers"] = {k: ser(f()) for k, f in layer_specs.items()}
    inits = {}
    for n in ["glorot_uniform", "glorot_normal", "he_uniform", "he_normal", "lecun_uniform", "lecun_normal", "zeros", "ones",
              "random_uniform", "random_normal", "truncated_normal", "orthogonal", "identity", "variance_scaling"]:
        inits[n] = ser(initializers.get(n))
    inits["Constant(0.5)"] = ser(initializers.Constant(0.5))
    inits["VarianceScaling(2, fan_out, uniform, seed=1)"] = ser(initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=1))
    inits["RandomNormal(1, 2, seed=3)"] = ser(initializers.RandomNormal(1.0, 2.0, seed=3))
    inits["Orthogonal(gain=2)"] = ser(initializers.Orthogonal(gain=2.0))
    out["initializers"] = inits
    out["regularizers"] = {"L1(0.01)": ser(regularizers.L1(0.01)), "L2(0.02)": ser(regularizers.L2(0.02)),
                           "L1L2(0.01,0.02)": ser(regularizers.L1L2(0.01, 0.02)), "l1": ser(regularizers.get("l1")),
                           "l2": ser(regularizers.get("l2")), "L1(0.3)": ser(regularizers.L1(0.3))}
    out["losses"] = {k: ser(c()) for k, c in LOSS_CLASSES.items()}
    out["losses"]["Huber(delta=2)"] = ser(losses.Huber(delta=2.0))
    out["losses"]["BinaryCrossentropy(from_logits, 0.1)"] = ser(losses.BinaryCrossentropy(from_logits=True, label_smoothing=0.1))

    models = {}
    keras.backend.clear_session()
    m = keras.Sequential(); m.add(layers.Dense(units=1, input_dim=1)); m.compile(loss="mse", optimizer="sgd")
    models["seed"] = {"config": m.get_config(), "compile_config": m.get_compile_config(), "weights": [v.path for v in m.weights]}
    m = keras.Sequential([keras.Input((4,)), layers.Dense(8, activation="relu"), layers.Dropout(0.5), layers.Dense(3, activation="softmax")], name="clf")
    m.compile(loss="categorical_crossentropy", optimizer=optimizers.Adam(0.01), metrics=["accuracy", "mae"])
    models["classifier"] = {"config": m.get_config(), "compile_config": m.get_compile_config(), "weights": [v.path for v in m.weights]}
    m = keras.Sequential([layers.Dense(2), layers.Dense(1)])
    models["unbuilt"] = {"config": m.get_config(), "weights": [v.path for v in m.weights]}
    m = keras.Sequential([layers.Dense(2), layers.Flatten()]); m.build((None, 3))
    models["built_later"] = {"config": m.get_config(), "weights": [v.path for v in m.weights]}
    m = keras.Sequential([keras.Input((2, 3)), layers.Flatten(), layers.Dense(6), layers.Reshape((3, 2)), layers.Activation("tanh")])
    models["reshaping"] = {"config": m.get_config(), "weights": [v.path for v in m.weights]}
    m = keras.Sequential([keras.Input((3,)), layers.Dense(2, kernel_regularizer="l2", name="a"), layers.Dense(1, name="b")])
    m.compile(loss=losses.Huber(), optimizer="rmsprop", metrics=["mse"], loss_weights=[2.0])
    models["compiled_objects"] = {"config": m.get_config(), "compile_config": m.get_compile_config(), "weights": [v.path for v in m.weights]}
    m2 = keras.Sequential.from_config(models["classifier"]["config"])
    models["classifier"]["from_config_weights"] = [v.path for v in m2.weights]
    models["classifier"]["from_config_roundtrip"] = m2.get_config()
    out["models"] = models
    keras.backend.clear_session()
    write("configs.json", out)


def gen_summaries():
    keras.backend.clear_session()
    res = []

    def cap(m, **kw):
        lines = []
        m.summary(print_fn=lambda s, **_: lines.append(s), **kw)
        return "".join(lines)

    m = keras.Sequential(); m.add(layers.Dense(units=1, input_dim=1))
    res.append({"name": "seed_uncompiled", "text": cap(m)})
    m.compile(loss="mse", optimizer="sgd"); m.train_on_batch(np.zeros((2, 1)), np.zeros((2, 1)))
    res.append({"name": "seed_trained", "text": cap(m)})
    m = keras.Sequential([keras.Input((784,)), layers.Dense(512, activation="relu", name="a_really_long_layer_name_that_goes_on_and_on"),
                          layers.Dropout(0.2), layers.Dense(10), layers.Reshape((2, 5)), layers.Flatten(), layers.Activation("softmax")])
    for ll in [None, 100, 60, 120]:
        res.append({"name": "mnist", "line_length": ll, "text": cap(m, line_length=ll) if ll else cap(m)})
    m.compile(loss="categorical_crossentropy", optimizer="adam")
    m.train_on_batch(np.zeros((1, 784)), np.zeros((1, 10)))
    res.append({"name": "mnist_adam", "text": cap(m)})
    m = keras.Sequential([layers.Dense(3), layers.Dense(1)], name="lazy")
    res.append({"name": "unbuilt", "text": cap(m)})
    m = keras.Sequential([keras.Input((5,)), layers.Dense(4, trainable=False), layers.Dense(2)], name="frozen")
    res.append({"name": "frozen", "text": cap(m)})
    write("summary.json", {"cases": res})


# ─── the seed tutorial ──────────────────────────────────────────────────────

def gen_seed():
    keras.backend.clear_session()
    keras.utils.set_random_seed(1337)
    np.random.seed(1337)
    X = np.linspace(-1, 1, 200)
    np.random.shuffle(X)
    Y = 0.5 * X + 2 + np.random.normal(0, 0.05, (200,))
    X_train, Y_train = X[:160], Y[:160]
    X_test, Y_test = X[160:], Y[160:]
    model = keras.Sequential()
    model.add(layers.Dense(units=1, input_dim=1))
    model.compile(loss="mse", optimizer="sgd")
    init = [f32(w) for w in model.get_weights()]
    costs = [float(model.train_on_batch(X_train, Y_train)) for _ in range(301)]
    cost = float(model.evaluate(X_test, Y_test, batch_size=40, verbose=0))
    W, b = model.layers[0].get_weights()
    pred = model.predict(X_test[0:2], verbose=0)
    write("seed.json", {"x": f32(X), "y": f32(Y), "initial_weights": init, "costs": costs, "test_cost": cost,
                        "W": f32(W), "b": f32(b), "predict": f32(pred)})


GENERATORS = {"activations": gen_activations, "losses": gen_losses, "training": gen_training, "fit": gen_fit,
              "configs": gen_configs, "summary": gen_summaries, "seed": gen_seed}


def main():
    """All generators, or only those named on the command line (e.g. `training fit`)."""
    for name in sys.argv[1:] or list(GENERATORS):
        GENERATORS[name]()


if __name__ == "__main__":
    main()
