/**
 * hals's stateless half-step as a tfjs op (like ops.ts's, through `ENGINE.runKernel`): the
 * coordinate-descent sweeps of every row of a factor held as a tensor, so that a fit keeps its
 * factors on the backend. Registered per backend (register.ts): the host kernel
 * (hals-half-host.ts) on `wasm`/`cpu`, the composite of tf ops (hals-half-composite.ts)
 * elsewhere. hals runs on this op where the active backend's kernels are the composite ones
 * (`halsHalfIsComposite`), and on its stateful host op (ops.ts's halsSweep) otherwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ensureNmflowKernels } from './register';
import { COMPOSITE_KERNELS } from './register-composite';
import type { HalsHalfAttrs } from './hals-half-composite';
import { HALS_HALF } from './names';

export type { HalsHalfAttrs } from './hals-half-composite';

/**
 * One half of a hals iteration on tensors: F ← the sweeps of F from f0 against
 * G = g + l2·I and P − l1. f0 and p are `rows × k` (the W half: W `n × k` against X·Ĥᵀ), or
 * `k × rows` with `transposed` (the H half on H `k × m` itself, against Wᵀ·X); g is the Gram of
 * the other factor (`k × k`: Ĥ·Ĥᵀ, or WᵀW). Returns the new factor (shaped as f0) and
 * sklearn's violation of the first sweeps (`[1]`).
 */
export function halsHalf(
  f0: tf.Tensor2D,
  g: tf.Tensor2D,
  p: tf.Tensor2D,
  attrs: HalsHalfAttrs,
): { f: tf.Tensor2D; violation: tf.Tensor1D } {
  const k = g.shape[0];
  const kAxis = attrs.transposed ? 0 : 1;
  if (g.shape[1] !== k || f0.shape[kAxis] !== k || p.shape.join() !== f0.shape.join()) {
    throw new Error(
      `halsHalf: f0 and p must be the same shape with ${k} ${attrs.transposed ? 'rows' : 'columns'} ` +
        `(g is [${g.shape}]), got f0 [${f0.shape}] and p [${p.shape}]`,
    );
  }
  ensureNmflowKernels();
  const [f, violation] = tf.engine().runKernel(HALS_HALF, { f: f0, g, p }, {
    ...attrs,
  } as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return { f: f as tf.Tensor2D, violation: violation as tf.Tensor1D };
}

/** Whether the active backend runs the composite kernel of halsHalf (so hals runs on tensors). */
export function halsHalfIsComposite(): boolean {
  ensureNmflowKernels();
  return (
    tf.getKernel(HALS_HALF, tf.getBackend())?.kernelFunc ===
    (COMPOSITE_KERNELS[HALS_HALF] as unknown)
  );
}
