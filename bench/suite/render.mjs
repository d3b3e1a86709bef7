// Re-renders a report (Markdown + SVG charts) from the JSON a run wrote, for
// when the report's layout changes and the measurements do not:
//   node bench/suite/render.mjs bench/results/2026-01-31.json [--latest]
import { basename, dirname, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { writeReportFiles } from './report/write.mjs';

const [file, ...rest] = process.argv.slice(2);
if (!file || !file.endsWith('.json')) {
  console.error('usage: node bench/suite/render.mjs <report.json> [--latest]');
  process.exit(2);
}
const path = resolve(file);
const rep = JSON.parse(readFileSync(path, 'utf8'));
const written = writeReportFiles(rep, dirname(path), basename(path, '.json'), { latest: rest.includes('--latest'), writeJson: false });
console.log(`wrote ${written.join(', ')} in ${dirname(path)}`);
