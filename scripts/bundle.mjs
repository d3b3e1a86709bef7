// Bundles the compiled modules (dist/**/*.js, from tsc) into the files the
// package exports: dist/bundle/index.js (the root) and dist/bundle/node.js
// (purekeras/node), sharing one chunk so classes keep one identity across
// both entries. One file imports ~4x faster in Node than ~200 small modules
// (measured: 35-50 ms against 145-205 ms for `import`), and bundlers get a
// single ES module. Platform-neutral output: no Node built-in is referenced.
// Run by `npm run build` after tsc.
import { build } from 'esbuild';

await build({
  entryPoints: { index: 'dist/index.js', node: 'dist/node/index.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
});
