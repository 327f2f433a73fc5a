/**
 * The rules' Gram matrices FᵀF in WebAssembly (thin64.ts), the same bits as sweep-kernel.ts's
 * gramKernel, which stays where WebAssembly SIMD is missing. The generated JavaScript kernel
 * runs interpreted until V8 has compiled it: ≈23 MB of garbage in hals's first iterations on
 * MNIST, enough to grow V8's young generation.
 */
import { Thin64 } from './thin64';
import { gramKernel, type GramKernel } from '../js/sweep-kernel';

/** The kernels made so far, by k: one Thin64 (its own ≈0.8 MB memory for k = 26) per rank. */
const made = new Map<number, GramKernel>();

/**
 * FᵀF (`k × k`, float64) for F `rows × k` row-major. Kept by k: the rules' component guard asks
 * for one every outer iteration, and a new Thin64 each time was a new shared memory (and wasm
 * instance) per iteration, freed only by the garbage collector.
 */
export function gramFor(k: number): GramKernel {
  let kernel = made.get(k);
  if (!kernel) {
    const kernels = Thin64.create(k);
    kernel = kernels ? (F, rows) => kernels.gram(F, rows, k) : gramKernel(k);
    made.set(k, kernel);
  }
  return kernel;
}
