/**
 * nmflow's composite kernels: the kernelFuncs for backends without nmflow's host code (`webgl`,
 * `webgpu`, and `tensorflow` when asked for), written in tf ops and vectorized over columns (on
 * `webgpu`, the two half-steps as WGSL programs instead: kernels/webgpu/), so
 * that a fit runs on the backend's own kernels (a GPU's, in a browser). They compute in
 * float32 where the host kernels sum in float64, so they agree with them within float32
 * rounding, not bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { halfStepComposite } from './half-step-composite';
import { halfStepWebGpu } from './webgpu/half-step-webgpu';
import { runsWebGpuPrograms } from './webgpu/program';
import { halsHalfWebGpu } from './webgpu/hals-half-webgpu';
import { gramHalfStepComposite } from './gram-steps-composite';
import { halsHalfComposite, type HalsHalfAttrs } from './hals-half-composite';
import type { GramStepAttrs } from './gram-steps-attrs';
import {
  CSR_TIMES_TRANSPOSED,
  CSR_TRANSPOSED_TIMES,
  GRAM,
  GRAM_HALF_STEP,
  HALS_HALF,
  OVERPARAM_HALF_STEP,
  TIMES_TRANSPOSED,
  TRANSPOSED_TIMES,
} from './names';
import type { HalfStepAttrs } from './half-step-attrs';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
};

/**
 * A kernel input as a tensor (no copy): the op's own tensor when it passed one, else a new
 * reference to the data (its own reference count, so disposing it leaves the input alone).
 */
function tensorOf(t: tf.TensorInfo): tf.Tensor {
  if (t instanceof tf.Tensor) return t;
  const wrapped = tf.engine().makeTensorFromTensorInfo(t);
  tf.engine().backend.incRef(t.dataId);
  return wrapped;
}

/** Runs f under tidy and returns its output(s) kept (the engine takes them over). */
function composite(f: () => tf.Tensor | tf.Tensor[]): tf.Tensor | tf.Tensor[] {
  return tf.tidy(f);
}

/**
 * X (`rows × cols`) densified from CSR tensors: a scatter of the stored entries. The row of
 * each stored entry is the number of row starts (indptr[1 … rows−1]) at or before it: a
 * cumulative sum of those starts marked on the entries, O(nnz) (comparing every entry with
 * every row start took 1.2 s per product on 1,000 MNIST rows).
 */
function denseOfCsr(args: KernelArgs): tf.Tensor2D {
  const { indptr, indices, values } = args.inputs as Record<string, tf.TensorInfo>;
  const { rows, cols } = args.attrs as unknown as { rows: number; cols: number };
  const ptr = tensorOf(indptr) as tf.Tensor1D;
  const nnz = indices.shape[0];
  let row = tf.zeros([nnz], 'int32') as tf.Tensor1D;
  if (rows > 1 && nnz > 0) {
    // Row starts may equal nnz (empty last rows): marked on nnz + 1 slots, the last dropped.
    const starts = tf.expandDims(tf.slice(ptr, 1, rows - 1), 1);
    const marks = tf.scatterND(starts, tf.ones([rows - 1]), [nnz + 1]) as tf.Tensor1D;
    row = tf.cast(tf.slice(tf.cumsum(marks), 0, nnz), 'int32') as tf.Tensor1D;
  }
  const at = tf.stack([row, tensorOf(indices) as tf.Tensor1D], 1);
  return tf.scatterND(at, tensorOf(values), [rows, cols]) as tf.Tensor2D;
}

/** The named 2-D inputs of a kernel call as tensors (tensorOf), in order. */
function matrices(
  args: KernelArgs,
  ...names: [string, string, string]
): [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D] {
  const [a, b, c] = names.map((name) => tensorOf(args.inputs[name]!) as tf.Tensor2D);
  return [a, b, c];
}

/** Whether a TIMES_TRANSPOSED call's h input is Hᵀ (`cols × k`, the attr hTransposed). */
const hT = (a: KernelArgs) =>
  Boolean((a.attrs as { hTransposed?: boolean } | undefined)?.hTransposed);

/** A TRANSPOSED_TIMES call's Wᵀ·X, or Xᵀ·W (`cols × k`) with the attr asRows, for X as a tensor. */
function transposedTimesOf(a: KernelArgs, x: tf.Tensor) {
  const w = tensorOf(a.inputs.w!);
  const asRows = (a.attrs as { asRows?: boolean } | undefined)?.asRows;
  return asRows ? tf.matMul(x, w, true, false) : tf.matMul(w, x, true, false);
}

/** A kernel call's attributes as the op's attribute type. */
const attrsOf = <T>(args: KernelArgs) => args.attrs as unknown as T;

export const COMPOSITE_KERNELS: Record<string, (args: KernelArgs) => tf.Tensor | tf.Tensor[]> = {
  [TIMES_TRANSPOSED]: (a) =>
    composite(() => tf.matMul(tensorOf(a.inputs.x!), tensorOf(a.inputs.h!), false, !hT(a))),
  [TRANSPOSED_TIMES]: (a) => composite(() => transposedTimesOf(a, tensorOf(a.inputs.x!))),
  [CSR_TIMES_TRANSPOSED]: (a) =>
    composite(() => tf.matMul(denseOfCsr(a), tensorOf(a.inputs.h!), false, !hT(a))),
  [CSR_TRANSPOSED_TIMES]: (a) => composite(() => transposedTimesOf(a, denseOfCsr(a))),
  [GRAM]: (a) =>
    composite(() => {
      const f = tensorOf(a.inputs.f!);
      return tf.matMul(f, f, true, false);
    }),
  // On webgpu the same method with each stretch between checks one WGSL dispatch.
  [OVERPARAM_HALF_STEP]: (a) =>
    composite(() =>
      (runsWebGpuPrograms(a.backend) ? halfStepWebGpu : halfStepComposite)(
        ...matrices(a, 'f', 'p', 'x0'),
        attrsOf<HalfStepAttrs>(a),
      ),
    ),
  [GRAM_HALF_STEP]: (a) =>
    composite(() =>
      gramHalfStepComposite(...matrices(a, 'g', 'c', 'x0'), attrsOf<GramStepAttrs>(a)),
    ),
  // On webgpu all sweeps of the half in one WGSL dispatch.
  [HALS_HALF]: (a) =>
    composite(() =>
      (runsWebGpuPrograms(a.backend) ? halsHalfWebGpu : halsHalfComposite)(
        ...matrices(a, 'f', 'g', 'p'),
        attrsOf<HalsHalfAttrs>(a),
      ),
    ),
};
