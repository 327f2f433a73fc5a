/**
 * NMF models on disk (Node.js only): the files of `model-format.ts` in a folder,
 *
 *   <dir>/manifest.json     options, shapes, metrics, data set, backend, versions, seed
 *   <dir>/components.f32    H (`rank × nFeatures`), row-major little-endian float32
 *
 * Every file is written atomically: to a temporary name in the same folder, then renamed.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { promises as fs } from 'fs';
import * as path from 'path';
import { NmflowError } from '../errors';
import {
  decodeComponents,
  encodeModel,
  MANIFEST_FILE,
  parseManifest,
  type ModelInfo,
  type ModelManifest,
} from './model-format';

export {
  MODEL_FORMAT,
  MODEL_VERSION,
  optionsFromManifest,
  type ModelManifest,
  type ModelMeta,
  type ModelMetrics,
} from './model-format';

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

/** The version of the installed nmflow package, or `unknown`. */
export function packageVersion(): string {
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
  info: ModelInfo,
): Promise<ModelManifest> {
  await fs.mkdir(dir, { recursive: true });
  const { manifest, files } = encodeModel(H, info, {
    nmflow: packageVersion(),
    node: process.version,
  });
  // The components first, then the manifest that points at them.
  for (const name of [manifest.files.components.path, MANIFEST_FILE]) {
    await writeFileAtomic(path.join(dir, name), files[name]);
  }
  return manifest;
}

/** Reads a model saved by `saveModel`; H is a new tensor owned by the caller. */
export async function loadModel(dir: string): Promise<{ H: tf.Tensor2D; manifest: ModelManifest }> {
  const manifestPath = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await fs.readFile(manifestPath, 'utf8');
  } catch (err) {
    throw ioError(`cannot read model manifest ${manifestPath}: ${(err as Error).message}`, err);
  }
  let manifest: ModelManifest;
  try {
    manifest = parseManifest(text, dir);
  } catch (err) {
    // Keep the old message for a manifest that is not JSON: "cannot read model manifest".
    if (/is not JSON/.test((err as Error).message)) {
      throw ioError(`cannot read model manifest ${manifestPath}: ${(err as Error).message}`, err);
    }
    throw err;
  }
  const file = path.join(dir, manifest.files.components.path);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw ioError(`cannot read model components ${file}: ${(err as Error).message}`, err);
  }
  return { H: decodeComponents(bytes, manifest, dir), manifest };
}
