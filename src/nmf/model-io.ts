/**
 * NMF models on disk (format `nmflow-nmf-model`, version 1; documented in models/README.md):
 *
 *   <dir>/manifest.json     options, shapes, metrics, data set, backend, versions, seed
 *   <dir>/components.f32    H (`rank × nFeatures`), row-major little-endian float32
 *
 * Every file is written atomically: to a temporary name in the same folder, then renamed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { promises as fs } from 'fs';
import * as path from 'path';
import { NmflowError, usageError } from '../errors';
import type { NmfOptions, SerializableNmfOptions } from './options';

/** The `format` field of a saved model's manifest.json. */
export const MODEL_FORMAT = 'nmflow-nmf-model';
/** The model format's version (models/README.md); a model of a newer version is refused on load. */
export const MODEL_VERSION = 1;
const COMPONENTS_FILE = 'components.f32';

/** Free-form facts saved with a model. */
export interface ModelMeta {
  /** Name of the data set the model was fitted on. */
  dataset?: string;
  /** Anything else worth keeping (JSON-safe). */
  notes?: Record<string, unknown>;
}

/**
 * How the saved fit went: the reconstruction error (scikit-learn's `reconstruction_err_`), the
 * relative error, iterations, convergence, seconds.
 */
export interface ModelMetrics {
  reconstructionError: number;
  relativeError: number;
  nIter: number;
  converged: boolean;
  seconds: number;
}

/** A saved model's manifest.json: format and version, shapes, options, metrics and provenance. */
export interface ModelManifest extends ModelMeta {
  format: typeof MODEL_FORMAT;
  version: number;
  createdAt: string;
  /** Shapes of the stored factors: H is `rank × nFeatures`. */
  shapes: { components: [number, number] };
  files: { components: { path: string; dtype: 'float32'; byteOrder: 'little' } };
  options: SerializableNmfOptions;
  metrics: ModelMetrics;
  seed: number;
  backend: string;
  versions: { nmflow: string; tfjsCore: string; node: string };
}

function ioError(message: string, cause?: unknown): NmflowError {
  return new NmflowError('io', message, cause === undefined ? undefined : { cause });
}

/** Writes `data` to `file` atomically (temporary file in the same folder, then rename). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = path.join(
    path.dirname(file),
    `.tmp-${path.basename(file)}-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw ioError(`cannot write ${file}: ${(err as Error).message}`, err);
  }
}

function packageVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('../../../package.json').version as string;
  } catch {
    return 'unknown';
  }
}

/** Saves H and the manifest to `dir` (created if needed). */
export async function saveModel(
  dir: string,
  H: tf.Tensor2D,
  info: ModelMeta & { options: SerializableNmfOptions; metrics: ModelMetrics },
): Promise<ModelManifest> {
  await fs.mkdir(dir, { recursive: true });
  const values = H.dataSync() as Float32Array;
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    createdAt: new Date().toISOString(),
    ...(info.dataset !== undefined ? { dataset: info.dataset } : {}),
    ...(info.notes !== undefined ? { notes: info.notes } : {}),
    shapes: { components: [H.shape[0], H.shape[1]] },
    files: { components: { path: COMPONENTS_FILE, dtype: 'float32', byteOrder: 'little' } },
    options: info.options,
    metrics: info.metrics,
    seed: info.options.seed,
    backend: tf.getBackend(),
    versions: { nmflow: packageVersion(), tfjsCore: tf.version_core, node: process.version },
  };
  await writeFileAtomic(path.join(dir, COMPONENTS_FILE), bytes);
  await writeFileAtomic(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

/** Reads a model saved by `saveModel`; H is a new tensor owned by the caller. */
export async function loadModel(dir: string): Promise<{ H: tf.Tensor2D; manifest: ModelManifest }> {
  const manifestPath = path.join(dir, 'manifest.json');
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8'));
  } catch (err) {
    throw ioError(`cannot read model manifest ${manifestPath}: ${(err as Error).message}`, err);
  }
  if (manifest.format !== MODEL_FORMAT) {
    throw usageError(`${manifestPath} is not an nmflow NMF model (format ${manifest.format})`);
  }
  if (manifest.version > MODEL_VERSION) {
    throw usageError(
      `${manifestPath} has format version ${manifest.version}; this nmflow reads up to ${MODEL_VERSION}`,
    );
  }
  const [k, m] = manifest.shapes.components;
  const file = path.join(dir, manifest.files.components.path);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw ioError(`cannot read model components ${file}: ${(err as Error).message}`, err);
  }
  if (bytes.length !== k * m * 4) {
    throw usageError(
      `${file} has ${bytes.length} bytes; shape [${k}, ${m}] of float32 needs ${k * m * 4}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const values = Float32Array.from({ length: k * m }, (_, i) => view.getFloat32(i * 4, true));
  return { H: tf.tensor2d(values, [k, m]), manifest };
}

/** The user options a saved model was fitted with (only those its solver accepts). */
export function optionsFromManifest(o: SerializableNmfOptions): NmfOptions {
  return {
    rank: o.rank,
    solver: o.solver,
    loss: o.loss as NmfOptions['loss'],
    maxIter: o.maxIter,
    tol: o.tol,
    seed: o.seed,
    alphaW: o.alphaW,
    alphaH: o.alphaH,
    l1Ratio: o.l1Ratio,
    checkEvery: o.checkEvery,
    ...(o.solver === 'anls' ? { nnlsSolver: o.nnlsSolver, nnlsOptions: o.nnlsOptions } : {}),
    ...(o.solver === 'overparam-joint'
      ? { learningRate: o.learningRate, initScale: o.initScale }
      : {}),
  };
}
