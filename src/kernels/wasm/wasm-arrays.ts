/**
 * Typed arrays on a WebAssembly memory of their own, for the rules' factors, and the elementwise
 * kernels of products.wat that run on any array on such a memory: plain JavaScript loops over
 * typed arrays cost ≈4–8 ns per entry on the 2-core build machine (the extrapolation of W and
 * Hᵀ, 320,000 entries per outer iteration on SpamAssassin rank 20), the kernels ≈0.5.
 *
 * A memory's kernels are found by its arrays' buffers (`kernelBuffer`), so that callers keep
 * passing plain typed arrays; arrays elsewhere take the loop forms.
 */
import { kernelModule } from './kernel-memory';
import { ownMemory } from './own-memory';
import { kernelInstance } from './kernel-imports';

/** The kernels' exports on a registered memory (made on first use). */
export type LazyExports = () => WebAssembly.Exports;

/** Each registered buffer's kernels: one LazyExports for all the buffers of one memory. */
const byBuffer = new WeakMap<ArrayBufferLike, LazyExports>();

/** `make` as a LazyExports: called once, on first use. */
export function lazyExports(make: () => WebAssembly.Exports): LazyExports {
  let made: WebAssembly.Exports | undefined;
  return () => (made ??= make());
}

/**
 * The buffer to make arrays on `memory` from now, registered as a buffer of `kernels`' memory.
 * A shared memory's `buffer` is not one object for good: in Node (V8), once a worker shares a
 * memory, growing any shared memory gives the others new buffer objects too, of the same
 * length and contents. Arrays made a moment apart may lie on different ones (anls's factors on
 * SpamAssassin did, and their extrapolation fell back to its loop: ≈2.7 ms an iteration): so
 * every buffer arrays are made from is registered, and arrays are matched by their kernels.
 */
export function kernelBuffer(memory: WebAssembly.Memory, kernels: LazyExports): ArrayBufferLike {
  const buffer = memory.buffer;
  byBuffer.set(buffer, kernels);
  return buffer;
}

/**
 * products.wat's exports on the memory all of `arrays` lie on (registered by kernelBuffer),
 * undefined where they do not (arrays elsewhere, or on two memories): the host loops then copy
 * them to a scratch memory, the elementwise kernels leave them to their loops.
 */
export function kernelsOn(...arrays: ArrayBufferView[]): WebAssembly.Exports | undefined {
  const kernels = byBuffer.get(arrays[0].buffer);
  return kernels && arrays.every((a) => byBuffer.get(a.buffer) === kernels) ? kernels() : undefined;
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
  const kernels = kernelsOn(out, current, previous);
  const bits = floatBits(out);
  if (!kernels || bits === 0 || floatBits(current) !== bits || floatBits(previous) !== bits) {
    return false;
  }
  const n = Math.min(out.length, current.length, previous.length);
  const name = bits === 32 ? 'extrapolate32' : 'extrapolate64';
  (kernels[name] as Extrapolate)(out.byteOffset, current.byteOffset, previous.byteOffset, n, beta);
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
  const kernels = lazyExports(() => kernelInstance(module, memory).exports);
  let end = 0;
  return (length: number) => {
    const at = end;
    end = 16 * Math.ceil((at + 4 * length) / 16);
    if (end > bytes) throw new Error('float32Arena: out of room');
    return new Float32Array(kernelBuffer(memory, kernels), at, length);
  };
}
