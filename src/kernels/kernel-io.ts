/**
 * How nmflow's host kernels (kernels that run nmflow's own code on the CPU: `wasm`, `cpu`) read
 * their inputs and make their outputs on a tfjs backend:
 *
 * - `wasm`: inputs are views of the backend's heap (`typedArrayFromHeap`, no copy); outputs are
 *   made first (`makeOutput`) and written in place, so views are taken only after every output
 *   exists (a heap growth detaches earlier views);
 * - any other backend: `readSync` (the stored array itself on `cpu`), outputs computed into new
 *   arrays and handed over with `write` when the kernel is done.
 */
import type * as tf from '@tensorflow/tfjs-core';

type Values = Float32Array | Int32Array;

/** A backend whose tensors lie in a WebAssembly heap the host can view (`wasm`). */
export interface WasmLike {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Values;
}

export function isWasm(backend: object): backend is WasmLike {
  const b = backend as Partial<WasmLike>;
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function';
}

export interface KernelIO {
  /** The input's values: a view valid until the kernel returns; read only. */
  read(t: tf.TensorInfo): Values;
  /** The float32 outputs' arrays, to be filled (call once, before the first `read`). */
  outputs(shapes: number[][]): Float32Array[];
  /** The outputs' TensorInfos (after they were filled). */
  finish(): tf.TensorInfo[];
}

export function kernelIO(backend: tf.KernelBackend): KernelIO {
  if (isWasm(backend)) {
    let infos: tf.TensorInfo[] = [];
    return {
      read: (t) => backend.typedArrayFromHeap(t),
      outputs(shapes) {
        infos = shapes.map((s) => backend.makeOutput(s, 'float32'));
        return infos.map((i) => backend.typedArrayFromHeap(i) as Float32Array);
      },
      finish: () => infos,
    };
  }
  let made: { shape: number[]; values: Float32Array }[] = [];
  return {
    read: (t) => backend.readSync(t.dataId) as Values,
    outputs(shapes) {
      made = shapes.map((shape) => ({
        shape,
        values: new Float32Array(shape.reduce((a, b) => a * b, 1)),
      }));
      return made.map((o) => o.values);
    },
    finish: () =>
      made.map(({ shape, values }) => ({
        dataId: backend.write(values, shape, 'float32'),
        shape,
        dtype: 'float32' as const,
      })),
  };
}
