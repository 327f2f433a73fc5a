/** Public NMF API: X (`nSamples × nFeatures`) ≈ W H, W `nSamples × rank`, H `rank × nFeatures`. */
export { factorize, maxIterWarning } from './factorize';
export type { NmfResult } from './factorize';
export { NMF } from './nmf-node';
export { NMF_SOLVERS, NMF_INITS } from './options';
export type {
  NmfOptions,
  NmfSolver,
  NmfInit,
  NmfLoss,
  NmfIterationInfo,
  SerializableNmfOptions,
} from './options';
export type { NmfInput } from './data';
export { residentCsr, residentMatrix } from './resident-matrix';
export { MODEL_FORMAT, MODEL_VERSION, loadModel, saveModel } from './model-io';
export type { ModelManifest, ModelMeta, ModelMetrics } from './model-io';
export { encodeModel, decodeModel } from './model-format';
export type { ModelFiles, ModelInfo } from './model-format';
export {
  relativeError,
  betaDivergence,
  explainedVariance,
  hoyerSparseness,
  compareFactorizations,
} from './metrics';
export type { FactorizationComparison } from './metrics';
export { checkpointToDirectory, readNmfCheckpoint } from './checkpointing';
export type { NmfCheckpointState } from './checkpointing';
export { factorizeOnline, transformOnline } from './online';
export type { OnlineNmfResult, OnlineTransformOptions, WBlock } from './online';
export type { OnlineNmfOptions, OnlineBatchInfo } from './online-options';
export { memorySource } from './online-source';
export type { RowSource, RowBatch, CsrBatch, DenseBatch } from './online-source';
