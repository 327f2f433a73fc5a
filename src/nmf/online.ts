/**
 * Online (mini-batch) NMF: X (`nSamples × nFeatures`) ≈ W H with W `nSamples × k` and
 * H `k × nFeatures`, X read from a RowSource in row batches and never held whole.
 *
 * Per batch X_b (Mairal, Bach, Ponce & Sapiro 2010, "Online learning for matrix factorization
 * and sparse coding"; the weighting of scikit-learn's `MiniBatchNMF`):
 *   1. W_b = argmin_{W ≥ 0} ½‖X_b − W H‖²: the Gram-form NNLS (G = HHᵀ, C = X_b·Hᵀ) solved by
 *      the overparametrized engine on typed arrays (overparamGramBb, the engine of `anls`'s
 *      W half), from the exact line-search point along max(C, 0);
 *   2. A ← ρA + W_bᵀW_b (`k × k`), B ← ρB + W_bᵀX_b (`k × m`, stored as Bᵀ) with
 *      ρ = forgetFactor^(b / nSamples) (scikit-learn's `_rho`), so a pass ago weighs forgetFactor;
 *   3. H = argmin_{H ≥ 0} ½tr(HᵀAH) − tr(BᵀH): the same engine on G = A, C = B, warm-started
 *      from H (hMaxIter iterations at most).
 * After `passes` passes, a last pass (`finalPass`) solves every W_b with H fixed, hands the
 * blocks to `onW` in row order and measures the error ‖X − WH‖_F exactly.
 *
 * Memory: the batch (its reader's buffers), P and W_b (`batchSize × k`), Bᵀ and Hᵀ (`m × k`),
 * the engine's state for `k × batchSize`: O(batchSize·(k + nnz per row) + m·k), not O(nSamples).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runtimeError } from './online-errors';
import { largestEigenvalueSmall } from '../linalg/small';
import { transposeArray } from '../linalg/sparse';
import { GramBbWorkspace, overparamGramBb } from '../kernels/overparam-gram';
import { Rng } from '../random';
import { readData } from './data';
import { initialize } from './init';
import {
  accumulateXtW,
  batchSquaredError,
  batchSquaredNorm,
  batchTimesHt,
  gramOfRows,
} from './online-batch';
import {
  resolveOnlineOptions,
  type OnlineNmfOptions,
  type ResolvedOnlineOptions,
} from './online-options';
import type { RowBatch, RowSource } from './online-source';

/** One block of W (rows `start … start + rows − 1`, `rows × k` row-major) and its fit. */
export interface WBlock {
  start: number;
  rows: number;
  k: number;
  /** Valid until the next block is requested. */
  w: Float32Array;
  /** ‖X_b − W_b H‖²_F and ‖X_b‖²_F. */
  squaredError: number;
  squaredNorm: number;
}

/** The result of `factorizeOnline`. */
export interface OnlineNmfResult {
  /** H, `k × nFeatures` row-major. */
  H: Float32Array;
  shape: [number, number];
  nSamples: number;
  passes: number;
  /** Batches over all passes, the final one included. */
  batches: number;
  /** ‖X − WH‖_F of the final pass's W (NaN without it). */
  reconstructionError: number;
  /** ‖X − WH‖_F / ‖X‖_F of the final pass (NaN without it). */
  relativeError: number;
  seconds: number;
  /** Bytes of the fit's own buffers (engine state, products, statistics): O(batchSize·k + m·k). */
  workBytes: number;
  warnings: string[];
  options: Omit<ResolvedOnlineOptions, 'H' | 'onBatch' | 'onWarning' | 'signal'>;
}

/** The W half on typed arrays for batches of up to `maxRows` rows, with its buffers. */
class WSolver {
  private readonly workspace = new GramBbWorkspace();
  readonly P: Float32Array;
  private readonly x0: Float32Array;
  readonly w: Float32Array;
  private GH: Float64Array = new Float64Array(0);
  private lipschitz = 0;

