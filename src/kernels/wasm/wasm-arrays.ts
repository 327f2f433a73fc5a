/**
 * Typed arrays on a WebAssembly memory of their own, for the rules' factors, and the elementwise
 * kernels of products.wat that run on any array on such a memory: plain JavaScript loops over
 * typed arrays cost ≈4–8 ns per entry on the 2-core build machine (the extrapolation of W and
 * Hᵀ, 320,000 entries per outer iteration on SpamAssassin rank 20), the kernels ≈0.5.
 *
 * A memory's kernels are found by its buffer (`registerKernelBuffer`), so that callers keep
 * passing plain typed arrays; arrays elsewhere take the loop forms.
 */
import { kernelModule } from './kernel-memory';
import { ownMemory } from './own-memory';

/** The kernels' exports on each registered memory's buffer (made on first use). */
const byBuffer = new WeakMap<ArrayBufferLike, () => WebAssembly.Exports>();

/** Makes products.wat's exports from `exports()` the kernels of arrays on `buffer`. */
export function registerKernelBuffer(buffer: ArrayBufferLike, exports: () => WebAssembly.Exports) {
  let made: WebAssembly.Exports | undefined;
  byBuffer.set(buffer, () => (made ??= exports()));
}

type Extrapolate = (out: number, cur: number, prev: number, n: number, beta: number) => void;

/**
 * out = max(c + β·(c − p), 0), then p ← c, entrywise (c = current, p = previous) in products.wat
 * when the three arrays are on one registered memory and of one type; false when not (the caller
 * then runs its loop, which computes the same bits).
 */
export function extrapolateWasm(
  out: Float32Array | Float64Array,
  current: Float32Array | Float64Array,
  previous: Float32Array | Float64Array,
  beta: number,
): boolean {
  const kernels = byBuffer.get(out.buffer);
  if (!kernels || current.buffer !== out.buffer || previous.buffer !== out.buffer) return false;
  const bits = floatBits(out);
  if (bits === 0 || floatBits(current) !== bits || floatBits(previous) !== bits) return false;
  const n = Math.min(out.length, current.length, previous.length);
  const name = bits === 32 ? 'extrapolate32' : 'extrapolate64';
  (kernels()[name] as Extrapolate)(
    out.byteOffset,
    current.byteOffset,
    previous.byteOffset,
    n,
    beta,
  );
  return true;
}

/**
 * 32 or 64 for this realm's Float32Array or Float64Array, else 0 (another realm's arrays, whose
 * constructors are not these, go to the caller's loop): by `instanceof`, not by comparing
 * `constructor` with the global, which a wrapped global (a Proxy that logs allocations) or
 * another realm's array fails, and which took float32 arrays for float64 ones.
 */
function floatBits(a: Float32Array | Float64Array): 0 | 32 | 64 {
  return a instanceof Float32Array ? 32 : a instanceof Float64Array ? 64 : 0;
}

/**
 * A bump allocator of float32 arrays on a memory of its own of `bytes` (with the kernels
 * registered on it), or undefined where WebAssembly SIMD is missing.
 */
export function float32Arena(bytes: number): ((length: number) => Float32Array) | undefined {
  const module = kernelModule();
  if (!module) return undefined;
  const { memory } = ownMemory(bytes + 64);
  registerKernelBuffer(
    memory.buffer,
    () => new WebAssembly.Instance(module, { env: { memory } }).exports,
  );
  let end = 0;
  return (length: number) => {
    const at = end;
    end = 16 * Math.ceil((at + 4 * length) / 16);
    if (end > bytes) throw new Error('float32Arena: out of room');
    return new Float32Array(memory.buffer, at, length);
  };
}
