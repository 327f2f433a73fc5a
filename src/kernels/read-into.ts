/**
 * A tensor's float32 values copied into an array the caller keeps, without the new array that
 * `dataSync()` makes on `wasm` (a copy of the backend's heap each call). A fit that read its
 * factors that way left a few MB of garbage ArrayBuffers per outer iteration, which V8 frees
 * only at its next collection: the process's peak memory grew with the iteration count.
 */
import * as tf from '@tensorflow/tfjs-core';
import { isWasm } from './kernel-io';

interface WasmHeapBackend {
  dataIdMap: { has(dataId: object): boolean };
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

function heapOf(backend: object, t: tf.Tensor): WasmHeapBackend | undefined {
  const b = backend as Partial<WasmHeapBackend>;
  if (typeof b.typedArrayFromHeap !== 'function' || typeof b.dataIdMap?.has !== 'function') {
    return undefined;
  }
  return b.dataIdMap.has(t.dataId) ? (b as WasmHeapBackend) : undefined;
}

/**
 * out ← t's values (t float32, `out.length` = t.size): on `wasm` straight from a view of the
 * backend's heap, elsewhere through `dataSync()` (on `cpu` the stored array itself). Returns out.
 */
export function readInto<A extends Float32Array | Float64Array>(t: tf.Tensor, out: A): A {
  if (t.dtype !== 'float32' || t.size !== out.length) {
    throw new Error(
      `readInto: needs a float32 tensor of ${out.length} values, got ${t.dtype} [${t.shape}]`,
    );
  }
  const wasm = heapOf(tf.backend(), t);
  out.set(wasm ? wasm.typedArrayFromHeap(t) : t.dataSync());
  return out;
}

/**
 * t's float32 values without a copy where the backend allows it: on `wasm` a view of its heap,
 * valid only until the next tfjs call (one that allocates may move the heap); elsewhere
 * `dataSync()`. For a pass over them right away (a transpose into the caller's array).
 */
export function valuesOf(t: tf.Tensor): Float32Array {
  if (t.dtype !== 'float32') throw new Error(`valuesOf: needs a float32 tensor, got ${t.dtype}`);
  const wasm = heapOf(tf.backend(), t);
  return (wasm ? wasm.typedArrayFromHeap(t) : t.dataSync()) as Float32Array;
}

/**
 * A float32 tensor of `values`, a view of memory the caller is about to give back: on `wasm` the
 * backend copies the values into its heap as it makes the tensor, so the view itself is passed
 * (a fresh array per factor was new pages the fit's peak counted: 1.3 MB for SpamAssassin's
 * initial factors); other backends keep the array they are given (`cpu`) or read it later (a GPU
 * backend's upload), so they get a copy.
 */
export function tensorOf(values: Float32Array, shape: [number, number]): tf.Tensor2D {
  return tf.tensor2d(isWasm(tf.backend()) ? values : values.slice(), shape);
}

/**
 * A new float32 tensor of `shape` whose values `fill` writes into the array it is given: on
 * `wasm` a view of the backend's heap where the tensor lies (`fill` must not call tfjs: a heap
 * growth detaches the view), so that no array of the caller's holds them first (Xᵀ·W of the fit's
 * H half: 0.7 MB of pages fewer on SOTU); elsewhere a new array the tensor then takes.
 */
export function filledTensor(
  shape: [number, number],
  fill: (values: Float32Array) => void,
): tf.Tensor2D {
  const backend = tf.backend();
  if (isWasm(backend)) {
    const info = backend.makeOutput(shape, 'float32');
    const t = tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor2D;
    try {
      fill(backend.typedArrayFromHeap(info) as Float32Array);
    } catch (e) {
      t.dispose();
      throw e;
    }
    return t;
  }
  const values = new Float32Array(shape[0] * shape[1]);
  fill(values);
  return tf.tensor2d(values, shape);
}
