"""Generates test/fixtures/optim/trajectories.json from real Keras 3.

How to run (from the repository root):

    KERAS_BACKEND=jax .venv/bin/python scripts/gen_optimizer_fixtures.py

Live mode, used by test/optim/live.test.ts, writes nothing. It reads JSON on
stdin and prints JSON on stdout:

    {"cases": [ids],                  -> "cases": those cases' records, recomputed
     "deserialize": [serialized, ...],  -> "deserialized": Keras's get_config() of
                                           keras.optimizers.deserialize(each)
     "floats": [numbers],               -> "float_reprs": Python's repr of each
     "fixtures": "/path/to/shared/fixtures"}
                                        -> "fixture_configs": [{file, optimizer_config}]
                                           read with h5py from every .h5/.hdf5 file's
                                           training_config attribute

    echo '{"cases": ["adam_default"]}' | KERAS_BACKEND=jax .venv/bin/python scripts/gen_optimizer_fixtures.py --live

For each case of the matrix below the script builds float32 variables of a
few shapes (named like a model's: sequential/dense/kernel, …), applies a
fixed pseudo-random sequence of gradients with `optimizer.apply_gradients`
for STEPS steps, and records after every step the variables and every
optimizer variable (name, shape, values), plus `get_config()` and
`keras.optimizers.serialize()`. The TypeScript tests replay each trajectory
from the same initial values and gradients.

A case may carry `input`: the config the TypeScript side is given (for
example a Keras 2 config with `lr` and `decay`), while Python runs the
Keras 3 optimizer that config means (`keras3`). Keras 3 itself refuses
Keras 2 spellings, so the mapping is stated here and its trajectory comes
from Keras 3.
"""

import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import optimizers as O  # noqa: E402
from keras.optimizers import schedules as S  # noqa: E402
from keras.src import backend  # noqa: E402

STEPS = 10
SEED = 20240611
# (layer path, variable name, shape): a scalar-ish [1], a [3, 4] matrix, a vector.
VARIABLES = [
    ("sequential/dense", "kernel", (3, 4)),
    ("sequential/dense", "bias", (1,)),
    ("sequential/dense_1", "kernel", (6,)),
]
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "optim", "trajectories.json")


def case(cid, make, grad_scale=1.0, inp=None, note=None):
    return {"id": cid, "make": make, "grad_scale": grad_scale, "input": inp, "note": note}


