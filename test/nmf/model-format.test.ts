/**
 * Models in memory (model-format.ts, what the browser build offers): `toModelFiles` and
 * `NMF.fromModelFiles` round-trip a fit, read the same bytes as the folder form, and name the
 * missing or foreign file in errors.
 */
import { expect } from 'chai';
import { promises as fs } from 'fs';
import * as path from 'path';
import { NMF as Estimator } from '../../src/nmf/nmf';
import { NMF } from '../../src';
import { errorOf } from '../helpers';
import { absGaussian, maxAbsDiff } from './fixtures';

const REFERENCE = path.join(__dirname, '..', '..', '..', 'models', 'reference-small');

describe('nmf: model files in memory', () => {
  it('round-trips components, options and metrics through toModelFiles/fromModelFiles', async () => {
    const model = new Estimator({ rank: 2, solver: 'mu', maxIter: 40, seed: 1 });
    await model.fit(absGaussian(12, 5, 4));
    const files = model.toModelFiles({ dataset: 'mem' }, { nmflow: '9.9.9', node: 'browser' });
    expect(Object.keys(files).sort()).to.deep.equal(['components.f32', 'manifest.json']);
    const manifest = JSON.parse(files['manifest.json'] as string);
    expect(manifest).to.include({ dataset: 'mem', format: 'nmflow-nmf-model', version: 1 });
    expect(manifest.versions).to.include({ nmflow: '9.9.9', node: 'browser' });
    const back = Estimator.fromModelFiles(files);
    expect(back).to.be.instanceOf(Estimator);
    expect(maxAbsDiff(back.components.dataSync(), model.components.dataSync())).to.equal(0);
    expect(back.relativeError).to.equal(model.relativeError);
    expect(back.options.solver).to.equal('mu');
    model.dispose();
    back.dispose();
  });

  it('reads the committed reference model from its bytes like NMF.load reads the folder', async () => {
    const files = {
      'manifest.json': await fs.readFile(path.join(REFERENCE, 'manifest.json'), 'utf8'),
      'components.f32': new Uint8Array(await fs.readFile(path.join(REFERENCE, 'components.f32'))),
    };
    const fromBytes = NMF.fromModelFiles(files, 'reference-small');
    expect(fromBytes).to.be.instanceOf(NMF);
    const fromFolder = await NMF.load(REFERENCE);
    expect(maxAbsDiff(fromBytes.components.dataSync(), fromFolder.components.dataSync())).to.equal(
      0,
    );
    fromBytes.dispose();
    fromFolder.dispose();
  });

  it('names a missing or short file and a foreign format', async () => {
    const manifest = await fs.readFile(path.join(REFERENCE, 'manifest.json'), 'utf8');
    expect(await errorOf(async () => Estimator.fromModelFiles({}, 'm'))).to.match(
      /m\/manifest\.json is missing/,
    );
    expect(
      await errorOf(async () => Estimator.fromModelFiles({ 'manifest.json': manifest }, 'm')),
    ).to.match(/m\/components\.f32 is missing/);
    expect(
      await errorOf(async () =>
        Estimator.fromModelFiles(
          { 'manifest.json': manifest, 'components.f32': new Uint8Array(8) },
          'm',
        ),
      ),
    ).to.match(/m\/components\.f32 has 8 bytes; shape \[3, 8\] of float32 needs 96/);
    const foreign = JSON.stringify({ ...JSON.parse(manifest), format: 'other' });
    expect(
      await errorOf(async () => Estimator.fromModelFiles({ 'manifest.json': foreign })),
    ).to.match(/manifest\.json is not an nmflow NMF model \(format other\)/);
  });
});
