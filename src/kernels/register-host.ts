/**
 * nmflow's host kernels: the kernelFuncs registered for `wasm` and `cpu`, which run nmflow's
 * own SIMD WebAssembly code (and its worker threads) on the tensors' data. X is read from its
 * resident copy (resident.ts), so a product moves only the thin factor in and the thin result
 * out; the outputs are the backend's own tensors (kernel-io.ts).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { transposeArray, type Csr } from '../linalg/sparse';
import { halfStepHost, gram64 } from './half-step-host';
import { gramHalfStepKernel } from './gram-steps-host';
import { halsStateOf, halsSweepHost } from './hals-sweep-host';
import { halsHalfHost } from './hals-half-host';
import { kernelIO } from './kernel-io';
import {
  CSR_TIMES_TRANSPOSED,
  CSR_TRANSPOSED_TIMES,
  CSR_TRANSPOSED_TIMES_SPLIT,
  GRAM,
  GRAM_HALF_STEP,
  HALS_HALF,
  HALS_SWEEP,
  OVERPARAM_HALF_STEP,
  TIMES_TRANSPOSED,
  TRANSPOSED_TIMES,
} from './names';
import type { HalfStepAttrs } from './half-step-attrs';
import { csrResident, denseResident, residentFor, type ResidentX } from './resident';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
};

function denseX(args: KernelArgs): ResidentX {
  const x = args.inputs.x!;
  return residentFor(x, () =>
    denseResident(args.backend.readSync(x.dataId) as Float32Array, x.shape[0], x.shape[1]),
  );
}

function csrX(args: KernelArgs): ResidentX {
  const { indptr, indices, values } = args.inputs as Record<string, tf.TensorInfo>;
  const { rows, cols } = args.attrs as unknown as { rows: number; cols: number };
  return residentFor(values, () => {
    if (indptr.shape[0] !== rows + 1) {
      throw new Error(
        `csr operand: indptr has ${indptr.shape[0]} entries, not rows + 1 = ${rows + 1}`,
      );
    }
    const read = (t: tf.TensorInfo) => args.backend.readSync(t.dataId);
    const csr: Csr = {
      indptr: Int32Array.from(read(indptr) as Int32Array),
      indices: Int32Array.from(read(indices) as Int32Array),
      values: Float32Array.from(read(values) as Float32Array),
      rows,
      cols,
    };
    return csrResident(csr);
  });
}

/** X·Hᵀ (`rows × k`) for H `k × cols`, or for Hᵀ `cols × k` with the attr hTransposed. */
function timesTransposed(X: (a: KernelArgs) => ResidentX, rows: number, args: KernelArgs) {
  const resident = X(args);
  const h = args.inputs.h!;
  const hTransposed = (args.attrs as { hTransposed?: boolean } | undefined)?.hTransposed;
  const [k, cols] = hTransposed ? [h.shape[1], h.shape[0]] : h.shape;
  const io = kernelIO(args.backend);
  const [out] = io.outputs([[rows, k]]);
  if (!hTransposed) resident.timesTransposed(io.read(h), k, out);
  else if (resident.times) resident.times(io.read(h), k, out);
  else resident.timesTransposed(transposeArray(io.read(h), cols, k), k, out);
  return io.finish()[0];
}

/** Wᵀ·X (`k × cols`) for W `rows × k`, or with the attr asRows its transpose Xᵀ·W (`cols × k`). */
function transposedTimes(X: (a: KernelArgs) => ResidentX, cols: number, args: KernelArgs) {
  const resident = X(args);
  const w = args.inputs.w!;
  const k = w.shape[1];
  const asRows = (args.attrs as { asRows?: boolean } | undefined)?.asRows;
  const io = kernelIO(args.backend);
  const [out] = io.outputs([asRows ? [cols, k] : [k, cols]]);
  if (!asRows) resident.transposedTimes(io.read(w), k, out);
  else if (resident.transposedTimesRows) resident.transposedTimesRows(io.read(w), k, out);
  else {
    const columns = resident.transposedTimes(io.read(w), k, new Float32Array(k * cols));
    transposeArray(columns, k, cols, out);
  }
  return io.finish()[0];
}

/** Wᵀ·X of a CSR X summed in float64, as float32 parts [hi, lo] (`k × cols` each). */
function transposedTimesSplit(args: KernelArgs) {
  const resident = csrX(args);
  if (!resident.transposedTimesSplit) {
    throw new Error(`${CSR_TRANSPOSED_TIMES_SPLIT}: X's resident copy has no float64 product`);
  }
  const w = args.inputs.w!;
  const k = w.shape[1];
  const { cols } = args.attrs as { cols: number };
  const io = kernelIO(args.backend);
  const [hi, lo] = io.outputs([
    [k, cols],
    [k, cols],
  ]);
  resident.transposedTimesSplit(io.read(w), k, hi, lo);
  return io.finish();
}

function gram(args: KernelArgs) {
  const f = args.inputs.f!;
  const [rows, k] = f.shape;
  const io = kernelIO(args.backend);
  const [out] = io.outputs([[k, k]]);
  out.set(gram64(io.read(f), rows, k));
  return io.finish()[0];
}

function halfStep(args: KernelArgs) {
  const { f, p, x0 } = args.inputs as Record<string, tf.TensorInfo>;
  const [rows, k] = f.shape;
  const r = p.shape[0];
  const io = kernelIO(args.backend);
  const [x, info] = io.outputs([[r, k], [3]]);
  const attrs = args.attrs as unknown as HalfStepAttrs;
  info.set(halfStepHost(io.read(f), rows, io.read(p) as Float32Array, io.read(x0), r, k, attrs, x));
  return io.finish();
}

/** The host kernels by name. */
export const HOST_KERNELS: Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]> = {
  [TIMES_TRANSPOSED]: (a) => timesTransposed(denseX, a.inputs.x!.shape[0], a),
  [TRANSPOSED_TIMES]: (a) => transposedTimes(denseX, a.inputs.x!.shape[1], a),
  [CSR_TIMES_TRANSPOSED]: (a) => timesTransposed(csrX, (a.attrs as { rows: number }).rows, a),
  [CSR_TRANSPOSED_TIMES]: (a) => transposedTimes(csrX, (a.attrs as { cols: number }).cols, a),
  [CSR_TRANSPOSED_TIMES_SPLIT]: transposedTimesSplit,
  [GRAM]: gram,
  [OVERPARAM_HALF_STEP]: halfStep,
  [GRAM_HALF_STEP]: gramHalfStepKernel,
  [HALS_HALF]: halsHalfHost,
};

function halsSweep(args: KernelArgs) {
  const { handle, p } = args.inputs as Record<string, tf.TensorInfo>;
  const { side, l1, l2 } = args.attrs as unknown as { side: 0 | 1; l1: number; l2: number };
  const state = halsStateOf(handle);
  const io = kernelIO(args.backend);
  const [f, violation] = io.outputs([[state.rows[side], state.k], [1]]);
  violation[0] = halsSweepHost(state, side, io.read(p), l1, l2, f);
  return io.finish();
}

/**
 * The kernels that run on the host on every backend: hals's sweeps keep their float64 factors
 * with the kernel (no composite form; on a GPU backend the product moves to the host and back).
 */
export const ALWAYS_HOST: Record<string, (args: KernelArgs) => tf.TensorInfo | tf.TensorInfo[]> = {
  [HALS_SWEEP]: halsSweep,
};