def cases():
    """The matrix: every optimizer with defaults and non-defaults, every
    option that changes the math, every schedule, legacy configs."""
    c = []
    add = c.append
    # SGD
    add(case("sgd_default", lambda: O.SGD()))
    add(case("sgd_momentum", lambda: O.SGD(learning_rate=0.05, momentum=0.9)))
    add(case("sgd_nesterov", lambda: O.SGD(learning_rate=0.05, momentum=0.9, nesterov=True)))
    # Adam / AdamW
    add(case("adam_default", lambda: O.Adam()))
    add(case("adam_custom", lambda: O.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-5)))
    add(case("adam_amsgrad", lambda: O.Adam(learning_rate=0.01, amsgrad=True)))
    add(case("adamw_default", lambda: O.AdamW()))
    add(case("adamw_custom", lambda: O.AdamW(learning_rate=0.01, weight_decay=0.1, amsgrad=True)))
    # RMSprop
    add(case("rmsprop_default", lambda: O.RMSprop()))
    add(case("rmsprop_momentum", lambda: O.RMSprop(learning_rate=0.01, rho=0.8, momentum=0.5)))
    add(case("rmsprop_centered", lambda: O.RMSprop(learning_rate=0.01, centered=True)))
    add(case("rmsprop_centered_momentum", lambda: O.RMSprop(learning_rate=0.01, momentum=0.9, centered=True, epsilon=1e-4)))
    # Adagrad / Adadelta / Adamax / Nadam / Lion / Ftrl
    add(case("adagrad_default", lambda: O.Adagrad()))
    add(case("adagrad_custom", lambda: O.Adagrad(learning_rate=0.1, initial_accumulator_value=0.5, epsilon=1e-4)))
    add(case("adadelta_default", lambda: O.Adadelta()))
    add(case("adadelta_custom", lambda: O.Adadelta(learning_rate=1.0, rho=0.9, epsilon=1e-6)))
    add(case("adamax_default", lambda: O.Adamax()))
    add(case("adamax_custom", lambda: O.Adamax(learning_rate=0.02, beta_1=0.8, beta_2=0.95, epsilon=1e-5)))
    add(case("nadam_default", lambda: O.Nadam()))
    add(case("nadam_custom", lambda: O.Nadam(learning_rate=0.02, beta_1=0.8, beta_2=0.95, epsilon=1e-5)))
    add(case("lion_default", lambda: O.Lion()))
    add(case("lion_custom", lambda: O.Lion(learning_rate=0.01, beta_1=0.8, beta_2=0.95)))
    add(case("ftrl_default", lambda: O.Ftrl()))
    add(case("ftrl_regularized", lambda: O.Ftrl(
        learning_rate=0.1, initial_accumulator_value=0.2, l1_regularization_strength=0.01,
        l2_regularization_strength=0.02, l2_shrinkage_regularization_strength=0.03, beta=0.5)))
    add(case("ftrl_power", lambda: O.Ftrl(learning_rate=0.05, learning_rate_power=-0.3, l1_regularization_strength=0.001)))
    # Weight decay through the base optimizer
    add(case("sgd_weight_decay", lambda: O.SGD(learning_rate=0.1, momentum=0.9, weight_decay=0.05)))
    add(case("adam_weight_decay", lambda: O.Adam(learning_rate=0.01, weight_decay=0.01)))
    add(case("lion_weight_decay", lambda: O.Lion(learning_rate=0.01, weight_decay=0.1)))
    # Clipping (gradients scaled up so some are clipped and some are not)
    add(case("sgd_clipnorm", lambda: O.SGD(learning_rate=0.1, clipnorm=1.0), grad_scale=1.5))
    add(case("adam_clipvalue", lambda: O.Adam(learning_rate=0.01, clipvalue=0.5), grad_scale=1.5))
    add(case("rmsprop_global_clipnorm", lambda: O.RMSprop(learning_rate=0.01, global_clipnorm=2.0), grad_scale=1.5))
    # Learning-rate schedules
    add(case("adam_exponential_decay", lambda: O.Adam(learning_rate=S.ExponentialDecay(0.1, 3, 0.5))))
    add(case("sgd_exponential_staircase", lambda: O.SGD(learning_rate=S.ExponentialDecay(0.1, 3, 0.5, staircase=True), momentum=0.5)))
    add(case("sgd_piecewise", lambda: O.SGD(learning_rate=S.PiecewiseConstantDecay([3, 6], [0.1, 0.05, 0.01]))))
    add(case("rmsprop_inverse_time", lambda: O.RMSprop(learning_rate=S.InverseTimeDecay(0.01, 2, 0.5, staircase=True))))
    add(case("adamw_cosine", lambda: O.AdamW(learning_rate=S.CosineDecay(0.1, 8, alpha=0.1))))
    add(case("adam_cosine_warmup", lambda: O.Adam(learning_rate=S.CosineDecay(0.0, 5, warmup_target=0.1, warmup_steps=3))))
    add(case("sgd_polynomial_cycle", lambda: O.SGD(learning_rate=S.PolynomialDecay(0.1, 4, end_learning_rate=0.01, power=2.0, cycle=True))))
    add(case("adagrad_cosine_restarts", lambda: O.Adagrad(learning_rate=S.CosineDecayRestarts(0.1, 3, t_mul=2.0, m_mul=0.5, alpha=0.1))))
    # EMA, loss scaling, gradient accumulation
    add(case("adam_ema_overwrite", lambda: O.Adam(learning_rate=0.01, use_ema=True, ema_momentum=0.9, ema_overwrite_frequency=3)))
    add(case("sgd_ema", lambda: O.SGD(learning_rate=0.1, use_ema=True)))
    add(case("sgd_loss_scale", lambda: O.SGD(learning_rate=0.1, momentum=0.9, loss_scale_factor=128.0), grad_scale=128.0))
    add(case("adam_accumulation", lambda: O.Adam(learning_rate=0.01, gradient_accumulation_steps=3)))
    add(case("nadam_accumulation_clip", lambda: O.Nadam(learning_rate=0.01, gradient_accumulation_steps=2, clipnorm=0.5)))
    # Legacy configs: what the TypeScript side reads, and the Keras 3 optimizer it means.
    add(case(
        "keras2_adam_decay",
        lambda: O.Adam(learning_rate=S.InverseTimeDecay(0.009999999776482582, 1, 0.1), beta_1=0.8999999761581421,
                       beta_2=0.9990000128746033, epsilon=1e-7, name="Adam"),
        inp={"class_name": "Adam", "config": {"lr": 0.009999999776482582, "beta_1": 0.8999999761581421,
                                               "beta_2": 0.9990000128746033, "decay": 0.1, "epsilon": None,
                                               "amsgrad": False, "name": "Adam"}},
        note="Keras 2: lr -> learning_rate; decay -> lr / (1 + decay * iterations) = InverseTimeDecay(lr, 1, decay); epsilon None -> 1e-7"))
    add(case(
        "keras1_sgd",
        lambda: O.SGD(learning_rate=0.009999999776482582, momentum=0.8999999761581421, nesterov=True, name="sgd"),
        inp={"class_name": "SGD", "config": {"lr": 0.009999999776482582, "momentum": 0.8999999761581421,
                                              "decay": 0.0, "nesterov": True}},
        note="Keras 1/2: lr, decay 0 (no schedule)"))
    add(case(
        "tfkeras_custom_rmsprop",
        lambda: O.RMSprop(learning_rate=S.InverseTimeDecay(0.001, 1, 0.01), rho=0.9, momentum=0.5,
                          epsilon=1e-07, centered=False, name="RMSprop"),
        inp={"class_name": "Custom>RMSprop", "config": {"name": "RMSprop", "learning_rate": 0.001, "decay": 0.01,
                                                         "rho": 0.9, "momentum": 0.5, "epsilon": 1e-07,
                                                         "centered": False}},
        note="tf.keras 2.x optimizer_v2 config with a Custom> class name and a time decay"))
    add(case(
        "tfkeras211_adam",
        lambda: O.Adam(learning_rate=0.002, name="Adam", use_ema=False),
        inp={"class_name": "Adam", "config": {"name": "Adam", "weight_decay": None, "clipnorm": None,
                                               "global_clipnorm": None, "clipvalue": None, "use_ema": False,
                                               "ema_momentum": 0.99, "ema_overwrite_frequency": None,
                                               "jit_compile": True, "is_legacy_optimizer": False,
                                               "learning_rate": 0.002, "beta_1": 0.9, "beta_2": 0.999,
                                               "epsilon": 1e-07, "amsgrad": False}},
        note="tf.keras 2.11+ new-optimizer config (jit_compile, is_legacy_optimizer)"))
    add(case(
        "tfkeras_schedule_dict",
        lambda: O.SGD(learning_rate=S.ExponentialDecay(0.1, 2, 0.9), name="SGD"),
        inp={"class_name": "SGD", "config": {"name": "SGD", "learning_rate": {
            "class_name": "ExponentialDecay", "config": {"initial_learning_rate": 0.1, "decay_steps": 2,
                                                         "decay_rate": 0.9, "staircase": False,
                                                         "name": None}},
            "decay": 0.0, "momentum": 0.0, "nesterov": False}},
        note="tf.keras schedule serialized without module"))
    return c


