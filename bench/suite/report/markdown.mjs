// The Markdown report: how it was run, the machine, the peers and their
// versions, a summary table of ratios, then one section per workload with
// its chart and a table per case (median, min, max, CPU median, throughput,
// ratio to purekeras). Every peer a case lists appears, missing or not.
import { PEERS, PEER_NOTES, WORKLOADS } from '../workloads.mjs';

/** A duration in ms as text with 3 significant digits and a fitting unit. */
export function formatMs(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toPrecision(3)} s`;
  if (ms >= 1) return `${ms.toPrecision(3)} ms`;
  return `${(ms * 1000).toPrecision(3)} µs`;
}

/** A byte count as KiB / MiB text. */
export function formatSize(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  if (bytes >= 2 ** 20) return `${(bytes / 2 ** 20).toFixed(2)} MiB`;
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(head, rows, align) {
  const a = align ?? head.map((_, i) => (i === 0 ? ':--' : '--:'));
  return [`| ${head.map(cell).join(' | ')} |`, `|${a.join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

/** The line of an error that says what went wrong (a Python traceback's last line, a JS error's first). */
export function reasonLine(reason) {
  const lines = String(reason ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return '';
  const error = lines.filter((l) => /^[A-Za-z_.]*(Error|Exception)\b/.test(l)).at(-1);
  return error ?? (lines[0].startsWith('Traceback') ? lines.at(-1) : lines[0]);
}

/** A ratio as text: 3 significant digits at most, never rounded to 0. */
export function ratioText(r) {
  if (r === null || r === undefined || !Number.isFinite(r)) return '—';
  const t = r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r >= 0.1 ? r.toFixed(2) : r.toPrecision(2);
  return `${t}×`;
}

/** The peer's representative row in a case: its first successful variant, else its first row. */
function mainRow(rows, peer) {
  const mine = rows.filter((r) => r.peer === peer);
  if (peer === 'purekeras') return mine.find((r) => r.reference) ?? mine[0];
  return mine.find((r) => r.status === 'ok') ?? mine[0];
}

/**
 * @param {object} rep the report object run.mjs builds
 * @param {object[]} cases the cases run, in order
 * @param {{chartFiles: Record<string, string>, stem: string}} opts chart file per workload; the report's file stem
 */
export function renderMarkdown(rep, cases, { chartFiles, stem }) {
  const m = rep.machine;
  const L = [];
  const date = rep.started.slice(0, 10);
  L.push(`# purekeras benchmarks, ${date}${rep.options.quick ? ' (quick smoke run: small sizes)' : ''}`);
  L.push('');
  L.push(`Produced by \`${rep.command}\` (\`npm run bench\`) in ${minutes(rep.started, rep.finished)}; every figure in [\`${stem}.json\`](${stem}.json). ` +
    `Commit \`${m.commit ?? '?'}\`${m.srcUncommittedChanges ? ' with uncommitted changes under src/' : ''}.`);
  L.push('');
  L.push('## Machine');
  L.push('');
  L.push(table(['CPU', 'cores', 'memory', 'OS', 'Node (V8)', 'load average 1/5/15 min, start → end'],
    [[m.cpu, m.cores, `${m.memoryGiB} GiB`, m.os, `${m.node} (${m.v8})`, `${m.loadAverageStart.join(' / ')} → ${m.loadAverageEnd.join(' / ')}`]],
    [':--', '--:', '--:', ':--', ':--', ':--']));
  L.push('');
  const busy = m.loadAverageStart[0] > m.cores * 0.75 || m.loadAverageEnd[0] > m.cores * 0.75;
  if (busy) {
    L.push(`**The machine was busy** (load average above its ${m.cores} cores): other processes shared the CPU, so absolute times are inflated and noisy. ` +
      'The ratios are the figures to read: every peer ran in the same rounds, one at a time, in rotating order.');
    L.push('');
  }
  L.push('## Peers');
  L.push('');
  L.push(table(['peer', 'what', 'versions'], PEERS.map((p) => {
    const v = rep.peers[p];
    const text = !v ? '—' : v.missing ? `**missing**: ${v.missing}` : v.used === false ? 'not needed by the cases run' : Object.entries(v).map(([k, x]) => `${k} ${x}`).join(', ');
    return [p, PEER_NOTES[p], text];
  }), [':--', ':--', ':--']));
  L.push('');
  if (rep.files) {
    L.push(`Benchmark files written by ${rep.files.writer}: ${Object.entries(rep.files.bytes).map(([k, b]) => `${k} ${formatSize(b)}`).join(', ')}.`);
    L.push('');
  }
  for (const n of rep.notes) L.push(`- ${n}`);
  if (rep.notes.length) L.push('');
  L.push('## How to read the figures');
  L.push('');
  L.push(`- Each figure is the **median of ${rep.options.runs} counted runs** with the min and max, after warm-up runs ` +
    `(first call, JIT or jit tracing, calibration). A run repeats the operation until it lasts ≥ ${rep.options.sampleMs} ms and divides.`);
  L.push(`- Tables and charts use **${rep.options.clock === 'cpu' ? 'process CPU time (user + system, all threads)' : 'wall-clock time'}**; ` +
    `the other clock is in the JSON${rep.options.clock === 'wall' ? ' and in the "CPU median" column (CPU above wall means the peer used several threads)' : ''}.`);
  L.push('- **× purekeras** = this median ÷ purekeras\'s median in the same case and run: above 1, purekeras is faster (or smaller); below 1, slower.');
  L.push('- Each peer runs in its own process; the orchestrator runs one peer at a time, every round in a rotated order, so slow drifts in machine load hit all peers alike.');
  L.push('- "missing" means the peer could not run here (with the reason); "error" means it failed during the case.');
  L.push('');

  const heads = headlines(rep, cases);
  if (heads.length) {
    L.push('## Headlines');
    L.push('');
    for (const h of heads) L.push(`- ${h}`);
    L.push('');
  }

  // Summary: one row per case, purekeras's median and each peer's ratio.
  const used = PEERS.filter((p) => p !== 'purekeras' && rep.results.some((r) => r.peer === p));
  L.push('## Summary');
  L.push('');
  L.push('purekeras\'s median, and each peer\'s median as a multiple of it (its representative variant; above 1: purekeras faster or smaller).');
  L.push('');
  L.push(table(['case', 'purekeras', ...used], cases.map((c) => {
    const rows = rep.results.filter((r) => r.case === c.id);
    const ours = mainRow(rows, 'purekeras');
    const fmt = c.kind === 'size' ? formatSize : formatMs;
    return [
      c.id,
      !ours ? '—' : ours.status === 'ok' ? fmt(ours.median) : `**${ours.status}**`,
      ...used.map((p) => {
        const r = mainRow(rows, p);
        if (!r) return '';
        return r.status === 'ok' ? ratioText(r.ratio) : r.status;
      }),
    ];
  })));
  L.push('');

  for (const w of [...new Set(cases.map((c) => c.workload))]) {
    L.push(`## ${w}`);
    L.push('');
    L.push(WORKLOADS[w] ?? '');
    L.push('');
    if (chartFiles[w]) {
      L.push(`![${w} chart](${chartFiles[w]})`);
      L.push('');
    }
    for (const c of cases.filter((x) => x.workload === w)) {
      const rows = rep.results.filter((r) => r.case === c.id);
      L.push(`### ${c.id}: ${c.title}`);
      L.push('');
      L.push(caseTable(c, rows));
      L.push('');
    }
  }
  return `${L.join('\n')}\n`;
}

/** One sentence per headline case: purekeras against each peer's representative variant (floors left out). */
function headlines(rep, cases) {
  const out = [];
  for (const c of cases.filter((x) => x.headline)) {
    const rows = rep.results.filter((r) => r.case === c.id);
    const ours = mainRow(rows, 'purekeras');
    if (!ours || ours.status !== 'ok') continue;
    const size = c.kind === 'size';
    const parts = [];
    for (const p of PEERS) {
      if (p === 'purekeras' || p === 'floor') continue;
      const r = mainRow(rows, p);
      if (!r || r.status !== 'ok' || !r.ratio) continue;
      const n = r.ratio >= 1 ? r.ratio : 1 / r.ratio;
      const times = `${n >= 10 ? n.toFixed(0) : n.toFixed(1)}×`;
      if (n < 1.05) parts.push(`on par with ${p}`);
      else parts.push(r.ratio >= 1 ? `${times} ${size ? 'smaller than' : 'faster than'} ${p}` : `${p} ${times} ${size ? 'smaller' : 'faster'}`);
    }
    if (parts.length) out.push(`**${c.headline}** (${c.id}, purekeras ${size ? formatSize(ours.median) : formatMs(ours.median)}): ${parts.join('; ')}.`);
  }
  return out;
}

function caseTable(c, rows) {
  if (c.kind === 'size') {
    return table(['implementation', 'minified', 'gzip -9', 'modules kept', '× purekeras (gzip)'], rows.map((r) => (r.status !== 'ok'
      ? [r.variant, `**${r.status}**: ${reasonLine(r.reason)}`, '', '', '']
      : [r.variant, formatSize(r.minified), formatSize(r.gzip), r.modules, ratioText(r.ratio)])));
  }
  const labels = [...new Set(rows.flatMap((r) => Object.keys(r.derived ?? {})))];
  const head = ['implementation', 'median', 'min', 'max', 'CPU median', ...labels, '× purekeras', 'runs × ops'];
  return table(head, rows.map((r) => (r.status !== 'ok'
    ? [r.variant, `**${r.status}**`, reasonLine(r.reason).slice(0, 200), '', '', ...labels.map(() => ''), '', '']
    : [r.variant, formatMs(r.median), formatMs(r.min), formatMs(r.max), r.cpu ? formatMs(r.cpu.median) : '—',
      ...labels.map((l) => fmtNum(r.derived?.[l])), ratioText(r.ratio), `${r.runs} × ${r.itersPerRun}`])));
}

function fmtNum(x) {
  if (x === null || x === undefined) return '—';
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  return x >= 10 ? x.toFixed(1) : x.toPrecision(3);
}

function minutes(a, b) {
  const s = (Date.parse(b) - Date.parse(a)) / 1000;
  return s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`;
}
