// Starting and talking to the peer processes. Each peer is one long-lived
// child process (Node or Python) speaking the line protocol described in
// peers/protocol.mjs: commands on its stdin, replies on its file descriptor 3.
// Its stdout and stderr are kept as a bounded log for error messages.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const LOG_KEEP = 8000;

/**
 * How to start each peer. Python peers need `python`; a missing interpreter
 * makes them missing (reported), never silently absent.
 * @param {{suite: string, root: string, python: string}} where
 */
export function peerCommands({ suite, root, python }) {
  const node = (script, ...args) => ({ cmd: process.execPath, args: ['--expose-gc', '--max-old-space-size=8192', join(suite, 'peers', script), ...args] });
  const py = (script) => existsSync(python)
    ? { cmd: python, args: ['-u', join(root, 'scripts', script)], env: { KERAS_BACKEND: 'jax', JAX_PLATFORMS: 'cpu', TF_CPP_MIN_LOG_LEVEL: '3', PYTHONWARNINGS: 'ignore' } }
    : { missing: `no Python at ${python} (set PUREKERAS_PYTHON)` };
  return {
    purekeras: node('purekeras.mjs'),
    'tfjs-cpu': node('tfjs.mjs', 'cpu'),
    'tfjs-wasm': node('tfjs.mjs', 'wasm'),
    jsfive: node('hdf5-js.mjs', 'jsfive'),
    h5wasm: node('hdf5-js.mjs', 'h5wasm'),
    floor: node('floor.mjs'),
    'keras-jax': py('bench_keras.py'),
    h5py: py('bench_h5py.py'),
  };
}

/** One running peer process. */
class PeerProcess {
  constructor(name, spec, cwd) {
    this.name = name;
    this.log = '';
    this.dead = null;
    this.child = spawn(spec.cmd, spec.args, { cwd, env: { ...process.env, ...spec.env }, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    const keep = (d) => { this.log = (this.log + d).slice(-LOG_KEEP); };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.waiting = null;
    this.lines = createInterface({ input: this.child.stdio[3] });
    this.lines.on('line', (line) => {
      const w = this.waiting;
      this.waiting = null;
      if (!w) return;
      try { w.resolve(JSON.parse(line)); } catch (e) { w.reject(new Error(`bad reply from ${name}: ${line.slice(0, 200)}`)); }
    });
    this.child.on('exit', (code, signal) => {
      this.dead = `exited (${signal ?? code})`;
      const w = this.waiting;
      this.waiting = null;
      w?.reject(new Error(`${name} ${this.dead}; its output ends with:\n${this.tail()}`));
    });
    this.child.on('error', (e) => {
      this.dead = e.message;
      const w = this.waiting;
      this.waiting = null;
      w?.reject(e);
    });
    this.child.stdin.on('error', () => {}); // a dead child's pipe; the exit handler reports it
  }

  tail(n = 1500) {
    return this.log.slice(-n).trim();
  }

  /** Waits for the next reply (the first one is the unasked {ready}). */
  next(timeoutMs) {
    if (this.dead) return Promise.reject(new Error(`${this.name} ${this.dead}:\n${this.tail()}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        this.kill();
        reject(new Error(`${this.name} gave no reply in ${Math.round(timeoutMs / 1000)} s (killed)`));
      }, timeoutMs);
      this.waiting = {
        resolve: (v) => { clearTimeout(timer); resolve(v); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      };
    });
  }

  /** Sends a command and returns its reply. */
  call(cmd, timeoutMs) {
    const p = this.next(timeoutMs);
    if (!this.dead) this.child.stdin.write(`${JSON.stringify(cmd)}\n`);
    return p;
  }

  kill() {
    if (!this.dead) this.child.kill('SIGKILL');
  }

  async close() {
    if (this.dead) return;
    this.child.stdin.write('{"op":"exit"}\n');
    this.child.stdin.end();
    await new Promise((resolve) => {
      const t = setTimeout(() => { this.kill(); resolve(); }, 10_000);
      this.child.once('exit', () => { clearTimeout(t); resolve(); });
    });
  }
}

/** Starts peers on first use and remembers the ones that could not start. */
export class PeerPool {
  /**
   * @param {Record<string, {cmd?: string, args?: string[], env?: object, missing?: string}>} commands
   * @param {{cwd: string, timeoutMs: number, startTimeoutMs: number}} opts
   */
  constructor(commands, opts) {
    this.commands = commands;
    this.opts = opts;
    this.running = new Map();
    this.missing = new Map();
    this.versions = {};
  }

  /** The running peer, or {missing: reason}. */
  async get(name) {
    const live = this.running.get(name);
    if (live && !live.dead) return live;
    if (live?.dead) return { missing: `${name} stopped earlier in this run (${live.dead})` };
    if (this.missing.has(name)) return { missing: this.missing.get(name) };
    const spec = this.commands[name];
    if (!spec || spec.missing) {
      const why = spec?.missing ?? `no command for peer ${name}`;
      this.missing.set(name, why);
      return { missing: why };
    }
    const p = new PeerProcess(name, spec, this.opts.cwd);
    try {
      const hello = await p.next(this.opts.startTimeoutMs);
      if (!hello.ready) throw new Error(hello.error ?? 'did not start');
      this.versions[name] = hello.versions ?? {};
      this.running.set(name, p);
      return p;
    } catch (e) {
      p.kill();
      const why = `could not start: ${String(e.message).split('\n').slice(0, 6).join(' | ')}`;
      this.missing.set(name, why);
      return { missing: why };
    }
  }

  /** Asks every running peer to exit. */
  async closeAll() {
    await Promise.all([...this.running.values()].map((p) => p.close()));
  }
}
