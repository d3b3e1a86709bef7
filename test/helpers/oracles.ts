/**
 * Where the test oracles live (real Keras, h5py, PyYAML, h5dump, the shared
 * fixtures) and how tests reach them.
 *
 * A test that needs an oracle asks `oracle.python` / `oracle.h5dump` /
 * `oracle.fixtures`; each is `null` when absent, after printing one clear note.
 * With PUREKERAS_REQUIRE_ORACLES=1 (set by .ci/run) an absent oracle throws
 * instead, so nothing that should run in CI can silently skip.
 *
 * Environment overrides:
 *   PUREKERAS_PYTHON    python with keras, jax, h5py, pyyaml (default .venv/bin/python)
 *   PUREKERAS_FIXTURES  the shared fixtures folder (default ../shared/fixtures)
 *   PUREKERAS_H5DUMP    the h5dump binary (default: h5dump on PATH)
 *   PUREKERAS_CHROMIUM  a Chromium or Chrome binary (default: chromium on PATH)
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const requireOracles = process.env.PUREKERAS_REQUIRE_ORACLES === '1';

const noted = new Set<string>();

function absent(what: string, how: string): null {
  const msg = `oracle missing: ${what}. ${how}`;
  if (requireOracles) throw new Error(`${msg} (PUREKERAS_REQUIRE_ORACLES=1 forbids skipping)`);
  if (!noted.has(what)) {
    noted.add(what);
    console.warn(`[skip] ${msg}`);
  }
  return null;
}

let pythonCache: string | null | undefined;
let h5dumpCache: string | null | undefined;
let fixturesCache: string | null | undefined;
let chromiumCache: string | null | undefined;

export const oracle = {
  /** A python that imports keras (JAX backend), h5py, yaml and numpy, or null. */
  get python(): string | null {
    if (pythonCache !== undefined) return pythonCache;
    const candidate = process.env.PUREKERAS_PYTHON ?? resolve(repoRoot, '.venv/bin/python');
    const probe = existsSync(candidate) || !candidate.includes('/')
      ? spawnSync(candidate, ['-c', 'import keras, h5py, yaml, numpy'], { env: pythonEnv(), encoding: 'utf8' })
      : null;
    pythonCache = probe && probe.status === 0
      ? candidate
      : absent('python with keras, jax, h5py, pyyaml',
        'Install: python3 -m venv .venv && .venv/bin/pip install --retries 0 keras jax h5py pyyaml (or set PUREKERAS_PYTHON)');
    return pythonCache;
  },

  /** The h5dump binary, or null. */
  get h5dump(): string | null {
    if (h5dumpCache !== undefined) return h5dumpCache;
    const candidate = process.env.PUREKERAS_H5DUMP ?? 'h5dump';
    const probe = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    h5dumpCache = probe.status === 0
      ? candidate
      : absent('h5dump', 'Install: apt-get install -y hdf5-tools (or set PUREKERAS_H5DUMP)');
    return h5dumpCache;
  },

  /** A headless-capable Chromium (or Chrome) binary, or null. */
  get chromium(): string | null {
    if (chromiumCache !== undefined) return chromiumCache;
    const candidates = process.env.PUREKERAS_CHROMIUM ? [process.env.PUREKERAS_CHROMIUM] : ['chromium', 'chromium-browser', 'google-chrome'];
    const found = candidates.find((c) => spawnSync(c, ['--version'], { encoding: 'utf8' }).status === 0);
    chromiumCache = found ?? absent('chromium', 'Install: apt-get install -y chromium (or set PUREKERAS_CHROMIUM)');
    return chromiumCache;
  },

  /** The shared fixtures folder (genuine Keras and HDF5 files), or null. */
  get fixtures(): string | null {
    if (fixturesCache !== undefined) return fixturesCache;
    const candidate = process.env.PUREKERAS_FIXTURES ?? resolve(repoRoot, '..', 'shared', 'fixtures');
    fixturesCache = existsSync(resolve(candidate, 'MANIFEST.tsv'))
      ? candidate
      : absent(`shared fixtures at ${candidate}`, 'Set PUREKERAS_FIXTURES to the folder that holds MANIFEST.tsv');
    return fixturesCache;
  },
};

export function pythonEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KERAS_BACKEND: 'jax',
    JAX_PLATFORMS: 'cpu',
    TF_CPP_MIN_LOG_LEVEL: '3',
    PYTHONHASHSEED: '0',
    PYTHONDONTWRITEBYTECODE: '1',
  };
}

/**
 * Runs a Python script (a file under scripts/ or test/, or inline code with
 * `-c`) with the oracle python. Input is passed as JSON on stdin; stdout is
 * parsed as JSON. Throws with stderr on a non-zero exit.
 */
export function runPython<T = unknown>(args: string[], input?: unknown, opts: SpawnSyncOptions = {}): T {
  const py = oracle.python;
  if (!py) throw new Error('runPython called without a python oracle; guard the test with oracle.python');
  const res = spawnSync(py, args, {
    cwd: repoRoot,
    env: pythonEnv(),
    input: input === undefined ? '' : JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...opts,
  });
  if (res.status !== 0) {
    throw new Error(`python ${args.join(' ')} exited ${res.status}:\n${String(res.stderr).slice(-4000)}`);
  }
  return JSON.parse(String(res.stdout)) as T;
}
