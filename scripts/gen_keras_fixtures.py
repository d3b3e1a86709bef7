"""Generate the Keras 3 fixtures for the model-file tests (test/keras).

Real Keras 3 (JAX backend) builds small models, compiles them with each
optimizer and several losses/metrics, trains N steps with train_on_batch,
then writes, per case, into test/fixtures/keras/:

  <case>.h5              model.save() (legacy HDF5 whole model)
  <case>.weights.h5      save_weights() in Keras 3's layout      (a few cases)
  <case>.legacy.h5       legacy HDF5 weights (save_weights_to_hdf5_group)
  <case>.json            the oracle: to_json(), the training batch, the
                         predictions after N steps, and the CONTINUED
                         trajectory: M more train_on_batch steps (every loss,
                         the final weights and optimizer variables).

The continued trajectory is what loading the saved file and training on must
reproduce. It is recorded by continuing the in-memory model right after
saving, because Keras 3.15 itself cannot reload its own .h5 when the loss is
'mse' (keras#19330); for every case we also record whether Keras could reload
the file and, when it could, check that the reloaded model continues
identically (asserted here, so a mismatch stops the script).

Run: KERAS_BACKEND=jax .venv/bin/python scripts/gen_keras_fixtures.py
"""
import json
import os
import sys
import warnings

os.environ.setdefault('KERAS_BACKEND', 'jax')
warnings.filterwarnings('ignore')

import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402
from keras.src.legacy.saving import legacy_h5_format  # noqa: E402
import h5py  # noqa: E402
import absl.logging  # noqa: E402

absl.logging.set_verbosity(absl.logging.ERROR)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'keras')
N_STEPS = 4
M_STEPS = 3


def f32list(a):
    """Float32 values as exact decimal floats (float32 -> float64 is exact)."""
    return [float(v) for v in np.asarray(a, dtype=np.float32).reshape(-1)]


def arr(a):
    a = np.asarray(a)
    return {'shape': list(a.shape), 'dtype': str(a.dtype), 'values': [float(v) for v in a.reshape(-1)]}


def loss_list(r):
    if isinstance(r, (list, tuple)):
        return [float(v) for v in r]
    return [float(r)]


def seed_data():
    rng = np.random.default_rng(1337)
    x = np.linspace(-1, 1, 200)
    rng.shuffle(x)
    y = 0.5 * x + 2 + rng.normal(0, 0.05, (200,))
    return x[:160].reshape(-1, 1).astype('float32'), y[:160].reshape(-1, 1).astype('float32'), x[160:].reshape(-1, 1).astype('float32')


def cls_data(n_in, n_out, batch=16, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (batch, n_in)).astype('float32')
    labels = rng.integers(0, n_out, batch)
    y = np.eye(n_out, dtype='float32')[labels]
    return x, y, rng.normal(0, 1, (5, n_in)).astype('float32')


def reg_data(in_shape, n_out, batch=12, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, 1, (batch,) + tuple(in_shape)).astype('float32')
    y = rng.normal(0, 1, (batch, n_out)).astype('float32')
    return x, y, rng.normal(0, 1, (4,) + tuple(in_shape)).astype('float32')


def mlp(n_in=4, n_out=3, out_act='softmax'):
    return keras.Sequential([
        keras.Input((n_in,)),
        layers.Dense(8, activation='relu'),
        layers.Dense(6, activation='tanh'),
        layers.Dense(n_out, activation=out_act),
    ])


OPTIMIZERS = {
    'sgd_momentum': lambda: keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, nesterov=True),
    'adam': lambda: keras.optimizers.Adam(learning_rate=0.01),
    'adam_amsgrad': lambda: keras.optimizers.Adam(learning_rate=0.01, amsgrad=True),
    'adamw': lambda: keras.optimizers.AdamW(learning_rate=0.01, weight_decay=0.01),
    'rmsprop': lambda: keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True),
    'adagrad': lambda: keras.optimizers.Adagrad(learning_rate=0.05),
    'adadelta': lambda: keras.optimizers.Adadelta(learning_rate=0.5),
    'adamax': lambda: keras.optimizers.Adamax(learning_rate=0.01),
    'nadam': lambda: keras.optimizers.Nadam(learning_rate=0.01),
    'lion': lambda: keras.optimizers.Lion(learning_rate=0.001),
    'ftrl': lambda: keras.optimizers.Ftrl(learning_rate=0.05, l1_regularization_strength=0.001),
}


