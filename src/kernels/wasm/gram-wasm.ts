/**
 * The rules' Gram matrices FᵀF in WebAssembly (thin64.ts), the same bits as sweep-kernel.ts's
 * gramKernel, which stays where WebAssembly SIMD is missing. The generated JavaScript kernel
 * runs interpreted until V8 has compiled it: ≈23 MB of garbage in hals's first iterations on
 * MNIST, enough to grow V8's young generation.
 */
import { Thin64 } from './thin64';
import { gramKernel, type GramKernel } from '../js/sweep-kernel';

/** FᵀF (`k × k`, float64) for F `rows × k` row-major. */
export function gramFor(k: number): GramKernel {
  const kernels = Thin64.create(k);
  return kernels ? (F, rows) => kernels.gram(F, rows, k) : gramKernel(k);
}
