// Hand-written SVG bar charts, one per workload: each case is a group of
// horizontal bars, one per implementation, length proportional to its median
// time (or size) on a linear scale of its own group (the longest bar spans
// the plot), a thin line from min to max, and the median plus the ratio to
// purekeras written beside it. Missing and failed peers get a line of text
// instead of a bar, so nothing disappears from the picture.
import { formatMs, formatSize, ratioText, reasonLine } from './markdown.mjs';

/** One colour per peer, the same in every chart (colour-blind-safe Okabe–Ito palette). */
export const PEER_COLOURS = {
  purekeras: '#0072B2',
  'tfjs-cpu': '#E69F00',
  'tfjs-wasm': '#D55E00',
  'keras-jax': '#CC79A7',
  jsfive: '#009E73',
  h5wasm: '#56B4E9',
  h5py: '#F0E442',
  floor: '#999999',
};

const W = 1040;
const LABEL_W = 410;
const PLOT_W = 380;
const ROW_H = 18;
const TITLE_H = 24;
const GAP = 14;
const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Escapes text for XML. */
function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Splits text into lines of at most n characters at spaces. */
function wrap(s, n) {
  const lines = [];
  let line = '';
  for (const word of String(s).split(' ')) {
    if (line && line.length + 1 + word.length > n) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function cut(s, n) {
  const t = String(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/**
 * The SVG text of each workload's chart.
 * @param {{results: object[]}} rep the report
 * @param {{id: string, workload: string, title: string, kind: string}[]} cases the cases run
 * @returns {Record<string, string>} workload id → SVG
 */
export function renderCharts(rep, cases, { clock }) {
  const out = {};
  const workloads = [...new Set(cases.map((c) => c.workload))];
  for (const w of workloads) {
    const groups = cases.filter((c) => c.workload === w).map((c) => ({ c, rows: rep.results.filter((r) => r.case === c.id) }));
    out[w] = chart(w, groups, clock);
  }
  return out;
}

function chart(workload, groups, clock) {
  const parts = [];
  let y = 40;
  for (const { c, rows } of groups) {
    const isSize = c.kind === 'size';
    const fmt = isSize ? formatSize : formatMs;
    for (const [i, line] of wrap(`${c.id}: ${c.title}`, 125).entries()) {
      if (i > 0) y += 17;
      parts.push(`<text x="12" y="${y + 15}" font-size="13" font-weight="600">${esc(line)}</text>`);
    }
    y += TITLE_H;
    const ok = rows.filter((r) => r.status === 'ok');
    const top = Math.max(...ok.map((r) => r.max ?? r.median), 1e-12);
    for (const r of rows) {
      const colour = PEER_COLOURS[r.peer] ?? '#666666';
      parts.push(`<text x="${LABEL_W - 8}" y="${y + 13}" font-size="12" text-anchor="end">${esc(cut(r.variant, 58))}</text>`);
      if (r.status !== 'ok') {
        parts.push(`<text x="${LABEL_W}" y="${y + 13}" font-size="12" fill="#B00020">${esc(cut(`${r.status}: ${reasonLine(r.reason)}`, 95))}</text>`);
        y += ROW_H;
        continue;
      }
      const len = Math.max(1, (r.median / top) * PLOT_W);
      const ours = r.reference === true;
      parts.push(`<rect x="${LABEL_W}" y="${y + 3}" width="${len.toFixed(1)}" height="${ROW_H - 6}" fill="${colour}"${ours ? ' stroke="#000" stroke-width="1"' : ''}/>`);
      if (r.max > r.min) {
        const x0 = LABEL_W + (r.min / top) * PLOT_W, x1 = LABEL_W + (r.max / top) * PLOT_W, ym = y + ROW_H / 2;
        parts.push(`<path d="M${x0.toFixed(1)} ${ym}H${x1.toFixed(1)}M${x0.toFixed(1)} ${ym - 4}v8M${x1.toFixed(1)} ${ym - 4}v8" stroke="#222" stroke-width="1"/>`);
      }
      const ratio = r.ratio === null || r.ratio === undefined ? '' : ours ? ' · reference' : ` · ${ratioText(r.ratio)} purekeras`;
      const tx = LABEL_W + Math.max(len, (r.max / top) * PLOT_W) + 6;
      parts.push(`<text x="${tx.toFixed(1)}" y="${y + 13}" font-size="12">${esc(fmt(r.median) + ratio)}</text>`);
      y += ROW_H;
    }
    y += GAP;
  }
  const h = y + 24;
  const head = `${workload}: median ${groups.some((g) => g.c.kind === 'size') ? 'gzip size / ' : ''}${clock === 'cpu' ? 'CPU' : 'wall-clock'} time per operation (shorter is better); whiskers: min–max of the counted runs`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${h}" viewBox="0 0 ${W} ${h}" ${FONT}>\n` +
    `<rect width="100%" height="100%" fill="#ffffff"/>\n` +
    `<text x="12" y="24" font-size="15" font-weight="700">${esc(head)}</text>\n` +
    `${parts.join('\n')}\n` +
    `<text x="12" y="${h - 8}" font-size="11" fill="#555">Each group has its own linear scale. Ratios: this median ÷ purekeras's median in the same run (above 1: purekeras is faster or smaller).</text>\n` +
    '</svg>\n';
}