  constructor(
    readonly maxRows: number,
    readonly k: number,
    private readonly o: Pick<ResolvedOnlineOptions, 'wMaxIter' | 'wTol' | 'alpha' | 'depth'>,
  ) {
    this.P = new Float32Array(maxRows * k);
    this.x0 = new Float32Array(maxRows * k);
    this.w = new Float32Array(maxRows * k);
  }

  get bytes(): number {
    // P, x0, w and the engine's state (≈ 7 float64 per entry, see GramBbWorkspace).
    return 3 * 4 * this.maxRows * this.k + 7 * 8 * this.maxRows * this.k;
  }

  /** Takes H (as Hᵀ, `m × k`) for the next solves; returns HHᵀ. */
  setH(ht: Float32Array, m: number): Float64Array {
    this.GH = gramOfRows(ht, m, this.k);
    this.lipschitz = largestEigenvalueSmall(this.GH, this.k);
    return this.GH;
  }

  /** W_b into `this.w` (first rows·k entries) for X_b; returns ‖X_b − W_b H‖² and ‖X_b‖². */
  solve(X: RowBatch, ht: Float32Array): { squaredError: number; squaredNorm: number } {
    const { k, GH } = this;
    const r = X.rows;
    const P = this.P.subarray(0, r * k);
    const x0 = this.x0.subarray(0, r * k);
    const w = this.w.subarray(0, r * k);
    batchTimesHt(X, ht, k, P);
    let anyC = false;
    for (let i = 0; i < r; i++) {
      // The exact line search from 0 along d = max(P_i, 0): c = ⟨P_i, d⟩ / dᵀ G d.
      let num = 0;
      let den = 0;
      for (let s = 0; s < k; s++) {
        const ds = Math.max(P[i * k + s], 0);
        num += P[i * k + s] * ds;
        if (ds === 0) continue;
        for (let t = 0; t < k; t++) den += ds * GH[s * k + t] * Math.max(P[i * k + t], 0);
      }
      const c = den > 0 ? num / den : 0;
      if (num > 0) anyC = true;
      for (let s = 0; s < k; s++) x0[i * k + s] = c * Math.max(P[i * k + s], 0);
    }
    if (anyC) {
      overparamGramBb(
        GH,
        P,
        x0,
        k,
        r,
        {
          depth: this.o.depth,
          alpha: this.o.alpha,
          lipschitz: this.lipschitz,
          tol: this.o.wTol,
          maxIter: this.o.wMaxIter,
          checkEvery: 5,
          layout: 'columns',
        },
        undefined,
        this.workspace,
        w,
      );
    }
    // A row with X_b·Hᵀ ≤ 0 has the exact solution 0 (G is positive semi-definite).
    for (let i = 0; i < r; i++) {
      let positive = false;
      for (let s = 0; s < k; s++) if (P[i * k + s] > 0) positive = true;
      if (!positive || !anyC) w.fill(0, i * k, (i + 1) * k);
    }
    const squaredNorm = batchSquaredNorm(X);
    return { squaredError: batchSquaredError(squaredNorm, P, w, r, k, GH), squaredNorm };
  }

  dispose(): void {
    this.workspace.dispose();
  }
}

