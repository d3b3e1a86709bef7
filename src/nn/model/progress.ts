/**
 * Keras's progress output (`keras.utils.Progbar`), rendered the same way:
 * at verbose 1 in a terminal a live bar redrawn in place (step counter,
 * ETA, time per step, metrics); at verbose 2, or when output is not a
 * terminal, one line when the bar finishes; nothing at verbose 0. The
 * terminal is detected through `globalThis.process?.stdout?.isTTY`, so the
 * module never imports Node; without a process (browsers) lines go to
 * `console.log`.
 */
import { roundHalfEven } from '../math.js';

/** Where progress text goes. */
export interface ProgressSink {
  /** Writes text as is (may contain `\r`, `\b` and ANSI colours when `isTTY`). */
  write(text: string): void;
  /** Whether the sink is a terminal that can redraw a line. */
  readonly isTTY: boolean;
}

interface StdoutLike { write(s: string): unknown; isTTY?: boolean }

/**
 * The default sink: the process's stdout when there is one, else console.log
 * per line. Stdout is looked up on the first write or `isTTY` read, not when
 * the sink is made: Node creates `process.stdout` on first access (about
 * 3 ms, measured on the first `predict`), and a silent run never needs it.
 */
export function defaultSink(): ProgressSink {
  let out: StdoutLike | null | undefined;
  const stdout = (): StdoutLike | null => {
    if (out === undefined) {
      const o = (globalThis as { process?: { stdout?: StdoutLike } }).process?.stdout;
      out = o && typeof o.write === 'function' ? o : null;
    }
    return out;
  };
  let pending = '';
  return {
    get isTTY(): boolean {
      const o = stdout();
      return o !== null && o.isTTY === true;
    },
    write: (s: string): void => {
      const o = stdout();
      if (o !== null) {
        o.write(s);
        return;
      }
      pending += s;
      let i: number;
      while ((i = pending.indexOf('\n')) >= 0) {
        console.log(pending.slice(0, i));
        pending = pending.slice(i + 1);
      }
    },
  };
}

/** Milliseconds from a monotonic clock when there is one. */
export function nowSeconds(): number {
  const p = (globalThis as { performance?: { now(): number } }).performance;
  return (p ? p.now() : Date.now()) / 1000;
}

/** Python's `%.0f` (round half to even). */
function f0(x: number): string {
  return String(roundHalfEven(x));
}

/** Python's `{:.4e}`: a two-digit (at least) exponent with sign. */
export function pyExp4(x: number): string {
  const s = x.toExponential(4);
  const i = s.indexOf('e');
  const mant = s.slice(0, i);
  const exp = Number(s.slice(i + 1));
  const a = Math.abs(exp);
  return `${mant}e${exp < 0 ? '-' : '+'}${a < 10 ? '0' : ''}${a}`;
}

/** A metric value as Keras's progress bar prints it. */
export function formatValue(v: number, absolute: boolean): string {
  return (absolute ? Math.abs(v) : v) > 1e-3 ? v.toFixed(4) : pyExp4(v);
}

/** Keras's `_format_time`: ` 5ms/step`, ` 2s/step`, ` 80us/step`. */
export function formatTimePerUnit(t: number, unit: string): string {
  if (t >= 1 || t === 0) return ` ${f0(t)}s/${unit}`;
  if (t >= 1e-3) return ` ${f0(t * 1000)}ms/${unit}`;
  return ` ${f0(t * 1e6)}us/${unit}`;
}

/** Keras's Progbar with every metric stateful (shown as given), as its ProgbarLogger uses it. */
export class Progbar {
  private readonly width = 20;
  private readonly interval = 0.05;
  private values = new Map<string, number>();
  private readonly start: number;
  private lastUpdate = 0;
  private timeAfterFirstStep: number | null = null;
  private prevTotalWidth = 0;

  /**
   * @param target total steps, or null when unknown.
   * @param verbose 1 (live bar, needs a TTY sink) or 2 (one line at the end).
   */
  constructor(public target: number | null, private readonly verbose: 1 | 2, private readonly sink: ProgressSink, private readonly unit = 'step') {
    this.start = nowSeconds();
  }

  /** Shows step `current` with `values` (name → value, in display order). */
  update(current: number, values: Iterable<[string, number]> | null, finalize?: boolean): void {
    const fin = finalize ?? (this.target !== null && current >= this.target);
    if (values) for (const [k, v] of values) this.values.set(k, v);
    const now = nowSeconds();
    const perUnit = this.estimateStepDuration(current, now);
    if (this.verbose === 1) {
      if (now - this.lastUpdate < this.interval && !fin) return;
      let message = '\b'.repeat(this.prevTotalWidth) + '\r';
      let bar: string;
      let special = 0;
      const target = this.target;
      if (target !== null && target > 0) {
        const digits = Math.floor(Math.log10(target)) + 1;
        bar = `\x1b[1m${String(current).padStart(digits)}/${target}\x1b[0m `;
        special += 8;
        const progWidth = Math.floor((this.width * current) / target);
        if (progWidth > 0) { bar += `\x1b[32m${'━'.repeat(progWidth)}\x1b[0m`; special += 9; }
        bar += `\x1b[37m${'━'.repeat(Math.max(0, this.width - progWidth))}\x1b[0m`;
        special += 9;
      } else {
        bar = `${String(current).padStart(7)}/Unknown`;
      }
      message += bar;
      let info: string;
      if (target !== null && target > 0 && !fin) {
        const eta = perUnit * (target - current);
        const fmt = eta > 3600
          ? `${Math.floor(eta / 3600)}:${String(Math.floor((eta % 3600) / 60)).padStart(2, '0')}:${String(Math.floor(eta % 60)).padStart(2, '0')}`
          : eta > 60 ? `${Math.floor(eta / 60)}:${String(Math.floor(eta % 60)).padStart(2, '0')}` : `${Math.floor(eta)}s`;
        info = ` \x1b[1m${fmt}\x1b[0m`;
      } else {
        info = ` \x1b[1m${f0(now - this.start)}s\x1b[0m`;
      }
      special += 8;
      info += formatTimePerUnit(perUnit, this.unit);
      for (const [k, v] of this.values) info += ` - ${k}: ${formatValue(v, true)}`;
      message += info;
      const total = bar.length + info.length - special;
      if (this.prevTotalWidth > total) message += ' '.repeat(this.prevTotalWidth - total);
      if (fin) message += '\n';
      this.sink.write(message);
      this.prevTotalWidth = total;
    } else if (fin && this.target !== null && this.target > 0) {
      const digits = Math.floor(Math.log10(this.target)) + 1;
      let info = `${String(current).padStart(digits)}/${this.target} - ${f0(now - this.start)}s -${formatTimePerUnit(perUnit, this.unit)}`;
      for (const [k, v] of this.values) info += ` - ${k}: ${formatValue(v, false)}`;
      this.sink.write(info + '\n');
    }
    this.lastUpdate = now;
  }

  private estimateStepDuration(current: number, now: number): number {
    if (!current) return 0;
    const t = this.timeAfterFirstStep !== null && current > 1
      ? (now - this.timeAfterFirstStep) / (current - 1)
      : (now - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = now;
    return t;
  }
}
