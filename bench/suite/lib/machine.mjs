// The machine description every report carries: CPU, cores, memory, OS,
// Node and V8, the load average when the run started and ended, the git
// commit measured, and the peers' versions (filled in as they start).
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem, type, arch } from 'node:os';

function git(root, args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

/** A snapshot of the machine at the start of a run. */
export function describeMachine(root) {
  const c = cpus();
  const dirty = git(root, ['status', '--porcelain', '--', 'src']);
  return {
    cpu: c[0]?.model?.trim() ?? 'unknown',
    cores: c.length,
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverageStart: loadavg().map((x) => Number(x.toFixed(2))),
    commit: git(root, ['rev-parse', '--short', 'HEAD']),
    srcUncommittedChanges: dirty === null ? null : dirty.length > 0,
  };
}

/** The 1/5/15-minute load averages now. */
export function loadNow() {
  return loadavg().map((x) => Number(x.toFixed(2)));
}
