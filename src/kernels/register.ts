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
import { ALWAYS_HOST, HOST_KERNELS } from './register-host';
import { registerNnlsKernels } from './nnls-register';

/**
 * The backends that run the host kernels: their tensors' data is on the CPU, readable in place
 * (`wasm`, `cpu`) or by one copy (`tensorflow`, tfjs-node; `webgl`, read back from the GPU). The
 * composite kernels are available too (NMFLOW_KERNELS=composite, or
 * `registerNmflowKernels(name, 'composite')`), but not the default there: measured on MNIST
 * (1,000 rows, rank 16) the composite half-step issues ≈3,000 tf ops per outer iteration of anls
 * (≈75 per inner iteration), far slower on `tensorflow` than the host kernel, and on `webgl`
 * (headless Chromium, SwiftShader) its float32 BB iterations ended a 30-iteration Swimmer rank-8
 * fit at 0.38461 against 0.38274 on every other backend (test/browser). `webgpu` gets them.
 */
export const HOST_BACKENDS: readonly string[] = ['wasm', 'cpu', 'tensorflow', 'webgl'];

/** Which implementation a backend gets: nmflow's host code, or composites of tf ops. */
export type KernelForm = 'host' | 'composite';

/** The kernel implementations for a backend: host or composite. */
export function kernelsFor(backendName: string, form?: KernelForm) {
  const host = form ? form === 'host' : HOST_BACKENDS.includes(backendName);
  return { ...COMPOSITE_KERNELS, ...(host ? HOST_KERNELS : {}), ...ALWAYS_HOST };
}

/**
 * Registers nmflow's kernels for the backend: each one not yet registered, or with `form`,
 * every one afresh in that form, the host kernels without a composite form dropped for
 * 'composite' (tests and benchmarks use it to run the composites on `cpu` or `tensorflow`).
 * The NNLS iteration kernels (nnls-register.ts) come with them.
 */
export function registerNmflowKernels(backendName: string, form?: KernelForm): void {
  registerNnlsKernels(backendName, form);
  const kernels = kernelsFor(backendName, form);
  if (form) {
    // Host kernels with no composite form go when the composites come.
    for (const kernelName of Object.keys(HOST_KERNELS)) {
      if (!(kernelName in kernels) && tf.getKernel(kernelName, backendName)) {
        tf.unregisterKernel(kernelName, backendName);
      }
    }
  }
  for (const [kernelName, kernelFunc] of Object.entries(kernels)) {
    if (tf.getKernel(kernelName, backendName)) {
      if (!form) continue;
      tf.unregisterKernel(kernelName, backendName);
    }
    tf.registerKernel({ kernelName, backendName, kernelFunc: kernelFunc as tf.KernelFunc });
  }
}

/** The backends whose kernels are registered (registration is never undone, only replaced). */
const registered = new Set<string>();

/** registerNmflowKernels for the active backend (once per backend). */
export function ensureNmflowKernels(): void {
  const name = tf.getBackend();
  if (registered.has(name)) return;
  registerNmflowKernels(name);
  registered.add(name);
}
