/**
 * Loops that the fit's JavaScript runs over whole factors every outer iteration (Σ C² of a
 * half-step, the error's cross term ⟨WᵀX, H⟩, the transpose of WᵀX, float64 factors rounded to
 * float32, λmax of a Gram matrix) in products.wat, on the arrays where they lie on one kernel
 * memory (wasm-arrays.ts's kernelsOn: a rule's arena), else copied to a scratch memory of this
 * thread's (the rounding: left to Float32Array.set): the operations of the JavaScript loops in
 * their order, so the same bits. A fresh process ran those loops at interpreter speed for its
 * first outer iterations (≈15 ms of SpamAssassin's first two); here they run compiled from the
 * first call, and the transpose in tiles. Without WebAssembly SIMD the loops run.
 */
import { largestEigenvalueSmall } from '../../linalg/small';
import { transposeArray } from '../../linalg/sparse';
import { squaredNorm } from '../overparam-gram';
import { align, kernelModule } from './kernel-memory';
import { GROWABLE_BYTES, growMemory, ownMemory } from './own-memory';
import { kernelsOn } from './wasm-arrays';
import { kernelInstance } from './kernel-imports';

type Kernel = (...args: number[]) => number;

let scratch: { memory: WebAssembly.Memory; exports: Record<string, Kernel> } | null | undefined;

/**
 * The scratch memory grown to `bytes`, with its instance; null without WebAssembly SIMD. It lives
 * as long as the process: the loops over whole arrays go through it in blocks of at most
 * BLOCK_ENTRIES floats, so that it holds a few hundred kB instead of the largest factor it ever
 * saw (a fit's half-step right-hand side: 0.7 MB of new pages on SOTU).
 */
function room(bytes: number) {
  if (scratch === undefined) {
    const module = kernelModule();
    if (!module) scratch = null;
    else {
      const { memory } = ownMemory(bytes, GROWABLE_BYTES);
      const exports = kernelInstance(module, memory).exports;
      scratch = { memory, exports: exports as Record<string, Kernel> };
    }
  }
  if (scratch) growMemory(scratch.memory, bytes);
  return scratch;
}

/** Floats of an array the scratch memory holds at a time (twice this: a block and its transpose). */
const BLOCK_ENTRIES = 32768;

/** The scratch memory's size in bytes (0 before its first use): for tests. */
export function scratchBytes(): number {
  return scratch ? scratch.memory.buffer.byteLength : 0;
}

/** Σ a_i² in float64, i in order (overparam-gram.ts's squaredNorm). */
export function sumSquares32(a: Float32Array): number {
  const on = kernelsOn(a);
  if (on) return (on.sumSquares32 as Kernel)(a.byteOffset, a.length, 0);
  const s = room(4 * Math.min(a.length, BLOCK_ENTRIES));
  if (!s) return squaredNorm(a);
  let sum = 0;
  for (let i = 0; i < a.length; i += BLOCK_ENTRIES) {
    const n = Math.min(BLOCK_ENTRIES, a.length - i);
    new Float32Array(s.memory.buffer, 0, n).set(a.subarray(i, i + n));
    sum = s.exports.sumSquares32(0, n, sum);
  }
  return sum;
}

/**
 * Σ_t Σ_j w[t·m + j]·h[j·k + t] in float64, t then j in order (w `k × m`, h `m × k`): in
 * WebAssembly for a float32 w and a float32 or float64 h (hals's Hᵀ), else the loop.
 */
export function crossTerm(
  w: ArrayLike<number>,
  h: ArrayLike<number>,
  m: number,
  k: number,
): number {
  const h64 = h instanceof Float64Array;
  const at = align(4 * m * k);
  const wasm = w instanceof Float32Array && (h64 || h instanceof Float32Array);
  const kernel = h64 ? 'crossTerm32x64' : 'crossTerm32';
  const [w32, hs] = [w as Float32Array, h as Float32Array | Float64Array];
  const on = wasm ? kernelsOn(w32, hs) : undefined;
  if (on) return (on[kernel] as Kernel)(w32.byteOffset, hs.byteOffset, m, k);
  const s = wasm ? room(at + (h64 ? 8 : 4) * m * k) : null;
  if (!s) {
    let cross = 0;
    for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) cross += w[t * m + j] * h[j * k + t];
    return cross;
  }
  new Float32Array(s.memory.buffer, 0, m * k).set(w32.subarray(0, m * k));
  if (h64) new Float64Array(s.memory.buffer, at, m * k).set(hs.subarray(0, m * k));
  else new Float32Array(s.memory.buffer, at, m * k).set(hs.subarray(0, m * k));
  return s.exports[kernel](0, at, m, k);
}

/**
 * The transpose of a (`rows × cols` float32) into out (`cols × rows`), the two not overlapping:
 * where they lie (both on one kernel memory: kernelsOn), else through the scratch memory a tile
 * of at most BLOCK_ENTRIES floats at a time (whole rows of a thin a, whole columns of a wide one).
 */