/** Hᵀ (`m × k`) to start from: the user's H, else nndsvda (or random) on the first batch. */
function startingHt(
  first: RowBatch,
  o: ResolvedOnlineOptions,
  warnings: string[],
  warn: (w: string) => void,
): Float32Array {
  const k = o.rank;
  const m = first.cols;
  if (o.H) return transposeArray(o.H, k, m);
  let init = o.init;
  if (init === 'nndsvda' && k > Math.min(first.rows, m)) {
    const w = `init 'nndsvda' on the first batch needs rank ≤ its ${first.rows} rows; used 'random'`;
    warnings.push(w);
    warn(w);
    init = 'random';
  }
  const X =
    first.kind === 'csr'
      ? {
          indptr: first.indptr.slice(0, first.rows + 1),
          indices: first.indices.slice(0, first.indptr[first.rows]),
          values: first.values.slice(0, first.indptr[first.rows]),
          shape: [first.rows, m] as [number, number],
        }
      : { data: first.data.slice(0, first.rows * m), shape: [first.rows, m] as [number, number] };
  if (init === 'random') {
    // scikit-learn's scale √(mean(X)/k), the mean of the first batch.
    const v = first.kind === 'csr' ? X.values! : (X as { data: Float32Array }).data;
    let sum = 0;
    for (let i = 0; i < v.length; i++) sum += v[i];
    const avg = Math.sqrt(sum / (first.rows * m) / k) || 1;
    const rng = new Rng(o.seed);
    return Float32Array.from(rng.normals(m * k), (x) => Math.abs(x) * avg);
  }
  const data = readData(X, {}, 'the first batch');
  try {
    const f = initialize(data, k, 'nndsvda', o.seed);
    const h = f.H.dataSync() as Float32Array;
    tf.dispose([f.W, f.H]);
    return transposeArray(h, k, m);
  } finally {
    data.dispose();
  }
}

/**
 * Online NMF of the rows of `source` (see the file's header). `onW`, when given, receives W
 * block by block in row order during the final pass (await it to write to a file).
 * Never holds more than one batch of X.
 */
export async function factorizeOnline(
  source: RowSource,
  options: OnlineNmfOptions,
  onW?: (block: WBlock) => void | Promise<void>,
): Promise<OnlineNmfResult> {
  const o = resolveOnlineOptions(options, source.cols);
  const start = performance.now();
  const k = o.rank;
  const m = source.cols;
  const n = source.rows;
  const warnings: string[] = [];
  const warn = (w: string) => o.onWarning?.(w);
  const solver = new WSolver(Math.min(o.batchSize, Math.max(n, 1)), k, o);
  const hWorkspace = new GramBbWorkspace();
  let ht: Float32Array | undefined;
  let htNext: Float32Array = new Float32Array(m * k);
  const Bt = new Float64Array(m * k);
  const A = new Float64Array(k * k);
  let batches = 0;
  try {
    for (let pass = 1; pass <= o.passes; pass++) {
      let batch = 0;
      for await (const X of source.batches(o.batchSize)) {
        checkAborted(o.signal);
        if (!ht) {
          ht = startingHt(X, o, warnings, warn);
          solver.setH(ht, m);
        }
        const fit = solver.solve(X, ht);
        const w = solver.w.subarray(0, X.rows * k);
        const rho = n > 0 ? o.forgetFactor ** (X.rows / n) : 1;
        const GW = gramOfRows(w, X.rows, k);
        for (let i = 0; i < A.length; i++) A[i] = rho * A[i] + GW[i];
        accumulateXtW(X, w, k, rho, Bt);
        updateH(A, Bt, ht, htNext, k, m, o, hWorkspace);
        [ht, htNext] = [htNext, ht];
        solver.setH(ht, m);
        batches++;
        batch++;
        o.onBatch?.({
          pass,
          batch,
          rowsDone: X.start + X.rows,
          batchRelativeError: Math.sqrt(fit.squaredError / (fit.squaredNorm || 1)),
          seconds: (performance.now() - start) / 1000,
        });
      }
    }
    if (!ht) throw runtimeError(`${source.name} has no rows`);
    let sqError = NaN;
    let sqNorm = NaN;
    if (o.finalPass) {
      const final = await finalPass(source, ht, solver, o, onW);
      sqError = final.sqError;
      sqNorm = final.sqNorm;
      batches += final.batches;
    }
    const H = transposeArray(ht, m, k);
    deadComponents(H, k, m, warnings, warn);
    const { H: _h, onBatch: _b, onWarning: _w, signal: _s, ...serializable } = o;
    return {
      H,
      shape: [k, m],
      nSamples: n,
      passes: o.passes,
      batches,
      reconstructionError: Math.sqrt(sqError),
      relativeError: sqNorm > 0 ? Math.sqrt(sqError / sqNorm) : Math.sqrt(sqError),
      seconds: (performance.now() - start) / 1000,
      workBytes: solver.bytes + (3 * 4 + 7 * 8 + 8) * m * k + 2 * 8 * k * k,
      warnings,
      options: serializable,
    };
  } finally {
    solver.dispose();
    hWorkspace.dispose();
  }
}

