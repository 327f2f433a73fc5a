/**
 * The Node entry's `NMF`: the estimator of nmf.ts plus `save(dir)` and `NMF.load(dir)`, which
 * keep a model in a folder (models/README.md) through model-io.ts.
 */
import { NMF as Estimator } from './nmf';
import { loadModel, saveModel, type ModelMeta } from './model-io';
import { optionsFromManifest } from './model-format';

/**
 * The scikit-learn-style estimator (see nmf.ts): `fit`/`fitTransform` learn H (`rank ×
 * nFeatures`) from X (`nSamples × nFeatures`), `transform` returns W (`nSamples × rank`);
 * `save`/`load` keep the documented model format in a folder.
 */
export class NMF extends Estimator {
  /** Writes the model to `dir` (see models/README.md); `meta` adds e.g. the data set name. */
  async save(dir: string, meta: ModelMeta = {}): Promise<void> {
    await saveModel(dir, this.fitted('save'), this.modelInfo(meta));
  }

  /** Reads a model written by `save`. */
  static async load(dir: string): Promise<NMF> {
    const { H, manifest } = await loadModel(dir);
    return NMF.restored(new NMF(optionsFromManifest(manifest.options)), H, manifest);
  }
}