def cases():
    x, y, xp = seed_data()
    yield dict(name='seed_sgd_mse', build=lambda: keras.Sequential([layers.Dense(units=1, input_dim=1)]),
               compile=dict(loss='mse', optimizer='sgd'), x=x, y=y, xp=xp[:2], weights_files=True)
    for key, make in OPTIMIZERS.items():
        x, y, xp = cls_data(4, 3)
        yield dict(name=f'mlp_{key}', build=mlp,
                   compile=dict(loss='categorical_crossentropy', optimizer=make(), metrics=['accuracy']),
                   x=x, y=y, xp=xp, weights_files=key == 'adam')
    x, y, xp = reg_data((2, 3), 2)
    yield dict(name='layers_adam_mae',
               build=lambda: keras.Sequential([
                   keras.Input((2, 3)),
                   layers.Reshape((6,)),
                   layers.Dense(5, name='hidden'),
                   layers.Activation('sigmoid'),
                   layers.Dropout(0.0),
                   layers.Reshape((5, 1)),
                   layers.Flatten(),
                   layers.Dense(2, activation='linear', use_bias=False),
               ]),
               compile=dict(loss='mean_absolute_error', optimizer=keras.optimizers.Adam(0.02), metrics=['mse', 'mae']),
               x=x, y=y, xp=xp, weights_files=True)
    x, y, xp = reg_data((4,), 1)
    yield dict(name='dropout_rmsprop_huber',
               build=lambda: keras.Sequential([
                   keras.Input((4,)),
                   layers.Dense(6, activation='elu'),
                   layers.Dropout(0.25, seed=3),
                   layers.Dense(1),
               ]),
               compile=dict(loss=keras.losses.Huber(delta=0.5), optimizer='rmsprop', metrics=['mean_absolute_error']),
               x=x, y=y, xp=xp, trajectory=False)
    x, y, xp = cls_data(5, 2)
    yield dict(name='binary_sgd_decay',
               build=lambda: keras.Sequential([keras.Input((5,)), layers.Dense(4, activation='selu'), layers.Dense(1, activation='sigmoid')]),
               compile=dict(loss='binary_crossentropy',
                            optimizer=keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)),
                            metrics=['accuracy']),
               x=x, y=y[:, :1], xp=xp)
    # Python's json writes float('inf') as the bare token Infinity: the
    # training_config holds `"clipvalue": Infinity` (a clip that clips
    # nothing), which JSON.parse alone refuses.
    x, y, xp = cls_data(4, 3)
    yield dict(name='mlp_sgd_clipvalue_inf', build=mlp,
               compile=dict(loss='categorical_crossentropy',
                            optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9, clipvalue=float('inf'))),
               x=x, y=y, xp=xp)
    x, y, xp = cls_data(4, 3)
    yield dict(name='compiled_untrained', build=mlp,
               compile=dict(loss='categorical_crossentropy', optimizer='adam'), x=x, y=y, xp=xp, steps=0)
    yield dict(name='uncompiled', build=mlp, compile=None, x=x, y=y, xp=xp, steps=0, weights_files=True)


def finite_json(v):
    """The oracle JSON stays plain JSON: non-finite floats become 'inf', '-inf', 'nan'."""
    if isinstance(v, dict):
        return {k: finite_json(x) for k, x in v.items()}
    if isinstance(v, list):
        return [finite_json(x) for x in v]
    if isinstance(v, float) and not np.isfinite(v):
        return str(v)
    return v


def weights_of(model):
    return [{'path': v.path, **arr(v.numpy())} for v in model.weights]


def opt_vars(model):
    if getattr(model, 'optimizer', None) is None:
        return []
    return [{'path': v.path, **arr(v.numpy())} for v in model.optimizer.variables]


