// Writes a run's report files: <stem>.json (everything measured), <stem>.md,
// one <stem>-W*.svg chart per workload, and latest.md for a complete run.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from './markdown.mjs';
import { renderCharts } from './svg.mjs';

/**
 * @param {object} rep the report object (run.mjs builds it; render.mjs reads it back)
 * @param {string} outDir the directory
 * @param {string} stem file names' common part, e.g. 2026-01-31
 * @param {{latest: boolean, writeJson?: boolean}} opts latest: also copy the Markdown to latest.md
 * @returns {string[]} the files written
 */
export function writeReportFiles(rep, outDir, stem, { latest, writeJson = true }) {
  mkdirSync(outDir, { recursive: true });
  const written = [];
  const chartFiles = {};
  for (const [workload, svg] of Object.entries(renderCharts(rep, rep.cases, { clock: rep.options.clock }))) {
    chartFiles[workload] = `${stem}-${workload}.svg`;
    writeFileSync(join(outDir, chartFiles[workload]), svg);
    written.push(chartFiles[workload]);
  }
  if (writeJson) {
    writeFileSync(join(outDir, `${stem}.json`), `${JSON.stringify(rep, null, 1)}\n`);
    written.push(`${stem}.json`);
  }
  writeFileSync(join(outDir, `${stem}.md`), renderMarkdown(rep, rep.cases, { chartFiles, stem }));
  written.push(`${stem}.md`);
  if (latest) {
    copyFileSync(join(outDir, `${stem}.md`), join(outDir, 'latest.md'));
    written.push('latest.md');
  }
  return written;
}
