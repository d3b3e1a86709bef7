"""The worker side of the benchmark suite's protocol, for the Python peers
(scripts/bench_keras.py, scripts/bench_h5py.py). Not run by itself.

The orchestrator (bench/suite/run.mjs) writes one JSON command per line on
stdin; replies go one JSON line per command to file descriptor 3, so nothing
a library prints can corrupt them (stdout is redirected to stderr here).
Commands and replies match bench/suite/peers/protocol.mjs:
  {op:'setup', id, kind, params} -> {ok:true, variants:[...]} | {ok:false, missing}
  {op:'run', id, variant, iters} -> {wall, cpu, check}   (ms for all iters;
                                    cpu = time.process_time, all threads)
  {op:'teardown', id} -> {ok:true};  {op:'exit'} ends the process.
"""
import gc
import json
import math
import os
import sys
import time
import traceback

import numpy as np


class Unsupported(Exception):
    """A case this peer cannot run: reported as missing, not as a failure."""


def hash_uniform(n, seed):
    """n float32 values in [-1, 1), bit-identical to hashUniform in bench/suite/lib/data.mjs."""
    base = np.uint32((seed * 0x9E3779B9) & 0xFFFFFFFF)
    h = (np.arange(n, dtype=np.uint64) + np.uint64(base)) & np.uint64(0xFFFFFFFF)
    h = h.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    return (h.astype(np.float64) * (2 / 4294967296) - 1).astype(np.float32)


def keras3_weight_names(depth):
    """Dataset paths of a depth-`depth` Dense stack in Keras 3's .weights.h5 layout."""
    names = []
    for i in range(depth):
        layer = "dense" if i == 0 else f"dense_{i}"
        names += [f"layers/{layer}/vars/0", f"layers/{layer}/vars/1"]
    return names


def summarize(v):
    """A short JSON-safe digest of a result."""
    if v is None:
        return None
    if isinstance(v, (float, int, np.floating, np.integer)):
        f = float(v)
        return float(f"{f:.6g}") if math.isfinite(f) else str(f)
    try:
        flat = np.asarray(v).ravel()[:4]
        return [summarize(x) for x in flat]
    except Exception:  # noqa: BLE001 - a digest must never fail the run
        return str(v)[:40]


def serve(peer, init, handlers):
    """Runs the protocol until stdin closes or 'exit' arrives."""
    reply_file = os.fdopen(3, "w", buffering=1)
    os.dup2(2, 1)  # libraries' prints (and C-level writes) go to stderr
    sys.stdout = sys.stderr

    def reply(obj):
        reply_file.write(json.dumps(obj) + "\n")
        reply_file.flush()

    try:
        versions = init()
    except Exception:  # noqa: BLE001 - reported to the orchestrator as a missing peer
        reply({"ready": False, "peer": peer, "error": traceback.format_exc()})
        return
    reply({"ready": True, "peer": peer, "versions": versions})
    cases = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        if cmd["op"] == "exit":
            break
        try:
            reply(handle(cmd, cases, handlers))
        except Unsupported as e:
            reply({"ok": False, "missing": str(e)})
        except Exception:  # noqa: BLE001 - every failure goes back as a reply
            reply({"error": traceback.format_exc()})


def handle(cmd, cases, handlers):
    op = cmd["op"]
    if op == "setup":
        h = handlers.get(cmd["kind"])
        if h is None:
            raise Unsupported(f"no {cmd['kind']} in this peer")
        c = h(cmd["params"])
        cases[cmd["id"]] = c
        return {"ok": True, "variants": list(c["variants"].keys())}
    if op == "run":
        v = cases[cmd["id"]]["variants"][cmd["variant"]]
        if "prepare" in v:
            v["prepare"]()
        run, iters, check = v["run"], cmd["iters"], None
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(iters):
            check = run()
        wall = (time.perf_counter() - t0) * 1000
        cpu = (time.process_time() - c0) * 1000
        return {"wall": wall, "cpu": cpu, "check": summarize(check)}
    if op == "teardown":
        c = cases.pop(cmd["id"], None)
        if c and "teardown" in c:
            c["teardown"]()
        gc.collect()
        return {"ok": True}
    raise ValueError(f"unknown op {op}")
