/**
 * Item 8(b): models saved by real Keras 3 (scripts/gen_keras_fixtures.py)
 * load, predict like Keras, restore the optimizer state exactly, and
 * continue training along Keras's own trajectory (every loss, the final
 * weights and optimizer variables).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadModel, loadModelBytes } from '../../src/keras/model-io.js';
import { asList, expectClose, fixture, fixtureBytes, fixtureDir, toTensor } from './helpers/fixtures.js';

const names = readdirSync(fixtureDir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();

describe('Keras 3 fixtures: load, predict, resume', () => {
  it('has the generated cases', () => {
    expect(names.length).toBeGreaterThanOrEqual(17);
  });

  for (const name of names) {
    const fx = fixture(name);
    describe(name, () => {
      it('loads with the saved weights bit for bit and predicts as Keras', () => {
        const warnings: string[] = [];
        const model = loadModelBytes(fixtureBytes(`${name}.h5`), { onWarning: (w) => warnings.push(w) });
        const vars = model.weights;
        expect(vars.map((v) => v.path)).toEqual(fx.weights.map((w) => w.path));
        vars.forEach((v, i) => expect(Array.from(v.value.data), fx.weights[i]!.path).toEqual(fx.weights[i]!.values));
        const p = model.predict(toTensor(fx.x_predict), { verbose: 0 });
        expect(p.shape).toEqual(fx.predictions.shape);
        expectClose(p.data, fx.predictions.values, `${name} predictions`);
        if (name === 'uncompiled') {
          expect(model.optimizer).toBeNull();
          expect(warnings.join('\n')).toContain('no training configuration');
        } else {
          expect(warnings).toEqual([]);
        }
      });

      if (fx.optimizer_variables.length > 0) {
        it('restores every optimizer variable (names, order, values) exactly', () => {
          const model = loadModelBytes(fixtureBytes(`${name}.h5`));
          const opt = model.optimizer!;
          expect(opt.iterations).toBe(fx.optimizer_variables[0]!.values[0]);
          const ours = opt.variables;
          // Keras names Nadam's u_product plainly 'variable'; we prefix it with the optimizer name.
          expect(ours.map((v) => v.path.replace(/^nadam\/variable$/, 'variable'))).toEqual(fx.optimizer_variables.map((v) => v.path));
          ours.forEach((v, i) => {
            if (i === 0) return; // the iteration count, checked above
            expect(Array.from(v.value.data), v.path).toEqual(fx.optimizer_variables[i]!.values.map(Math.fround));
          });
        });
      }

      const cont = fx.continued;
      if (cont) {
        it(`continues training ${cont.steps} steps along Keras's trajectory`, () => {
          const model = loadModelBytes(fixtureBytes(`${name}.h5`));
          const x = toTensor(fx.x);
          const y = toTensor(fx.y);
          for (let s = 0; s < cont.steps; s++) {
            expectClose(asList(model.trainOnBatch(x, y)), cont.losses[s]!, `${name} step ${s + 1} loss`);
          }
          model.weights.forEach((v, i) => expectClose(v.value.data, cont.weights[i]!.values, `${name} weight ${v.path}`));
          const ov = model.optimizer!.variables;
          ov.forEach((v, i) => {
            if (i === 0) expect(model.optimizer!.iterations).toBe(cont.optimizer_variables[0]!.values[0]);
            else expectClose(v.value.data, cont.optimizer_variables[i]!.values, `${name} optimizer ${v.path}`);
          });
          expectClose(model.predict(toTensor(fx.x_predict), { verbose: 0 }).data, cont.predictions.values, `${name} predictions after`);
        });
      }
    });
  }

  it("loads the 'mse' file that Keras 3.15 itself cannot reload (keras#19330)", () => {
    const fx = fixture('seed_sgd_mse');
    expect(fx.keras_reload).toContain("Could not deserialize 'keras.metrics.mse'");
    const model = loadModel(fixtureBytes('seed_sgd_mse.h5'));
    expect(model.optimizer!.className).toBe('SGD');
  });

  it('loads without compiling when asked, ignoring the training config', () => {
    const model = loadModelBytes(fixtureBytes('mlp_adam.h5'), { compile: false });
    expect(model.optimizer).toBeNull();
  });
});