SCHEDULE_STEPS = 25


def schedule_cases():
    """Every schedule class, defaults and options, evaluated as an optimizer
    evaluates it: on the int32 iteration count."""
    return [
        ("exponential", S.ExponentialDecay(0.1, 4, 0.5)),
        ("exponential_staircase", S.ExponentialDecay(0.3, 3, 0.7, staircase=True)),
        ("exponential_growth", S.ExponentialDecay(0.001, 10, 1.5)),
        ("piecewise", S.PiecewiseConstantDecay([3, 8, 15], [0.1, 0.05, 0.02, 0.001])),
        ("piecewise_float_boundaries", S.PiecewiseConstantDecay([2.5, 7.9], [1.0, 0.5, 0.25])),
        ("piecewise_unsorted", S.PiecewiseConstantDecay([10, 4], [0.3, 0.2, 0.1])),
        ("polynomial", S.PolynomialDecay(0.1, 10)),
        ("polynomial_power_cycle", S.PolynomialDecay(0.1, 6, end_learning_rate=0.01, power=0.5, cycle=True)),
        ("inverse_time", S.InverseTimeDecay(0.1, 5, 0.5)),
        ("inverse_time_staircase", S.InverseTimeDecay(0.2, 3, 1.5, staircase=True)),
        ("cosine", S.CosineDecay(0.1, 20)),
        ("cosine_alpha", S.CosineDecay(0.05, 7, alpha=0.2)),
        ("cosine_warmup", S.CosineDecay(0.0, 10, alpha=0.1, warmup_target=0.2, warmup_steps=5)),
        ("cosine_warmup_from_nonzero", S.CosineDecay(0.01, 6, warmup_target=0.05, warmup_steps=4)),
        ("cosine_restarts", S.CosineDecayRestarts(0.1, 3)),
        ("cosine_restarts_tmul1", S.CosineDecayRestarts(0.1, 4, t_mul=1.0, m_mul=0.8, alpha=0.05)),
        ("cosine_restarts_tmul3", S.CosineDecayRestarts(0.2, 2, t_mul=3.0, m_mul=0.5)),
    ]


