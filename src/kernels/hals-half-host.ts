/**
 * The host kernel of hals's stateless half-step (hals-half-op.ts's halsHalf) for `wasm` and
 * `cpu`: the factor, the Gram and the product come in as tensors (float32), the sweeps run in
 * float64 on the calling thread with the one JavaScript sweep kernel (js/sweep-kernel.ts), and
 * the new factor goes out in float32. hals itself runs its stateful op (halsSweep, float64
 * factors kept between iterations, sweeps on worker threads) on these backends; this kernel is
 * the op's form there, and the reference the composite form is checked against.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { loopSweeps } from './js/sweep-kernel';
import type { HalsHalfAttrs } from './hals-half-composite';
import { kernelIO } from './kernel-io';

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
};

/** `a` (`r × c`, row-major) transposed (`c × r`) into a new array of `a`'s kind. */
function transposed<A extends Float32Array | Float64Array>(
  a: ArrayLike<number>,
  r: number,
  c: number,
  out: A,
): A {
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}

/** [F, violation]: the sweeps of `f` (`rows × k`, or `k × rows` when transposed) from its values. */
export function halsHalfHost(args: KernelArgs): tf.TensorInfo[] {
  const { f, g, p } = args.inputs as Record<string, tf.TensorInfo>;
  const a = args.attrs as unknown as HalsHalfAttrs;
  const k = g.shape[0];
  const rows = f.shape[a.transposed ? 1 : 0];
  const io = kernelIO(args.backend);
  const [out, violation] = io.outputs([f.shape, [1]]);
  const F = new Float64Array(rows * k);
  const P = new Float32Array(rows * k);
  if (a.transposed) {
    transposed(io.read(f), k, rows, F);
    transposed(io.read(p), k, rows, P);
  } else {
    F.set(io.read(f));
    P.set(io.read(p));
  }
  const G = Float64Array.from(io.read(g));
  if (a.l2 !== 0) for (let t = 0; t < k; t++) G[t * k + t] += a.l2;
  if (a.l1 !== 0) for (let i = 0; i < P.length; i++) P[i] -= a.l1;
  violation[0] = loopSweeps(F, G, P, 0, rows, k, a.maxSweeps, a.ratio);
  if (a.transposed) transposed(F, rows, k, out);
  else out.set(F);
  return io.finish();
}
