/**
 * The NMF model format (`nmflow-nmf-model`, version 1; documented in models/README.md) in
 * memory, without files: a model is two named files,
 *
 *   manifest.json     options, shapes, metrics, data set, backend, versions, seed
 *   components.f32    H (`rank × nFeatures`), row-major little-endian float32
 *
 * `encodeModel` makes them, `decodeModel` reads them back. Writing them to a folder is the Node
 * entry's `model-io.ts`; a web page offers them as downloads.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import type { NmfOptions, SerializableNmfOptions } from './options';
import { findSolverDescriptor } from './solvers';

/** The `format` field of a saved model's manifest.json. */
export const MODEL_FORMAT = 'nmflow-nmf-model';
/** The model format's version (models/README.md); a model of a newer version is refused on load. */
export const MODEL_VERSION = 1;
/** The file that holds H. */
export const COMPONENTS_FILE = 'components.f32';
/** The file that holds the manifest. */
export const MANIFEST_FILE = 'manifest.json';

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

/** A model's files by name: `manifest.json` (text) and `components.f32` (bytes). */
export type ModelFiles = Record<string, string | Uint8Array>;

/** What a model is saved with besides H: options, metrics, optional data set name and notes. */
export type ModelInfo = ModelMeta & { options: SerializableNmfOptions; metrics: ModelMetrics };

/** Where a model is stored, for messages (a folder in Node, a name in a browser). */
function within(where: string, file: string): string {
  return where === '' ? file : `${where}/${file}`;
}

/**
 * The files of a model with components H (`rank × nFeatures`). `versions` says which nmflow
 * and runtime (Node.js version, or `browser`) wrote it.
 */
export function encodeModel(
  H: tf.Tensor2D,
  info: ModelInfo,
  versions: { nmflow: string; node: string },
): { manifest: ModelManifest; files: ModelFiles } {
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
    versions: { nmflow: versions.nmflow, tfjsCore: tf.version_core, node: versions.node },
  };
  return {
    manifest,
    files: {
      [COMPONENTS_FILE]: bytes,
      [MANIFEST_FILE]: JSON.stringify(manifest, null, 2) + '\n',
    },
  };
}

/**
 * Parses and checks manifest.json's text; `where` (the folder) names it in errors. Throws a
 * usage error for another format or a newer version.
 */
export function parseManifest(text: string, where: string): ModelManifest {
  const manifestPath = within(where, MANIFEST_FILE);
  let manifest: ModelManifest;
  try {
    manifest = JSON.parse(text);
  } catch (err) {
    throw usageError(`${manifestPath} is not JSON: ${(err as Error).message}`);
  }
  if (manifest.format !== MODEL_FORMAT) {
    throw usageError(`${manifestPath} is not an nmflow NMF model (format ${manifest.format})`);
  }
  if (manifest.version > MODEL_VERSION) {
    throw usageError(
      `${manifestPath} has format version ${manifest.version}; this nmflow reads up to ${MODEL_VERSION}`,
    );
  }
  return manifest;
}

/** H (`rank × nFeatures`, a new tensor) from the components file's bytes; checks their length. */
export function decodeComponents(
  bytes: Uint8Array,
  manifest: ModelManifest,
  where: string,
): tf.Tensor2D {
  const [k, m] = manifest.shapes.components;
  if (bytes.length !== k * m * 4) {
    throw usageError(
      `${within(where, manifest.files.components.path)} has ${bytes.length} bytes; shape [${k}, ${m}] of float32 needs ${k * m * 4}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const values = Float32Array.from({ length: k * m }, (_, i) => view.getFloat32(i * 4, true));
  return tf.tensor2d(values, [k, m]);
}

/** H and the manifest from a model's files (as `encodeModel` makes them). */
export function decodeModel(
  files: ModelFiles,
  where = '',
): { H: tf.Tensor2D; manifest: ModelManifest } {
  const text = files[MANIFEST_FILE];
  if (text === undefined) throw usageError(`${within(where, MANIFEST_FILE)} is missing`);
  const manifest = parseManifest(
    typeof text === 'string' ? text : new TextDecoder().decode(text),
    where,
  );
  const bytes = files[manifest.files.components.path];
  if (bytes === undefined || typeof bytes === 'string') {
    throw usageError(`${within(where, manifest.files.components.path)} is missing`);
  }
  return { H: decodeComponents(bytes, manifest, where), manifest };
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
    ...ownOptions(o),
  };
}

/** The options of the solver's own (its descriptor's `ownOptions`) that the manifest holds. */
function ownOptions(o: SerializableNmfOptions): Partial<NmfOptions> {
  const known = findSolverDescriptor(o.solver);
  if (!known) return {};
  return Object.fromEntries(known.ownOptions.map((key) => [key, o[key]])) as Partial<NmfOptions>;
}
