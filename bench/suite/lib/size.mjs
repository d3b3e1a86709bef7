// W7 size: what each library costs a web page, measured by bundling an entry
// with esbuild (a devDependency) as a bundler would for a browser: bundle,
// tree-shake, minify, ES module; then gzip -9 with node:zlib. Two entries per
// library: everything it exports, and only what a user who loads a saved
// model and predicts needs. Sizes are exact, so one measurement each.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const require = createRequire(import.meta.url);

/**
 * The entries to measure. `group` 'package' is a library's whole public
 * surface; 'load' is an entry that only loads a saved model and predicts.
 * `extra` names files a page must also fetch (added raw and gzipped).
 * @param {string} dist our built package's directory
 */
export function sizeEntries(dist) {
  const pk = JSON.stringify(join(dist, 'index.js'));
  const tfLoad = `import { io } from '@tensorflow/tfjs-core';\nimport { loadLayersModel } from '@tensorflow/tfjs-layers';\n` +
    `export const run = async (artifacts, x) => (await loadLayersModel(io.fromMemory(artifacts))).predict(x).dataSync();`;
  return [
    { group: 'package', peer: 'purekeras', variant: 'purekeras (whole package)', code: `export * from ${pk};` },
    { group: 'package', peer: 'tfjs-cpu', variant: 'tfjs (whole @tensorflow/tfjs: core, layers, converter, data, cpu + webgl backends)', code: `export * from '@tensorflow/tfjs';` },
    { group: 'package', peer: 'jsfive', variant: 'jsfive (whole package; reads HDF5 only)', code: `export * from 'jsfive';` },
    { group: 'package', peer: 'h5wasm', variant: 'h5wasm (whole package, WebAssembly inlined)', code: `export * from 'h5wasm';` },
    {
      group: 'load', peer: 'purekeras', variant: 'purekeras (import { loadModel } + predict)',
      code: `import { loadModel } from ${pk};\nexport const run = (bytes, x) => loadModel(bytes).predict(x, { verbose: 0 }).data;`,
    },
    { group: 'load', peer: 'tfjs-cpu', variant: 'tfjs (loadLayersModel + predict, cpu backend)', code: `import '@tensorflow/tfjs-backend-cpu';\n${tfLoad}` },
    {
      group: 'load', peer: 'tfjs-wasm', variant: 'tfjs (loadLayersModel + predict, wasm backend + its SIMD .wasm)',
      code: `import '@tensorflow/tfjs-backend-wasm';\n${tfLoad}`, extra: ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'],
    },
  ];
}

/** Source files that contribute bytes to the output after tree-shaking. */
function usedModules(metafile) {
  let n = 0;
  for (const out of Object.values(metafile.outputs)) {
    for (const i of Object.values(out.inputs)) if (i.bytesInOutput > 0) n++;
  }
  return n;
}

/**
 * Bundles each entry; returns rows {group, peer, variant, minified, gzip, modules}
 * (bytes; modules = source files left after tree-shaking),
 * or {peer, variant, error} when a bundle fails (reported, never dropped).
 * @param {string} root the repository (where node_modules is)
 * @param {string} dist the built package
 */
export async function measureSizes(root, dist) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    return sizeEntries(dist).map(({ group, peer, variant }) => ({ group, peer, variant, error: `esbuild missing: ${e.message}` }));
  }
  const rows = [];
  for (const { group, peer, variant, code: contents, extra: extraFiles = [] } of sizeEntries(dist)) {
    try {
      const r = await esbuild.build({
        stdin: { contents, resolveDir: root, loader: 'js', sourcefile: 'entry.js' },
        bundle: true, minify: true, treeShaking: true, format: 'esm', platform: 'browser',
        target: 'es2022', write: false, logLevel: 'silent', metafile: true,
        // Emscripten's glue mentions Node modules on paths a browser never takes.
        external: ['fs', 'path', 'crypto', 'module', 'url', 'worker_threads', 'node:*'],
      });
      const code = r.outputFiles[0].contents;
      let minified = code.length, gzip = gzipSync(code, { level: 9 }).length;
      for (const f of extraFiles) {
        const bytes = readFileSync(require.resolve(f));
        minified += bytes.length;
        gzip += gzipSync(bytes, { level: 9 }).length;
      }
      rows.push({ group, peer, variant, minified, gzip, modules: usedModules(r.metafile) + extraFiles.length });
    } catch (e) {
      rows.push({ group, peer, variant, error: String(e.message ?? e).split('\n').slice(0, 3).join(' ') });
    }
  }
  return rows;
}
