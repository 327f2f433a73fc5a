/**
 * Float64 products of a thin matrix F (`rows × l`, row-major: many rows, few columns) in
 * WebAssembly (products.wat's `gramRows` and `thinTimes`), with loop forms that add the same
 * products in the same order, so the same bits, where WebAssembly SIMD is missing.
 *
 * They replace one-off JavaScript loops that run interpreted until V8 has compiled them, boxing
 * every double on the way: megabytes of garbage per loop on MNIST (the randomized SVD's U = Q·U_B,
 * wideSvd's BBᵀ and Vᵀ, the NMF rules' Gram matrices in their first iterations), which is what
 * grows V8's young generation and with it the process's peak memory.
 */
import { MAX_KERNEL_BYTES, kernelModule } from './kernel-memory';
import { ownMemory } from './own-memory';

type Matrix64 = Float64Array | Float32Array;

/** The kernels on a memory of their own, with room for `bytes` of operands and results. */
export class Thin64 {
  private readonly buffer: ArrayBuffer | SharedArrayBuffer;
  private readonly gramRows: (F: number, rows: number, k: number, G: number) => void;
  private readonly thinTimes: (
    F: number,
    rows: number,
    l: number,
    M: number,
    k: number,
    out: number,
  ) => void;

  /** null where WebAssembly SIMD or shared memory is missing, or `bytes` is beyond wasm32. */
  static create(bytes: number): Thin64 | null {
    const module = kernelModule();
    return module && bytes < MAX_KERNEL_BYTES ? new Thin64(module, bytes) : null;
  }

  private constructor(
    module: WebAssembly.Module,
    private readonly bytes: number,
  ) {
    const { memory } = ownMemory(bytes + 64);
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    this.buffer = memory.buffer;
    this.gramRows = exports.gramRows as Thin64['gramRows'];
    this.thinTimes = exports.thinTimes as Thin64['thinTimes'];
  }

  /** FᵀF (`k × k`) for F `rows × k`, into `out` or a new array; needs 8·(rows·k + k²) bytes. */
  gram(
    F: Matrix64,
    rows: number,
    k: number,
    out: Float64Array = new Float64Array(k * k),
  ): Float64Array {
    const [f, G] = this.views(rows * k, k * k);
    f.set(F.subarray(0, rows * k));
    this.gramRows(f.byteOffset, rows, k, G.byteOffset);
    out.set(G);
    return out;
  }

  /**
   * F·M (`rows × k`) for F `rows × l` and M `l × k`, into `out` (which may be F itself) or a
   * new array; needs 8·(rows·l + l·k + rows·k) bytes.
   */
  times<T extends Matrix64 = Float64Array>(
    F: Matrix64,
    rows: number,
    l: number,
    M: Matrix64,
    k: number,
    out: T = new Float64Array(rows * k) as T,
  ): T {
    const [f, m, product] = this.views(rows * l, l * k, rows * k);
    f.set(F.subarray(0, rows * l));
    m.set(M.subarray(0, l * k));
    this.thinTimes(f.byteOffset, rows, l, m.byteOffset, k, product.byteOffset);
    out.set(product);
    return out;
  }

  /** Consecutive float64 views from the start of the memory. */
  private views(...lengths: number[]): Float64Array[] {
    let at = 0;
    const views = lengths.map((length) => {
      const view = new Float64Array(this.buffer, at, length);
      at += 8 * length;
      return view;
    });
    if (at > this.bytes)
      throw new RangeError(`Thin64: ${at} bytes of operands, room for ${this.bytes}`);
    return views;
  }
}

/**
 * Both products on one Thin64 with room for F up to `rows × l` (and k ≤ l), else by the loop
 * forms: for a run of products of about one size.
 */
export function thinProducts(rows: number, l: number) {
  const kernels = Thin64.create(8 * (2 * rows * l + l * l));
  return {
    gram: (F: Matrix64, rows: number, k: number, out?: Float64Array) =>
      kernels ? kernels.gram(F, rows, k, out) : copied(gramLoop(F, rows, k), out),
    times: <T extends Matrix64 = Float64Array>(
      F: Matrix64,
      rows: number,
      l: number,
      M: Matrix64,
      k: number,
      out?: T,
    ): T =>
      kernels ? kernels.times(F, rows, l, M, k, out) : copied(timesLoop(F, rows, l, M, k), out),
  };
}

function copied<T extends Matrix64>(result: Float64Array, out?: T): T {
  if (!out) return result as T;
  out.set(result);
  return out;
}

/** FᵀF by loops: each entry of the upper triangle summed over the rows in order, mirrored. */
export function gramLoop(F: Matrix64, rows: number, k: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    const base = i * k;
    for (let a = 0; a < k; a++) {
      const fa = F[base + a];
      for (let b = a; b < k; b++) G[a * k + b] += fa * F[base + b];
    }
  }
  return symmetrized(G, k);
}

/** G's upper triangle copied to its lower one (`k × k`, in place). */
export function symmetrized(G: Float64Array, k: number): Float64Array {
  for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) G[a * k + b] = G[b * k + a];
  return G;
}

/** F·M by loops: every entry summed over a = 0 … l − 1 in order. */
export function timesLoop(
  F: Matrix64,
  rows: number,
  l: number,
  M: Matrix64,
  k: number,
): Float64Array {
  const out = new Float64Array(rows * k);
  for (let i = 0; i < rows; i++) {
    for (let a = 0; a < l; a++) {
      const f = F[i * l + a];
      for (let t = 0; t < k; t++) out[i * k + t] += f * M[a * k + t];
    }
  }
  return out;
}
