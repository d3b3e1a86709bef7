// Bundles the compiled modules (dist/**/*.js, from tsc) into the files the
// package exports: dist/bundle/index.js (the root) and dist/bundle/node.js
// (purekeras/node), sharing one chunk so classes keep one identity across
// both entries. One file imports ~4x faster in Node than ~200 small modules
// (measured: 35-50 ms against 145-205 ms for `import`), and bundlers get a
// single ES module. Platform-neutral output: no Node built-in is referenced.
// Whitespace is minified (names and syntax are kept, so stack traces and
// class names read as in the source; the source map maps lines back): V8
// pre-parses every function of a module at import, and the 30% fewer bytes
// cut the import's median from 44 ms to 33-35 ms (15-20 alternating fresh
// processes, Node 20; the first call after import is unchanged).
// Run by `npm run build` after tsc.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the old ones so stale chunks are
// never packed.
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: { index: 'dist/index.js', node: 'dist/node/index.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  minifyWhitespace: true,
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
