/**
 * Registers tfjs's pure-JavaScript `cpu` backend, without its console banner.
 *
 * `MathBackendCPU.write` prints "Hi, looks like you are running TensorFlow.js in Node.js. To
 * speed things up dramatically, install our node backend ..." through `console.warn` the first
 * time it stores a tensor in Node.js, guarded only by the instance's `firstUse` field
 * (@tensorflow/tfjs-backend-cpu 4.22.0, src/backend_cpu.ts). A library must not write to the
 * console, so the factory registered under `cpu` is wrapped in place: every instance it makes
 * starts with `firstUse = false`. Nothing else changes: same factory, same priority, same
 * kernels, no tfjs flag (`IS_TEST`, `PROD`) touched, so tfjs's other warnings still reach the
 * user. nmflow says which backend it uses, and how to get a faster one, through
 * `availableBackends()` / `nmflow info` instead.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';

interface FactoryEntry {
  factory: () => tf.KernelBackend | Promise<tf.KernelBackend>;
  priority: number;
}

const QUIETED = Symbol.for('nmflow.cpuBannerQuieted');

/** Wraps the registered `cpu` factory once; returns whether the wrapper is in place. */
export function quietCpuBackend(): boolean {
  const registry = (tf.engine() as unknown as { registryFactory?: Record<string, FactoryEntry> })
    .registryFactory;
  const entry = registry?.cpu as (FactoryEntry & { [QUIETED]?: true }) | undefined;
  if (!entry || typeof entry.factory !== 'function') return false;
  if (entry[QUIETED]) return true;
  const make = entry.factory;
  entry.factory = () => {
    const backend = make();
    if (!(backend instanceof Promise) && 'firstUse' in backend) {
      (backend as unknown as { firstUse: boolean }).firstUse = false;
    }
    return backend;
  };
  entry[QUIETED] = true;
  return true;
}

quietCpuBackend();