def run_schedules():
    out = []
    for sid, sched in schedule_cases():
        values = [float(str(np.float32(sched(keras.ops.convert_to_tensor(step, dtype="int32")))))
                  for step in range(SCHEDULE_STEPS)]
        out.append({"id": sid, "serialized": jsonable(S.serialize(sched)), "values": values})
    return out


def make_base_grads(rng):
    return [[rng.standard_normal(shape).astype("float32") for _s, _n, shape in VARIABLES] for _ in range(STEPS)]


def shared_inputs():
    """The initial values and unscaled gradients every case starts from."""
    rng = np.random.RandomState(SEED)
    keras.backend.clear_session()
    variables = make_variables(rng)
    return {
        "initial": [f32list(v.numpy()) for v in variables],
        "grads": [[f32list(g) for g in step] for step in make_base_grads(rng)],
    }


def make_variables(rng):
    out = []
    for scope, name, shape in VARIABLES:
        outer, inner = scope.split("/")
        with backend.name_scope(outer, caller=None):
            with backend.name_scope(inner):
                init = rng.standard_normal(shape).astype("float32")
                out.append(keras.Variable(init, name=name, dtype="float32"))
    return out


def f32list(a):
    # Shortest decimal that reads back as the same float32 (read with Math.fround).
    return [float(str(x)) for x in np.asarray(a, dtype=np.float32).reshape(-1)]


