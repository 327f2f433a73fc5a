/** nmflow: NMF and NNLS on TensorFlow.js. The public library API. */
// The Node.js thread host of the kernels (worker_threads): installed on load.
import './kernels/node-threads';
import './host-node';
export * from './nnls';
export * from './riemannian';
export { initBackend, currentBackend, availableBackends, BACKEND_CHOICES } from './backend';
export type { BackendChoice, BackendName, BackendInfo } from './backend';
export { NmflowError, isUserError } from './errors';
export type { ErrorKind } from './errors';
export type {
  MatrixInput,
  MatrixOrVector,
  ShapedArray,
  Float64Matrix,
  DenseArray,
} from './linalg/matrix';
export { Rng } from './random';
export {
  estimateNnlsBytes,
  estimateNmfBytes,
  checkMemory,
  memoryLimit,
  parseBytes,
  formatBytes,
} from './memory';
export type { MemoryEstimate, MemoryLimit } from './memory';
export {
  writeCheckpoint,
  readCheckpoint,
  hasCheckpoint,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
} from './checkpoint';
export type { Checkpoint, CheckpointState, CheckpointFactor } from './checkpoint';
export { writeFileAtomic } from './atomic-file';
export * from './nmf';
export type { CsrMatrix } from './linalg/csr';
export {
  datasets,
  listDatasets,
  loadDataset,
  generateSwimmer,
  vectorize,
  vectorizeFolder,
} from './datasets';
export type {
  Dataset,
  DatasetInfo,
  DatasetOptions,
  DataMatrix,
  DenseMatrix,
  VectorizerOptions,
} from './datasets';
export {
  readMatrixFile,
  writeMatrixFile,
  readImageFolder,
  readMnistIdx,
  readUciBagOfWords,
  MATRIX_FORMATS,
} from './io';
export type { MatrixFormat, ReadMatrixOptions, WriteMatrixOptions } from './io';
export * from './report';
/** Choosing the rank: cross-validation (speckled hold-out) and Brunet's consensus (src/rank). */
export * from './rank';
