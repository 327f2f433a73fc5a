/**
 * Registers nmflow's kernels with tfjs (`tf.registerKernel`), per backend, the way tfjs's own
 * backends register theirs: on `wasm` and `cpu` the host kernels (register-host.ts: nmflow's
 * SIMD WebAssembly code on the tensors' data); on any other backend the composite kernels
 * (register-composite.ts: tf ops, vectorized over columns), where there are some.
 * `initBackend` calls `registerNmflowKernels` for the backend it activates, and every op calls
 * `ensureNmflowKernels` for the active one (a backend set with `tf.setBackend` directly).
 */
import * as tf from '@tensorflow/tfjs-core';
import { COMPOSITE_KERNELS } from './register-composite';
import { HOST_KERNELS } from './register-host';

/** The backends that run the host kernels (their tensors' data is readable in place). */
export const HOST_BACKENDS: readonly string[] = ['wasm', 'cpu'];

/** The kernel implementations for a backend: host or composite. */
export function kernelsFor(backendName: string) {
  return HOST_BACKENDS.includes(backendName) ? HOST_KERNELS : COMPOSITE_KERNELS;
}

/** Registers each of nmflow's kernels not yet registered for the backend. */
export function registerNmflowKernels(backendName: string): void {
  for (const [kernelName, kernelFunc] of Object.entries(kernelsFor(backendName))) {
    if (tf.getKernel(kernelName, backendName)) continue;
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as tf.KernelFunc });
  }
}

/** registerNmflowKernels for the active backend. */
export function ensureNmflowKernels(): void {
  registerNmflowKernels(tf.getBackend());
}
