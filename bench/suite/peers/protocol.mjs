// The worker side of the suite's protocol, shared by every Node peer.
//
// The orchestrator (bench/suite/run.mjs) writes one JSON command per line on
// the worker's stdin; the worker answers one JSON line per command on file
// descriptor 3, so nothing a library prints (TF.js's banner, warnings) can
// corrupt a reply. Commands:
//   {op:'setup', id, kind, params}   -> {ok:true, variants:[...]} | {ok:false, missing}
//   {op:'run', id, variant, iters}   -> {wall, cpu, check}   (milliseconds for all iters)
//   {op:'teardown', id}              -> {ok:true}
//   {op:'exit'}                      -> (process ends)
// Any exception becomes {error: message}. The first line, sent unasked, is
// {ready:true, peer, versions}.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** Thrown by a handler for a case this peer cannot run (reported as missing, not as a failure). */
export class Unsupported extends Error {}

const reply = (obj) => writeSync(3, `${JSON.stringify(obj)}\n`);
const gc = globalThis.gc ?? (() => {});
// No forced gc() before a sample: a full collection right before a short
// operation resets V8's state enough to make TF.js's matMul 6× slower (seen
// at 128×128). Garbage an operation makes is part of its cost; gc() runs
// only between cases (teardown).

/**
 * Serves the protocol until stdin closes or `exit` arrives.
 * @param {string} peer the peer's name, as the orchestrator knows it
 * @param {() => Promise<Record<string, string>>} init loads the library; returns versions to report
 * @param {Record<string, (params: object) => Promise<Case> | Case>} handlers one per case kind
 *
 * A Case is {variants: {[name]: {run(): unknown, async?: boolean, prepare?(): unknown}}, teardown?()}:
 * run performs one operation and returns a value to check (a number or a
 * short array); prepare runs untimed before each sample.
 */
export async function serve(peer, init, handlers) {
  // Libraries print to stdout; the orchestrator keeps it as a log only.
  let versions;
  try {
    versions = await init();
  } catch (e) {
    reply({ ready: false, peer, error: String(e?.stack ?? e) });
    process.exit(0);
  }
  reply({ ready: true, peer, versions });
  const cases = new Map();
  for await (const line of createInterface({ input: process.stdin })) {
    if (!line.trim()) continue;
    const cmd = JSON.parse(line);
    if (cmd.op === 'exit') break;
    try {
      reply(await handle(cmd, cases, handlers));
    } catch (e) {
      if (e instanceof Unsupported) reply({ ok: false, missing: e.message });
      else reply({ error: String(e?.stack ?? e) });
    }
  }
  process.exit(0);
}

async function handle(cmd, cases, handlers) {
  if (cmd.op === 'setup') {
    const h = handlers[cmd.kind];
    if (!h) throw new Unsupported(`no ${cmd.kind} in this peer`);
    const c = await h(cmd.params);
    cases.set(cmd.id, c);
    return { ok: true, variants: Object.keys(c.variants) };
  }
  if (cmd.op === 'run') {
    const v = cases.get(cmd.id)?.variants[cmd.variant];
    if (!v) throw new Error(`run before setup: ${cmd.id} ${cmd.variant}`);
    if (v.prepare) await v.prepare();
    const iters = cmd.iters;
    let check;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (v.async) for (let i = 0; i < iters; i++) check = await v.run();
    else for (let i = 0; i < iters; i++) check = v.run();
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    return { wall, cpu: (cpu.user + cpu.system) / 1000, check: summarize(check) };
  }
  if (cmd.op === 'teardown') {
    const c = cases.get(cmd.id);
    cases.delete(cmd.id);
    if (c?.teardown) await c.teardown();
    gc();
    return { ok: true };
  }
  throw new Error(`unknown op ${cmd.op}`);
}

/** A short, JSON-safe digest of a result: numbers rounded, arrays cut to 4 items. */
export function summarize(v) {
  if (typeof v === 'number') return Number.isFinite(v) ? Number(v.toPrecision(6)) : String(v);
  if (ArrayBuffer.isView(v) || Array.isArray(v)) return Array.from(v).slice(0, 4).map(summarize);
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? null : String(v);
}
