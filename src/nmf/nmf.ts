/**
 * `NMF`: the scikit-learn-style estimator, a thin shell over `factorize` and `fitW`.
 * X (`nSamples × nFeatures`) ≈ W H; `components` is H (`rank × nFeatures`), `transform`
 * returns W (`nSamples × rank`) for new rows with H fixed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { toMatrix, type MatrixInput } from '../linalg/matrix';
import type { NmfInput } from './data';
import { factorize, fitW, type NmfResult } from './factorize';
import { loadModel, optionsFromManifest, saveModel, type ModelMeta } from './model-io';
import {
  resolveNmfOptions,
  type NmfIterationInfo,
  type NmfOptions,
  type ResolvedNmfOptions,
} from './options';

/**
 * The scikit-learn-style estimator: `fit`/`fitTransform` learn H (`components`, `rank ×
 * nFeatures`) from X (`nSamples × nFeatures`), `transform` returns W (`nSamples × rank`) for
 * new rows with H fixed; `save`/`load` use the documented model format.
 */
export class NMF {
  /** The options after resolution (validated at construction). */
  readonly options: ResolvedNmfOptions;
  private readonly given: NmfOptions;
  private H?: tf.Tensor2D;
  private result?: Omit<NmfResult, 'W' | 'H'>;

  constructor(options: NmfOptions) {
    this.options = resolveNmfOptions(options);
    this.given = options;
  }

  /** Fits the model to X; keeps H (the components) and the fit statistics. */
  async fit(X: NmfInput): Promise<this> {
    (await this.fitTransform(X)).dispose();
    return this;
  }

  /** Fits the model and returns W (`nSamples × rank`, a new tensor owned by the caller). */
  async fitTransform(X: NmfInput): Promise<tf.Tensor2D> {
    const { W, H, ...rest } = await factorize(X, this.given);
    this.H?.dispose();
    this.H = H;
    this.result = rest;
    return W;
  }

  /**
   * W (`nSamples × rank`) for new data X (`nSamples × nFeatures`) with H fixed. With `mask`
   * (0 = missing, X's shape) or `nanAsMissing`, each row of W fits X's observed entries only
   * (the model's solver must support missing values).
   */
  async transform(
    X: NmfInput,
    missing: Pick<NmfOptions, 'mask' | 'nanAsMissing'> = {},
  ): Promise<tf.Tensor2D> {
    const H = this.fitted('transform');
    const masked = missing.mask !== undefined || missing.nanAsMissing === true;
    const options = masked
      ? resolveNmfOptions({ ...this.given, solver: this.options.solver, ...missing })
      : this.options;
    const { W, warnings } = await fitW(X, H, { ...options, init: undefined });
    this.result?.warnings.push(...warnings);
    return W;
  }

  /** W·H (`nSamples × nFeatures`) for W `nSamples × rank`; a new tensor. */
  inverseTransform(W: MatrixInput): tf.Tensor2D {
    const H = this.fitted('inverseTransform');
    const w = toMatrix(W, 'W');
    try {
      if (w.shape[1] !== H.shape[0]) {
        throw usageError(`W must have ${H.shape[0]} columns (rank), got ${w.shape[1]}`);
      }
      return tf.matMul(w, H) as tf.Tensor2D;
    } finally {
      w.dispose();
    }
  }

  /** H, `rank × nFeatures` (owned by the model: clone it to keep it past `dispose`). */
  get components(): tf.Tensor2D {
    return this.fitted('components');
  }

  get reconstructionError(): number {
    return this.stats('reconstructionError').reconstructionError;
  }
  get relativeError(): number {
    return this.stats('relativeError').relativeError;
  }
  get nIter(): number {
    return this.stats('nIter').nIter;
  }
  get converged(): boolean {
    return this.stats('converged').converged;
  }
  get history(): NmfIterationInfo[] {
    return this.stats('history').history;
  }
  get warnings(): string[] {
    return this.stats('warnings').warnings;
  }
  get seconds(): number {
    return this.stats('seconds').seconds;
  }

  /** Writes the model to `dir` (see models/README.md); `meta` adds e.g. the data set name. */
  async save(dir: string, meta: ModelMeta = {}): Promise<void> {
    const r = this.stats('save');
    await saveModel(dir, this.fitted('save'), {
      ...meta,
      options: r.options,
      metrics: {
        reconstructionError: r.reconstructionError,
        relativeError: r.relativeError,
        nIter: r.nIter,
        converged: r.converged,
        seconds: r.seconds,
      },
    });
  }

  /** Reads a model written by `save`. */
  static async load(dir: string): Promise<NMF> {
    const { H, manifest } = await loadModel(dir);
    const model = new NMF(optionsFromManifest(manifest.options));
    model.H = H;
    model.result = {
      ...manifest.metrics,
      history: [],
      warnings: [],
      options: manifest.options,
    };
    return model;
  }

  /** Releases the components. */
  dispose(): void {
    this.H?.dispose();
    this.H = undefined;
  }

  private fitted(what: string): tf.Tensor2D {
    if (!this.H) throw usageError(`NMF.${what}: the model is not fitted; call fit() first`);
    return this.H;
  }

  private stats(what: string): Omit<NmfResult, 'W' | 'H'> {
    if (!this.result) throw usageError(`NMF.${what}: the model is not fitted; call fit() first`);
    return this.result;
  }
}