export function transpose32(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  const on = kernelsOn(a, out);
  if (on) {
    (on.transpose32 as Kernel)(a.byteOffset, out.byteOffset, rows, cols, rows);
    return;
  }
  const [tileRows, tileCols] =
    cols <= rows
      ? [Math.min(rows, Math.max(1, Math.floor(BLOCK_ENTRIES / cols))), cols]
      : [rows, Math.min(cols, Math.max(1, Math.floor(BLOCK_ENTRIES / rows)))];
  const at = align(4 * tileRows * tileCols);
  const s = room(2 * at);
  if (!s) {
    transposeArray(a, rows, cols, out);
    return;
  }
  for (let r0 = 0; r0 < rows; r0 += tileRows) {
    for (let c0 = 0; c0 < cols; c0 += tileCols) {
      const [R, C] = [Math.min(tileRows, rows - r0), Math.min(tileCols, cols - c0)];
      const tile = new Float32Array(s.memory.buffer, 0, R * C);
      if (C === cols) tile.set(a.subarray(r0 * cols, (r0 + R) * cols));
      else
        for (let r = 0; r < R; r++)
          tile.set(a.subarray((r0 + r) * cols + c0, (r0 + r) * cols + c0 + C), r * C);
      s.exports.transpose32(0, at, R, C, R); // C × R
      const t = new Float32Array(s.memory.buffer, at, R * C);
      if (R === rows) out.set(t, c0 * rows);
      else
        for (let c = 0; c < C; c++) out.set(t.subarray(c * R, (c + 1) * R), (c0 + c) * rows + r0);
    }
  }
}

/**
 * out ← a rounded to float32 (Float32Array.set's values), n = a.length: in products.wat where a
 * and `stage` lie on one kernel memory (through `stage`, a float32 array of at least n entries
 * free to overwrite, then copied to out where it is another array), else by `out.set(a)`. The
 * set's conversion runs ≈0.6–0.9 ns an entry (SpamAssassin's factors: ≈0.3 ms an iteration),
 * the kernel's ≈0.1.
 */
export function rounded32(a: Float64Array, out: Float32Array, stage: Float32Array = out): void {
  const on = kernelsOn(a, stage);
  if (!on) {
    out.set(a);
    return;
  }
  (on.rounded32 as Kernel)(a.byteOffset, stage.byteOffset, a.length);
  if (stage !== out) out.set(stage.subarray(0, a.length));
}

/**
 * Σ a_i·b_i in float64, i in order (n = a.length ≤ b.length): in products.wat (`dot64`) through
 * the scratch memory, else the loop. The fit's ⟨WᵀW, HHᵀ⟩ (k² terms an iteration) ran
 * interpreted in a fresh process, boxing every double.
 */
export function dot64(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  const at = align(8 * n);
  const s = room(2 * at);
  if (!s) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += a[i] * b[i];
    return sum;
  }
  new Float64Array(s.memory.buffer, 0, n).set(a);
  new Float64Array(s.memory.buffer, at, n).set(b.subarray(0, n));
  return s.exports.dot64(0, at, n);
}

/**
 * nmf/components.ts's spanCosinesSqLoop on the rows S of GH (`k × k`) in products.wat
 * (`spanCosinesSq64`: its bits): the bound (length k), undefined where the loop gives none, null
 * without WebAssembly SIMD. Its k³ loops ran interpreted in a fresh process, boxing every double
 * (≈4 MB of young-generation garbage in an MNIST rank-64 `anls` fit).
 */
export function spanCosinesSqWasm(
  GH: Float64Array,
  k: number,
  S: readonly number[],
  minPivotSq: number,
): Float64Array | undefined | null {
  const p = S.length;
  const rows = align(8 * k * k); // S, after GH
  const L = align(rows + 4 * p);
  const x = align(L + 8 * p * p);
  const out = align(x + 8 * p);
  const s = room(out + 8 * k);
  if (!s) return null;
  const buffer = s.memory.buffer;
  new Float64Array(buffer, 0, k * k).set(GH.subarray(0, k * k));
  new Int32Array(buffer, rows, p).set(S);
  const result = new Float64Array(buffer, out, k).fill(0);
  const ok = s.exports.spanCosinesSq64(0, k, rows, p, L, x, out, minPivotSq);
  return ok ? result.slice() : undefined;
}

/** linalg/small.ts's largestEigenvalueSmall (the same bits). */
export function largestEigenvalue(G: Float64Array, n: number): number {
  const s = room(8 * (n * n + 2 * n));
  if (!s) return largestEigenvalueSmall(G, n);
  new Float64Array(s.memory.buffer, 0, n * n).set(G.subarray(0, n * n));
  return s.exports.largestEigenvalue64(0, n, 8 * n * n);
}
