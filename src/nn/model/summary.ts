/**
 * `model.summary()` as Keras 3 prints it without colours: a box-drawn table
 * (Layer (type) │ Output Shape │ Param #) laid out as Keras's rich table
 * does, then the parameter totals with their memory size.
 */
import { roundHalfEven } from '../math.js';

/** One table row: name with type, output shape, parameter count text. */
export interface SummaryRow {
  name: string;
  shape: string;
  params: string;
}

/** What the table shows under the rows. */
export interface SummaryTotals {
  trainable: number;
  nonTrainable: number;
  /** Optimizer variables' scalar count, or null when the optimizer is not built. */
  optimizer: number | null;
}

/** `1234567` → `1,234,567`. */
export function withCommas(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** Keras's `readable_memory_size`: `8.00 B`, `1.55 MB`. */
export function readableMemorySize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  for (const u of units) {
    if (v / 1024 < 1) return `${v.toFixed(2)} ${u}`;
    v /= 1024;
  }
  return `${v.toFixed(2)} PB`;
}

/** The terminal width Python's shutil.get_terminal_size would report (80 when unknown). */
export function terminalColumns(): number {
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined>; stdout?: { columns?: number; isTTY?: boolean } } }).process;
  const env = Number(proc?.env?.COLUMNS);
  if (Number.isFinite(env) && env > 0) return env;
  const cols = proc?.stdout?.isTTY ? proc.stdout.columns : undefined;
  return typeof cols === 'number' && cols > 0 ? cols : 80;
}

/**
 * Rich's ratio_reduce: takes `total` away from `values` in proportion to
 * `ratios` (Python rounding), as the table does when columns do not fit.
 */
function ratioReduce(total: number, ratios: number[], values: number[]): number[] {
  let totalRatio = ratios.reduce((a, b) => a + b, 0);
  let remaining = total;
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const r = ratios[i]!;
    if (r && totalRatio > 0) {
      const d = Math.min(values[i]!, roundHalfEven((r * remaining) / totalRatio));
      out.push(values[i]! - d);
      remaining -= d;
      totalRatio -= r;
    } else {
      out.push(values[i]!);
    }
  }
  return out;
}

/** Wraps a cell's text at spaces to `width`; words longer than that end in '…'. */
export function wrapCell(text: string, width: number): string[] {
  const words = text.split(' ').filter((w) => w.length > 0);
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur === '') cur = w;
    else if (cur.length + 1 + w.length <= width) cur += ` ${w}`;
    else { lines.push(cur); cur = w; }
  }
  if (cur !== '' || lines.length === 0) lines.push(cur);
  return lines.map((l) => (l.length > width ? `${l.slice(0, Math.max(0, width - 1))}…` : l));
}

/**
 * Renders the whole summary text (lines joined with `\n`, ending in `\n`).
 * @param lineLength total width; Keras's default is min(88, terminal columns − 4).
 * @param consoleWidth lines are cut at this width, as Keras's console cuts a
 *   table wider than the terminal. Default: the terminal width (80 when unknown).
 */
export function renderSummary(modelName: string, rows: readonly SummaryRow[], totals: SummaryTotals, lineLength?: number, consoleWidth?: number): string {
  const cols = consoleWidth ?? terminalColumns();
  const L = lineLength ?? Math.min(88, cols - 4);
  const positions = [0.45, 0.8, 1.0];
  const nominal: number[] = [];
  let current = 0;
  for (const p of positions) {
    const w = Math.floor(p * L) - current;
    nominal.push(w);
    current += w;
  }
  // Column widths with one space of padding each side; the table (4 border
  // characters) must fit in L, so rich takes the excess away evenly.
  let padded = nominal.map((w) => w + 2);
  const maxWidth = L - 4;
  const sum = padded.reduce((a, b) => a + b, 0);
  if (sum > maxWidth) padded = ratioReduce(sum - maxWidth, [1, 1, 1], padded);
  const widths = padded.map((w) => Math.max(1, w - 2));
  const align: ('left' | 'right')[] = ['left', 'left', 'right'];

  const hline = (l: string, m: string, r: string, ch: string): string => l + widths.map((w) => ch.repeat(w + 2)).join(m) + r;
  const cellLines = (cells: string[], v: string): string[] => {
    const wrapped = cells.map((c, i) => wrapCell(c, widths[i]!));
    const h = Math.max(...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < h; k++) {
      const parts = wrapped.map((w, i) => {
        const t = w[k] ?? '';
        return align[i] === 'right' ? t.padStart(widths[i]!) : t.padEnd(widths[i]!);
      });
      out.push(`${v} ${parts.join(` ${v} `)} ${v}`);
    }
    return out;
  };

  const lines: string[] = [`Model: "${modelName}"`];
  lines.push(hline('┏', '┳', '┓', '━'));
  lines.push(...cellLines(['Layer (type)', 'Output Shape', 'Param #'], '┃'));
  lines.push(hline('┡', '╇', '┩', '━'));
  rows.forEach((row, i) => {
    if (i > 0) lines.push(hline('├', '┼', '┤', '─'));
    lines.push(...cellLines([row.name, row.shape, row.params], '│'));
  });
  lines.push(hline('└', '┴', '┘', '─'));
  const opt = totals.optimizer ?? 0;
  const total = totals.trainable + totals.nonTrainable + opt;
  lines.push(` Total params: ${withCommas(total)} (${readableMemorySize(total * 4)})`);
  lines.push(` Trainable params: ${withCommas(totals.trainable)} (${readableMemorySize(totals.trainable * 4)})`);
  lines.push(` Non-trainable params: ${withCommas(totals.nonTrainable)} (${readableMemorySize(totals.nonTrainable * 4)})`);
  if (totals.optimizer !== null) lines.push(` Optimizer params: ${withCommas(opt)} (${readableMemorySize(opt * 4)})`);
  return lines.map((l) => (l.length > cols ? l.slice(0, cols) : l)).join('\n') + '\n';
}
