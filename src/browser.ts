/**
 * The browser entry, bundled by scripts/build-browser.mjs into dist/browser/nmflow.esm.js (an
 * ES module with TensorFlow.js and its webgl, wasm and cpu backends inside; the wasm binaries
 * beside it). It imports nothing Node-only: no files, no `os`, no CLI. Matrices are
 * `nSamples × nFeatures` (X), W `nSamples × rank`, H `rank × nFeatures`, as in scikit-learn.
 *
 * ```js
 * import { initBackend, factorize, generateSwimmer } from './nmflow.esm.js';
 * await initBackend('webgl');
 * const { X } = generateSwimmer();
 * const { W, H, relativeError } = await factorize(X, { rank: 16, seed: 0 });
 * ```
 */
export { initBackend, BROWSER_BACKEND_CHOICES } from './browser-backend';
export type {
  BrowserBackendChoice,
  BrowserBackendInfo,
  BrowserBackendName,
} from './browser-backend';
export * as tf from '@tensorflow/tfjs-core';
export { nnls, nnlsGram, solverNames } from './nnls';
export type { NnlsOptions, NnlsResult } from './nnls';
export { factorize } from './nmf/factorize';
export type { NmfResult } from './nmf/factorize';
export { NMF } from './nmf/nmf';
export { NMF_SOLVERS, NMF_INITS } from './nmf/options';
export type { NmfOptions } from './nmf/options';
export {
  relativeError,
  betaDivergence,
  explainedVariance,
  hoyerSparseness,
  compareFactorizations,
  cosineMatrix,
} from './nmf/metrics';
export { encodeModel, decodeModel, MODEL_FORMAT, MODEL_VERSION } from './nmf/model-format';
export type { ModelFiles, ModelManifest } from './nmf/model-format';
export { generateSwimmer } from './datasets/swimmer';
export { generateLowRank } from './datasets/lowrank';
export { generateNnlsProblem } from './datasets/nnls-synthetic';
export { generatedDatasets } from './datasets/generated';
export type { Dataset, DatasetInfo } from './datasets/types';
export { vectorize, tokenize } from './datasets/vectorizer';
export type { VectorizerOptions, VectorizedCorpus } from './datasets/vectorizer';
export { NmflowError, isUserError } from './errors';
export { Rng } from './random';