/** H (as Hᵀ into `out`) = argmin_{H ≥ 0} ½tr(HᵀAH) − tr(BᵀH) from Hᵀ = `ht`. */
function updateH(
  A: Float64Array,
  Bt: Float64Array,
  ht: Float32Array,
  out: Float32Array,
  k: number,
  m: number,
  o: ResolvedOnlineOptions,
  workspace: GramBbWorkspace,
): void {
  overparamGramBb(
    A,
    Bt,
    ht,
    k,
    m,
    {
      depth: o.depth,
      alpha: o.alpha,
      lipschitz: largestEigenvalueSmall(A, k),
      tol: o.hTol,
      maxIter: o.hMaxIter,
      checkEvery: 5,
      layout: 'columns',
    },
    undefined,
    workspace,
    out,
  );
}

async function finalPass(
  source: RowSource,
  ht: Float32Array,
  solver: WSolver,
  o: ResolvedOnlineOptions,
  onW?: (block: WBlock) => void | Promise<void>,
): Promise<{ sqError: number; sqNorm: number; batches: number }> {
  let sqError = 0;
  let sqNorm = 0;
  let batches = 0;
  for await (const block of solveBlocks(source, ht, solver, o)) {
    sqError += block.squaredError;
    sqNorm += block.squaredNorm;
    batches++;
    await onW?.(block);
  }
  return { sqError, sqNorm, batches };
}

async function* solveBlocks(
  source: RowSource,
  ht: Float32Array,
  solver: WSolver,
  o: Pick<ResolvedOnlineOptions, 'batchSize' | 'signal'>,
): AsyncGenerator<WBlock> {
  solver.setH(ht, source.cols);
  for await (const X of source.batches(o.batchSize)) {
    checkAborted(o.signal);
    const fit = solver.solve(X, ht);
    yield {
      start: X.start,
      rows: X.rows,
      k: solver.k,
      w: solver.w.subarray(0, X.rows * solver.k),
      ...fit,
    };
  }
}

/** Options of `transformOnline` (the W half of `factorizeOnline`'s options). */
export type OnlineTransformOptions = Partial<
  Pick<ResolvedOnlineOptions, 'batchSize' | 'wMaxIter' | 'wTol' | 'alpha' | 'depth' | 'signal'>
>;

/**
 * W (`nSamples × k`) for the rows of `source` with H (`k × nFeatures`, row-major) fixed, block
 * by block in row order, each block's arrays valid until the next is requested.
 */
export async function* transformOnline(
  source: RowSource,
  H: Float32Array,
  k: number,
  options: OnlineTransformOptions = {},
): AsyncGenerator<WBlock> {
  const o = resolveOnlineOptions({ rank: k, H, ...options }, source.cols);
  const ht = transposeArray(H, k, source.cols);
  const solver = new WSolver(Math.min(o.batchSize, Math.max(source.rows, 1)), k, o);
  try {
    yield* solveBlocks(source, ht, solver, o);
  } finally {
    solver.dispose();
  }
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw runtimeError('online NMF interrupted');
}

/** Warns about components whose row of H is all zero. */
function deadComponents(
  H: Float32Array,
  k: number,
  m: number,
  warnings: string[],
  warn: (w: string) => void,
): void {
  const dead: number[] = [];
  for (let t = 0; t < k; t++) {
    let any = false;
    for (let j = 0; j < m && !any; j++) any = H[t * m + j] > 0;
    if (!any) dead.push(t);
  }
  if (dead.length === 0) return;
  const w = `${dead.length} component(s) of H are zero (${dead.join(', ')}): fewer components were found than the rank`;
  warnings.push(w);
  warn(w);
}
