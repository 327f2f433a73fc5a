/**
 * `nmflow/node`: the parts of nmflow that need Node.js: matrix and image files, checkpoints,
 * atomic writes, folders of text, and the command line (`main`). Import file and CLI helpers
 * from here; the main entry (`nmflow`) still re-exports the same functions for compatibility,
 * but a later major version will drop them from it so that it can run in a browser.
 *
 * @packageDocumentation
 */
import './kernels/node-threads';
import './host-node';
export {
  readMatrixFile,
  writeMatrixFile,
  readImageFolder,
  readMnistIdx,
  readUciBagOfWords,
  MATRIX_FORMATS,
} from './io';
export type { MatrixFormat, ReadMatrixOptions, WriteMatrixOptions } from './io';
export { openRowStream, STREAM_FORMATS } from './io/stream-rows';
export type { RowStreamOptions } from './io/stream-rows';
export {
  writeCheckpoint,
  readCheckpoint,
  hasCheckpoint,
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
} from './checkpoint';
export type { Checkpoint, CheckpointState, CheckpointFactor } from './checkpoint';
export { writeFileAtomic } from './atomic-file';
export { vectorizeFolder } from './datasets';
export { main } from './cli/main';
