// W7 startup, purekeras: a fresh Node process that imports the package, loads
// the seed model from the .h5 path in argv[2] (compile: false, as every peer
// here) and predicts 2 rows, printing them. The orchestrator times spawn →
// exit. The package is the orchestrator's snapshot of dist/ (PUREKERAS_DIST),
// or the repository's dist/ when run by hand; its entry is the file the
// package exports (dist/bundle/index.js), as a user's import resolves it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.env.PUREKERAS_DIST ?? new URL('../../../dist', import.meta.url).pathname;
const entry = existsSync(join(dist, 'bundle', 'index.js')) ? join(dist, 'bundle', 'index.js') : join(dist, 'index.js');
const { loadModel } = await import(pathToFileURL(entry).href);
const y = loadModel(process.argv[2], { compile: false }).predict([0.25, -0.5], { verbose: 0 });
console.log(JSON.stringify(Array.from(y.data)));
