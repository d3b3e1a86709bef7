// W7 startup, TensorFlow.js: a fresh Node process that imports
// @tensorflow/tfjs with backend argv[2] ('cpu' or 'wasm'), loads the seed-shaped
// model from the TF.js artifacts in directory argv[3] and predicts 2 rows.
// With argv[2] = 'save' it instead writes the artifacts the suite needs:
// `save <dir> <large>` → <dir>/tfjs-small (Dense(1) on 1) and
// <dir>/tfjs-large (Dense(large) on large).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { denseModel, loadArtifacts, loadTf, saveArtifacts } from '../lib/tfjs-setup.mjs';

const [mode, dir, large] = process.argv.slice(2);
if (mode === 'save') {
  const { tf } = await loadTf('cpu');
  for (const [name, n] of [['tfjs-small', 1], ['tfjs-large', Number(large)]]) {
    mkdirSync(join(dir, name), { recursive: true });
    const m = denseModel(tf, n, n);
    await saveArtifacts(m, join(dir, name));
    m.dispose();
  }
} else {
  const { tf } = await loadTf(mode);
  const m = await loadArtifacts(tf, dir);
  const y = m.predict(tf.tensor2d([0.25, -0.5], [2, 1]));
  console.log(JSON.stringify(Array.from(y.dataSync())));
}
