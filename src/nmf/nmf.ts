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
import {
  decodeModel,
  encodeModel,
  optionsFromManifest,
  type ModelFiles,
  type ModelInfo,
  type ModelManifest,
  type ModelMeta,
} from './model-format';
import {
  resolveNmfOptions,
  type NmfIterationInfo,
  type NmfOptions,
  type ResolvedNmfOptions,
} from './options';

/**
 * The scikit-learn-style estimator: `fit`/`fitTransform` learn H (`components`, `rank ×
 * nFeatures`) from X (`nSamples × nFeatures`), `transform` returns W (`nSamples × rank`) for
 * new rows with H fixed; `toModelFiles`/`fromModelFiles` give the documented model format in
 * memory. This class needs no Node.js; the Node entry's `NMF` (nmf-node.ts) adds `save`/`load`
 * to a folder.
 */
export class NMF {
  /** The options after resolution (validated at construction). */
  readonly options: ResolvedNmfOptions;
  private readonly given: NmfOptions;
  protected H?: tf.Tensor2D;
  protected result?: Omit<NmfResult, 'W' | 'H'>;

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

  /**
   * The model's files (`manifest.json`, `components.f32`; see models/README.md) in memory;
   * `meta` adds e.g. the data set name, `versions` the writer's nmflow and Node.js versions.
   */
  toModelFiles(
    meta: ModelMeta = {},
    versions: { nmflow: string; node: string } = { nmflow: 'unknown', node: 'none' },
  ): ModelFiles {
    return encodeModel(this.fitted('save'), this.modelInfo(meta), versions).files;
  }

  /** A model from the files `toModelFiles` made; `where` names their place in errors. */
  static fromModelFiles<T extends NMF>(
    this: new (options: NmfOptions) => T,
    files: ModelFiles,
    where = '',
  ): T {
    const { H, manifest } = decodeModel(files, where);
    return NMF.restored(new this(optionsFromManifest(manifest.options)), H, manifest);
  }

  /** What a saved model keeps besides H: `meta`, the options and the fit's metrics. */
  protected modelInfo(meta: ModelMeta): ModelInfo {
    const r = this.stats('save');
    return {
      ...meta,
      options: r.options,
      metrics: {
        reconstructionError: r.reconstructionError,
        relativeError: r.relativeError,
        nIter: r.nIter,
        converged: r.converged,
        seconds: r.seconds,
      },
    };
  }

  /** Gives `model` the saved components H and the saved statistics; returns it. */
  protected static restored<T extends NMF>(model: T, H: tf.Tensor2D, m: ModelManifest): T {
    model.H = H;
    model.result = { ...m.metrics, history: [], warnings: [], options: m.options };
    return model;
  }

  /** Releases the components. */
  dispose(): void {
    this.H?.dispose();
    this.H = undefined;
  }

  protected fitted(what: string): tf.Tensor2D {
    if (!this.H) throw usageError(`NMF.${what}: the model is not fitted; call fit() first`);
    return this.H;
  }

  private stats(what: string): Omit<NmfResult, 'W' | 'H'> {
    if (!this.result) throw usageError(`NMF.${what}: the model is not fitted; call fit() first`);
    return this.result;
  }
}
