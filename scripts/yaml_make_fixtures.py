"""Makes the committed YAML fixtures under test/fixtures/yaml/ with PyYAML.

    .venv/bin/python scripts/yaml_make_fixtures.py

Each fixture is a Keras 2.2.4-style model config, built here the way Keras
2.2.4's get_config() held it in memory (shapes, kernel sizes, strides and
pool sizes as tuples; float hyper-parameters as floats, float32 round-off
included), written by PyYAML exactly as Keras <= 2.5's model.to_yaml() did:

  NAME.yaml   yaml.dump(config, default_flow_style=...)   (the oracle's text)
  NAME.json   {"options": {...}, "value": <the config in the tagged JSON of
              scripts/yaml_oracle.py, so tuples and floats survive>}

The tests (test/yaml/keras-configs.test.ts) check that stringifyYaml writes
the .yaml byte for byte and parseYaml reads it back; bench/yaml.bench.mjs
parses and writes them. Regenerate after changing this script; never edit
the outputs by hand.
"""
import json
import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from yaml_oracle import encode  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'yaml')


# Every call makes fresh objects, as get_config() did: PyYAML would anchor
# (&id001) any dict or tuple object met twice.
def initializer(name, **config):
    return {'class_name': name, 'config': config}


def glorot():
    return initializer('VarianceScaling', scale=1.0, mode='fan_avg', distribution='uniform', seed=None)


def he():
    return initializer('VarianceScaling', scale=2.0, mode='fan_in', distribution='normal', seed=None)


def zeros():
    return initializer('Zeros')


def ones():
    return initializer('Ones')


def l2():
    return {'class_name': 'L1L2', 'config': {'l1': 0.0, 'l2': 0.0005000000237487257}}


def pair(a, b):
    return tuple([a, b])


def conv(name, filters, first_shape=None, kernel=(3, 3)):
    config = {'name': name, 'trainable': True}
    if first_shape is not None:
        config.update({'batch_input_shape': first_shape, 'dtype': 'float32'})
    config.update({
        'filters': filters, 'kernel_size': pair(*kernel), 'strides': pair(1, 1), 'padding': 'same',
        'data_format': 'channels_last', 'dilation_rate': pair(1, 1), 'activation': 'linear', 'use_bias': False,
        'kernel_initializer': he(), 'bias_initializer': zeros(), 'kernel_regularizer': l2(), 'bias_regularizer': None,
        'activity_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None,
    })
    return {'class_name': 'Conv2D', 'config': config}


def batch_norm(name):
    return {'class_name': 'BatchNormalization', 'config': {
        'name': name, 'trainable': True, 'axis': -1, 'momentum': 0.99, 'epsilon': 0.001, 'center': True,
        'scale': True, 'beta_initializer': zeros(), 'gamma_initializer': ones(), 'moving_mean_initializer': zeros(),
        'moving_variance_initializer': ones(), 'beta_regularizer': None, 'gamma_regularizer': None,
        'beta_constraint': None, 'gamma_constraint': None,
    }}


def activation(name, fn):
    return {'class_name': 'Activation', 'config': {'name': name, 'trainable': True, 'activation': fn}}


def max_pool(name):
    return {'class_name': 'MaxPooling2D', 'config': {
        'name': name, 'trainable': True, 'pool_size': pair(2, 2), 'padding': 'valid', 'strides': pair(2, 2),
        'data_format': 'channels_last',
    }}


def dropout(name, rate):
    return {'class_name': 'Dropout', 'config': {'name': name, 'trainable': True, 'rate': rate, 'noise_shape': None, 'seed': None}}


def dense(name, units, fn):
    return {'class_name': 'Dense', 'config': {
        'name': name, 'trainable': True, 'units': units, 'activation': fn, 'use_bias': True,
        'kernel_initializer': glorot(), 'bias_initializer': zeros(), 'kernel_regularizer': None,
        'bias_regularizer': None, 'activity_regularizer': None, 'kernel_constraint': None, 'bias_constraint': None,
    }}


def cnn_layers():
    layers, n = [], {'conv': 0, 'bn': 0, 'act': 0, 'pool': 0, 'drop': 0}

    def nxt(kind):
        n[kind] += 1
        return n[kind]
    for block, filters in enumerate([32, 64, 128, 256]):
        for k in range(2):
            shape = tuple([None, 32, 32, 3]) if block == 0 and k == 0 else None
            layers.append(conv('conv2d_%d' % nxt('conv'), filters, shape))
            layers.append(batch_norm('batch_normalization_%d' % nxt('bn')))
            layers.append(activation('activation_%d' % nxt('act'), 'relu'))
        layers.append(max_pool('max_pooling2d_%d' % nxt('pool')))
        layers.append(dropout('dropout_%d' % nxt('drop'), 0.25))
    layers.append({'class_name': 'Flatten', 'config': {'name': 'flatten_1', 'trainable': True, 'data_format': 'channels_last'}})
    layers.append(dense('dense_1', 512, 'linear'))
    layers.append(batch_norm('batch_normalization_%d' % nxt('bn')))
    layers.append(activation('activation_%d' % nxt('act'), 'relu'))
    layers.append(dropout('dropout_%d' % nxt('drop'), 0.5))
    layers.append(dense('dense_2', 10, 'softmax'))
    return layers


def sequential():
    return {'class_name': 'Sequential', 'config': {'name': 'sequential_1', 'layers': cnn_layers()},
            'keras_version': '2.2.4', 'backend': 'tensorflow'}


def functional():
    layers = [{'name': 'input_1', 'class_name': 'InputLayer',
               'config': {'batch_input_shape': tuple([None, 32, 32, 3]), 'dtype': 'float32', 'sparse': False, 'name': 'input_1'},
               'inbound_nodes': []}]
    previous = 'input_1'
    for layer in cnn_layers():
        config = dict(layer['config'])
        config.pop('batch_input_shape', None)
        config.pop('dtype', None)
        layers.append({'name': config['name'], 'class_name': layer['class_name'], 'config': config,
                       'inbound_nodes': [[[previous, 0, 0, {}]]]})
        previous = config['name']
    return {'class_name': 'Model', 'config': {'name': 'model_1', 'layers': layers,
                                              'input_layers': [['input_1', 0, 0]], 'output_layers': [[previous, 0, 0]]},
            'keras_version': '2.2.4', 'backend': 'tensorflow'}


FIXTURES = {
    # PyYAML < 5.1 (what Keras 2.0-2.2 users had): leaf collections in flow style
    'keras2_cnn_sequential': (sequential, {'default_flow_style': None}),
    # PyYAML >= 5.1 default: block style everywhere
    'keras2_cnn_functional': (functional, {'default_flow_style': False}),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, (build, options) in FIXTURES.items():
        config = build()
        with open(os.path.join(OUT, name + '.yaml'), 'w', encoding='utf-8', newline='\n') as f:
            f.write(yaml.dump(config, **options))
        with open(os.path.join(OUT, name + '.json'), 'w', encoding='utf-8', newline='\n') as f:
            json.dump({'options': options, 'value': encode(config)}, f, separators=(',', ':'))
            f.write('\n')
        print(name, os.path.getsize(os.path.join(OUT, name + '.yaml')), 'bytes of YAML')


if __name__ == '__main__':
    main()
