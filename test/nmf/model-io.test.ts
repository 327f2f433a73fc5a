/** Models on disk: round trip, the committed reference model, errors, leak-freedom. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NMF } from '../../src';
import { expectNoLeak, errorOf } from '../helpers';
import { absGaussian, maxAbsDiff } from './fixtures';

const REFERENCE = path.join(__dirname, '..', '..', '..', 'models', 'reference-small');

describe('nmf: model save and load', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'nmflow-model-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('round-trips components, options and metrics, atomically and without leaks', async () => {
    const X = absGaussian(15, 6, 3);
    const model = new NMF({ rank: 2, solver: 'mu', loss: 'kl', maxIter: 50, alphaW: 0.01 });
    await model.fit(X);
    const out = path.join(dir, 'm');
    await expectNoLeak(() => model.save(out, { dataset: 'test data' }));
    expect((await fs.readdir(out)).sort()).to.deep.equal(['components.f32', 'manifest.json']);
    const loaded = await expectNoLeak(
      () => NMF.load(out),
      (m) => [m.components],
    );
    expect(maxAbsDiff(loaded.components.dataSync(), model.components.dataSync())).to.equal(0);
    expect(loaded.options).to.include({
      rank: 2,
      solver: 'mu',
      beta: 1,
      alphaW: 0.01,
      maxIter: 50,
    });
    expect(loaded.reconstructionError).to.equal(model.reconstructionError);
    expect(loaded.nIter).to.equal(model.nIter);
    const manifest = JSON.parse(await fs.readFile(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest).to.include({ format: 'nmflow-nmf-model', version: 1, dataset: 'test data' });
    expect(manifest.shapes.components).to.deep.equal([2, 6]);
    // transform of the loaded model equals transform of the original.
    const a = await model.transform(X);
    const b = await expectNoLeak(
      () => loaded.transform(X),
      (w) => [w],
    );
    expect(maxAbsDiff(a.dataSync(), b.dataSync())).to.equal(0);
    tf.dispose([a, b]);
    model.dispose();
    loaded.dispose();
  });

  it('loads the committed reference model and transform gives the recorded W', async () => {
    const expected = JSON.parse(
      await fs.readFile(path.join(REFERENCE, 'expected-transform.json'), 'utf8'),
    );
    const model = await NMF.load(REFERENCE);
    expect(model.components.shape).to.deep.equal([3, 8]);
    const W = await model.transform(expected.X);
    const got = W.dataSync();
    const want = (expected.W as number[][]).flat();
    W.dispose();
    model.dispose();
    expect(maxAbsDiff(got, want)).to.be.below(1e-4 * Math.max(...want));
  });

  it('fails clearly on a missing folder, a foreign format, a newer version, a short file', async () => {
    expect(await errorOf(() => NMF.load(path.join(dir, 'nothing')))).to.match(
      /cannot read model manifest .*nothing.manifest\.json/,
    );
    const copy = path.join(dir, 'copy');
    await fs.cp(REFERENCE, copy, { recursive: true });
    const manifestPath = path.join(copy, 'manifest.json');
    const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8'));
    await fs.writeFile(manifestPath, JSON.stringify({ ...manifest, version: 99 }));
    expect(await errorOf(() => NMF.load(copy))).to.match(
      /has format version 99; this nmflow reads up to 1/,
    );
    await fs.writeFile(manifestPath, JSON.stringify({ ...manifest, format: 'other' }));
    expect(await errorOf(() => NMF.load(copy))).to.match(
      /is not an nmflow NMF model \(format other\)/,
    );
    await fs.writeFile(manifestPath, JSON.stringify(manifest));
    await fs.writeFile(path.join(copy, 'components.f32'), Buffer.alloc(10));
    expect(await errorOf(() => NMF.load(copy))).to.match(
      /components\.f32 has 10 bytes; shape \[3, 8\] of float32 needs 96/,
    );
    expect(await errorOf(() => new NMF({ rank: 2 }).save(path.join(dir, 'x')))).to.match(
      /not fitted/,
    );
  });
});
