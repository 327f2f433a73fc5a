/**
 * Registers the fused NNLS iteration kernels (nnls-names.ts) for one backend:
 * - `cpu`, `wasm`: the host loops (nnls-host.ts) on the backend's own memory;
 * - `tensorflow` on the CPU: the host loops too. G and C are copied out once, the iterates
 *   stay JavaScript arrays between iterations (tfjs-node uploads them only when a TensorFlow op
 *   uses them, at check points). Measured here (n = 500 Nesterov step, 300 iterations, a
 *   shared and heavily loaded 2-core machine): host 3.8–4.9 ms, composite 5.9–6.8 ms per
 *   iteration (the composite is ≈30 native dispatches);
 * - every other backend (`webgl`, `webgpu`, `tensorflow` on a GPU): the composite kernels
 *   (nnls-composite-steps.ts), whose pieces run where the data lives.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import {
  compositeApg,
  compositeBb,
  compositeGradient,
  compositeLoss,
  compositeMirror,
  compositeNesterov,
  compositeOverparam,
} from './nnls-composite-steps';
import {
  hostApg,
  hostBb,
  hostGradient,
  hostLoss,
  hostMirror,
  hostNesterov,
  hostOverparam,
} from './nnls-host';
import {
  APG_STEP,
  BB_STEP,
  MIRROR_STEP,
  NESTEROV_STEP,
  OVERPARAM_GRADIENT,
  OVERPARAM_LOSS,
  OVERPARAM_STEP,
} from './nnls-names';

/** Which implementation a backend gets: host loops or composite kernels. */
export type NnlsKernelForm = 'host' | 'composite';

/** The form `registerNnlsKernels` picks for a backend when none is asked for (see above). */
export function defaultNnlsKernelForm(backendName: string): NnlsKernelForm {
  if (backendName === 'cpu' || backendName === 'wasm') return 'host';
  if (backendName === 'tensorflow') {
    const backend = tf.findBackend('tensorflow') as unknown as {
      isUsingGpuDevice?: boolean;
    } | null;
    return backend && backend.isUsingGpuDevice === false ? 'host' : 'composite';
  }
  return 'composite';
}

const registered = new Map<string, NnlsKernelForm>();

/**
 * Registers the NNLS kernels for `backendName` (idempotent; `form` replaces an earlier form).
 * Returns the form registered.
 */
export function registerNnlsKernels(backendName: string, form?: NnlsKernelForm): NnlsKernelForm {
  const wanted = form ?? registered.get(backendName) ?? defaultNnlsKernelForm(backendName);
  if (registered.get(backendName) === wanted) return wanted;
  const kernels: [string, KernelFunc][] =
    wanted === 'host'
      ? [
          [NESTEROV_STEP, hostNesterov],
          [OVERPARAM_STEP, hostOverparam],
          [BB_STEP, hostBb],
          [MIRROR_STEP, hostMirror],
          [APG_STEP, hostApg],
          [OVERPARAM_LOSS, hostLoss],
          [OVERPARAM_GRADIENT, hostGradient],
        ]
      : [
          [NESTEROV_STEP, compositeNesterov(backendName)],
          [OVERPARAM_STEP, compositeOverparam(backendName)],
          [BB_STEP, compositeBb(backendName)],
          [MIRROR_STEP, compositeMirror(backendName)],
          [APG_STEP, compositeApg(backendName)],
          [OVERPARAM_LOSS, compositeLoss(backendName)],
          [OVERPARAM_GRADIENT, compositeGradient(backendName)],
        ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({ kernelName, backendName, kernelFunc });
  }
  registered.set(backendName, wanted);
  return wanted;
}
