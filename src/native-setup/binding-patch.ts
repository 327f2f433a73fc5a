/**
 * A fix the native setup applies to tfjs-node's binding source before building it.
 *
 * tfjs-node 4.22 makes each input tensor share the memory of its JavaScript typed array: it
 * passes that memory to `TF_NewTensor` with a deallocator that deletes a napi reference to the
 * array. TensorFlow calls the deallocator from whichever thread frees the tensor, and napi may
 * only be called on the JavaScript thread (the crashes reported upstream, "corrupted size vs.
 * prev_size", tensorflow/tfjs#7719 and #8312, look like what such a call does to V8's heap).
 * Patched, the binding copies the array into a tensor TensorFlow allocates and owns: no
 * deallocator, no napi call off the thread, one memcpy of the array per input. Measured here it
 * did not remove the one crash seen (a fit under `node --cpu-prof` with oneDNN off: 4 of 11
 * runs before, 2 of 10 after; 0 of 20 with oneDNN on, 0 of 16 without the profiler): README,
 * Backends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../atomic-file';
import { setupError } from './toolchain';

/** The marker the patched source carries. */
const MARKER = 'nmflow: the typed array is copied';

/** tfjs-node 4.22's shared-memory tensor creation, from its comment to its error branch. */
const SHARED =
  / {2}\/\/ Sharing V8 memory with the underlying TensorFlow tensor[\s\S]*?TFE_NewTensorHandle\(tensor\.tensor, tf_status\.status\);\n {2}if \(TF_GetCode\(tf_status\.status\) != TF_OK\) \{\n {4}delete auto_ref;\n/;

const COPIED = `  // ${MARKER} into a tensor TensorFlow allocates and owns, instead
  // of sharing its memory through a deallocator that TensorFlow calls on its own threads, where
  // the napi call it makes is not allowed (tensorflow/tfjs#7719).
  // Currently, int64-type Tensors are represented as Int32Arrays.
  const size_t byte_size =
      dtype == TF_INT64 ? num_elements * width * 2 : num_elements * width;

  TF_AutoTensor tensor(
      TF_AllocateTensor(dtype, shape, shape_length, byte_size));
  if (byte_size > 0) memcpy(TF_TensorData(tensor.tensor), array_data, byte_size);

  TF_AutoStatus tf_status;
  TFE_TensorHandle *tfe_tensor_handle =
      TFE_NewTensorHandle(tensor.tensor, tf_status.status);
  if (TF_GetCode(tf_status.status) != TF_OK) {
`;

/** The binding source file in tfjs-node's folder `dir`. */
const sourceOf = (dir: string) => path.join(dir, 'binding', 'tfjs_backend.cc');

/** Whether tfjs-node's binding source in `dir` carries the fix. */
export function bindingPatched(dir: string): boolean {
  try {
    return fs.readFileSync(sourceOf(dir), 'utf8').includes(MARKER);
  } catch {
    return false;
  }
}

/** The binding source with the fix; throws where the source is not tfjs-node 4.22's. */
export function patchedSource(source: string, file = 'tfjs_backend.cc'): string {
  if (source.includes(MARKER)) return source;
  if (!SHARED.test(source)) {
    throw setupError(
      `${file} does not have the shared-memory tensor creation of tfjs-node 4.22 that the setup fixes`,
      'reinstall tfjs-node with `nmflow setup native --force`',
    );
  }
  return source.replace(SHARED, COPIED);
}

/** Applies the fix to tfjs-node's binding source in `dir` (a temporary file, then renamed). */
export function patchBinding(dir: string): void {
  const file = sourceOf(dir);
  const source = fs.readFileSync(file, 'utf8');
  const patched = patchedSource(source, file);
  if (patched !== source) writeFileAtomic(file, patched);
}