def run(case):
    name = case['name']
    keras.utils.set_random_seed(0)
    keras.backend.clear_session()
    model = case['build']()
    x, y, xp = case['x'], case['y'], case['xp']
    out = {'name': name, 'keras_version': keras.__version__, 'backend': keras.backend.backend()}
    if case['compile'] is not None:
        model.compile(**case['compile'])
    out['x'] = arr(x)
    out['y'] = arr(y)
    out['x_predict'] = arr(xp)
    steps = case.get('steps', N_STEPS)
    out['train_losses'] = [loss_list(model.train_on_batch(x, y)) for _ in range(steps)]
    out['predictions'] = arr(model.predict(xp, verbose=0))
    out['weights'] = weights_of(model)
    out['optimizer_variables'] = opt_vars(model)
    out['to_json'] = model.to_json()
    if case['compile'] is not None:
        out['compile_config'] = finite_json(json.loads(json.dumps(model.get_compile_config(), default=str)))
    base = os.path.join(OUT, name)
    model.save(base + '.h5')
    if case.get('weights_files', False):
        model.save_weights(base + '.weights.h5')
        with h5py.File(base + '.legacy.h5', 'w') as f:
            legacy_h5_format.save_weights_to_hdf5_group(f, model)

    # Can Keras reload its own file (keras#19330 says not with 'mse')?
    try:
        again = keras.models.load_model(base + '.h5')
        out['keras_reload'] = 'ok'
    except Exception as e:  # recorded, not hidden
        again = None
        out['keras_reload'] = f'{type(e).__name__}: {e}'.splitlines()[0][:300]
    again_nc = keras.models.load_model(base + '.h5', compile=False)
    np.testing.assert_array_equal(again_nc.predict(xp, verbose=0), model.predict(xp, verbose=0))

    if case['compile'] is not None and case.get('trajectory', True):
        cont = [loss_list(model.train_on_batch(x, y)) for _ in range(M_STEPS)]
        out['continued'] = {
            'steps': M_STEPS,
            'losses': cont,
            'weights': weights_of(model),
            'optimizer_variables': opt_vars(model),
            'predictions': arr(model.predict(xp, verbose=0)),
        }
        if again is not None and steps > 0:
            # Keras 3.15's own legacy-h5 loader builds the optimizer over
            # model._trainable_variables, which is empty for a Sequential, so
            # training the reloaded model fails; recorded, not hidden.
            try:
                cont2 = [loss_list(again.train_on_batch(x, y)) for _ in range(M_STEPS)]
                np.testing.assert_allclose(cont2, cont, rtol=1e-6, atol=1e-7)
                out['continued']['keras_reload_train'] = 'ok'
            except Exception as e:
                out['continued']['keras_reload_train'] = f'{type(e).__name__}: {e}'.splitlines()[0][:300]
        # The file holds the exact state: rebuild by hand from it (compile from
        # the same arguments, optimizer built over the model's trainable
        # variables, optimizer weights set from optimizer_weights) and check
        # that this continues exactly like the in-memory model.
        if steps > 0:
            manual = keras.models.load_model(base + '.h5', compile=False)
            keras.utils.set_random_seed(0)
            manual.compile(**{**case['compile'], 'optimizer': case['compile']['optimizer'].__class__.from_config(case['compile']['optimizer'].get_config()) if not isinstance(case['compile']['optimizer'], str) else case['compile']['optimizer']})
            manual.optimizer.build(manual.trainable_variables)
            with h5py.File(base + '.h5', 'r') as f:
                values = legacy_h5_format.load_optimizer_weights_from_hdf5_group(f)
                manual.optimizer.set_weights([np.asarray(v) for v in values])
            cont3 = [loss_list(manual.train_on_batch(x, y)) for _ in range(M_STEPS)]
            np.testing.assert_allclose(cont3, cont, rtol=1e-6, atol=1e-7)
            for a, b in zip(manual.weights, model.weights):
                np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-6, atol=1e-7)
    with open(base + '.json', 'w') as f:
        json.dump(out, f, separators=(',', ':'))
    return name, out['keras_reload']


def main():
    os.makedirs(OUT, exist_ok=True)
    only = sys.argv[1:]
    for case in cases():
        if only and case['name'] not in only:
            continue
        name, status = run(case)
        print(f'{name}: keras reload {status}')


if __name__ == '__main__':
    main()