def run_case(c):
    keras.backend.clear_session()
    rng = np.random.RandomState(SEED)
    variables = make_variables(rng)
    base_grads = make_base_grads(rng)
    # Scaled in float32, so the TypeScript side can repeat it exactly.
    grads = [[g * np.float32(c["grad_scale"]) for g in step] for step in base_grads]
    opt = c["make"]()
    config_before = opt.get_config()
    steps = []
    for s in range(STEPS):
        opt.apply_gradients(zip([keras.ops.convert_to_tensor(g) for g in grads[s]], variables))
        steps.append({
            "variables": [f32list(v.numpy()) for v in variables],
            "optimizer_variables": [f32list(np.asarray(v.numpy(), dtype=np.float32)) for v in opt.variables],
            "learning_rate": float(np.float32(opt.learning_rate)),
            "iterations": int(opt.iterations),
        })
    record = {
        "id": c["id"],
        "class_name": opt.__class__.__name__,
        "note": c["note"],
        "input": c["input"],
        "variables": [{"path": f"{scope}/{name}", "name": name, "shape": list(shape)} for scope, name, shape in VARIABLES],
        "grad_scale": c["grad_scale"],
        "optimizer_variables": [{"name": v.name, "path": v.path, "shape": list(v.shape), "dtype": str(v.dtype)} for v in opt.variables],
        "config_before": jsonable(config_before),
        "config": jsonable(opt.get_config()),
        "serialized": jsonable(O.serialize(opt)),
        # The exact text Keras writes: keras.optimizers.serialize, and the legacy .h5 optimizer_config.
        "serialized_json": json.dumps(O.serialize(opt)),
        "legacy_json": json.dumps({"class_name": opt.__class__.__name__, "config": opt.get_config()}),
        "steps": steps,
    }
    return record


def jsonable(x):
    return json.loads(json.dumps(x, default=lambda o: float(o) if np.isscalar(o) else str(o)))


def fixture_configs(root):
    """The optimizer_config of every HDF5 file under root that has a training_config."""
    import glob

    import h5py

    out = []
    for path in sorted(glob.glob(os.path.join(root, "**", "*.h5"), recursive=True)
                       + glob.glob(os.path.join(root, "**", "*.hdf5"), recursive=True)):
        try:
            with h5py.File(path, "r") as f:
                tc = f.attrs.get("training_config")
        except OSError:
            continue
        if tc is None:
            continue
        if isinstance(tc, bytes):
            tc = tc.decode("utf-8")
        cfg = json.loads(tc).get("optimizer_config")
        if cfg is not None:
            out.append({"file": os.path.relpath(path, root), "optimizer_config": cfg})
    return out


def main():
    all_cases = cases()
    if "--live" in sys.argv:
        request = json.load(sys.stdin)
        by_id = {c["id"]: c for c in all_cases}
        reply = {"keras_version": keras.__version__, **shared_inputs(),
                 "cases": [run_case(by_id[w]) for w in request.get("cases", [])],
                 "schedules": run_schedules()}
        # JSON texts we wrote: Keras must accept them (floats as floats) and give the same config back.
        reply["deserialized"] = [jsonable(O.deserialize(json.loads(text)).get_config())
                                 for text in request.get("deserialize", [])]
        # Python's repr of floats, the oracle for our JSON number formatting.
        reply["float_reprs"] = [repr(float(x)) for x in request.get("floats", [])]
        if request.get("fixtures"):
            reply["fixture_configs"] = fixture_configs(request["fixtures"])
        json.dump(reply, sys.stdout)
        return
    records = [run_case(c) for c in all_cases]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({
            "generator": "scripts/gen_optimizer_fixtures.py",
            "keras_version": keras.__version__,
            "backend": keras.backend.backend(),
            "steps": STEPS,
            "variables": [{"path": f"{scope}/{name}", "name": name, "shape": list(shape)} for scope, name, shape in VARIABLES],
            **shared_inputs(),
            "cases": records,
            "schedules": run_schedules(),
        }, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(records)} cases to {os.path.relpath(OUT)} ({os.path.getsize(OUT)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
