/**
 * The implicit-bias explorer's computations. NNLS: the paper's underdetermined sparse-recovery
 * problem (A 10 × 50 Gaussian, x* 3-sparse, b = A x*, seed 11 as in the `implicit-bias`
 * experiment) solved by overparametrized gradient descent (x = u ⊙ u, u₀ = √α·1) for each α,
 * with Lawson–Hanson (`active-set`) and x* as references: every solution fits b (residual
 * ≈ 0), so their l1 norms compare at equal error. NMF: a data set (Swimmer by default)
 * factorized by MU for `maxIter` iterations, then by anls (overparam NNLS engine) for each α,
 * each stopped at the first iteration whose relative error is at most MU's: Hoyer sparseness
 * of W (columns) and H (rows) at equal error.
 */
import {
  factorize,
  generateNnlsProblem,
  hoyerSparseness,
  initBackend,
  nnls,
  type NmfOptions,
} from '../src/browser';
import { loadBuiltin } from './data/builtin';

export interface ExplorerConfig {
  /** The α values (default 1e-1, 3e-2, 1e-2, 1e-3, 1e-4). */
  alphas?: number[];
  /** Run the NMF side too (default true). */
  nmf?: boolean;
  /** The NMF data set (a built-in name; default swimmer), its rank (default 16). */
  dataset?: string;
  rank?: number;
  /** MU's iterations, which set the common error (default 100). */
  maxIter?: number;
  /** `webgl`, `wasm`, `cpu`, or `auto` (default), which here means wasm. */
  backend?: string;
}

/** One NNLS solution: its l1 norm, Hoyer sparseness, non-zeros (> 1e-3) and residual ‖Ax − b‖. */
export interface NnlsRun {
  label: string;
  alpha?: number;
  l1: number;
  hoyer: number;
  nonzeros: number;
  residual: number;
  iterations: number;
  x: number[];
}

/** One NMF fit at the common error. */
export interface NmfRun {
  label: string;
  alpha?: number;
  relativeError: number;
  iterations: number;
  hoyerW: number;
  hoyerH: number;
  H: Float32Array;
}

export interface ExplorerResult {
  backend: string;
  nnls: { runs: NnlsRun[]; lawsonHanson: NnlsRun; truth: NnlsRun };
  nmf?: { runs: NmfRun[]; targetError: number; imageShape?: [number, number]; rank: number };
}

export const DEFAULT_ALPHAS = [1e-1, 3e-2, 1e-2, 1e-3, 1e-4];

/** Hoyer sparseness of a vector: (√n − ‖x‖₁/‖x‖₂)/(√n − 1), 1 for one non-zero, 0 for constant. */
export function hoyer(x: ArrayLike<number>): number {
  let l1 = 0;
  let l2 = 0;
  for (let i = 0; i < x.length; i++) {
    l1 += Math.abs(x[i]);
    l2 += x[i] * x[i];
  }
  const r = Math.sqrt(x.length);
  return l2 === 0 ? 0 : (r - l1 / Math.sqrt(l2)) / (r - 1);
}

function describe(
  label: string,
  x: ArrayLike<number>,
  A: Float64Array,
  b: Float64Array,
  iterations: number,
  alpha?: number,
): NnlsRun {
  const n = x.length;
  let residual = 0;
  for (let i = 0; i < b.length; i++) {
    let r = -b[i];
    for (let j = 0; j < n; j++) r += A[i * n + j] * x[j];
    residual += r * r;
  }
  const values = Array.from(x);
  return {
    label,
    ...(alpha !== undefined ? { alpha } : {}),
    l1: values.reduce((s, v) => s + Math.abs(v), 0),
    hoyer: hoyer(values),
    nonzeros: values.filter((v) => v > 1e-3).length,
    residual: Math.sqrt(residual),
    iterations,
    x: values,
  };
}

/** The NNLS side: one solution per α, Lawson–Hanson and the truth x*. */
async function nnlsSide(alphas: number[]): Promise<ExplorerResult['nnls']> {
  const p = generateNnlsProblem({ m: 10, n: 50, s: 3, seed: 11 });
  const A = { data: Float32Array.from(p.A), shape: [p.m, p.n] as [number, number] };
  const b = Array.from(p.b);
  const solve = async (options: object) => {
    const r = await nnls(A, b, { maxIter: 20000, tol: 1e-7, ...options });
    const x = r.x.dataSync().slice();
    r.x.dispose();
    return { x, iterations: r.iterations };
  };
  const runs: NnlsRun[] = [];
  for (const alpha of alphas) {
    const r = await solve({ solver: 'overparam', alpha });
    runs.push(describe(`α = ${alpha}`, r.x, p.A, p.b, r.iterations, alpha));
  }
  const lh = await solve({ solver: 'active-set' });
  return {
    runs,
    lawsonHanson: describe('Lawson–Hanson', lh.x, p.A, p.b, lh.iterations),
    truth: describe('x*', p.xStar, p.A, p.b, 0),
  };
}

/** The NMF side: MU, then anls for each α, stopped at MU's error. */
async function nmfSide(c: ExplorerConfig, alphas: number[]): Promise<ExplorerResult['nmf']> {
  const data = await loadBuiltin(c.dataset ?? 'swimmer', 0);
  const rank = c.rank ?? 16;
  const fit = async (
    label: string,
    options: Partial<NmfOptions>,
    target?: number,
    alpha?: number,
  ) => {
    const stop = new AbortController();
    const r = await factorize(data.X, {
      rank,
      seed: 0,
      tol: 0,
      signal: stop.signal,
      onIteration: (i) => target !== undefined && i.relativeError <= target && stop.abort(),
      ...options,
    });
    const run: NmfRun = {
      label,
      ...(alpha !== undefined ? { alpha } : {}),
      relativeError: r.relativeError,
      iterations: r.nIter,
      hoyerW: hoyerSparseness(r.W, 'columns'),
      hoyerH: hoyerSparseness(r.H, 'rows'),
      H: (r.H.dataSync() as Float32Array).slice(),
    };
    r.W.dispose();
    r.H.dispose();
    return run;
  };
  const mu = await fit('MU', { solver: 'mu', maxIter: c.maxIter ?? 100 });
  const runs = [mu];
  for (const alpha of alphas) {
    runs.push(
      await fit(
        `anls α = ${alpha}`,
        // step 'bb': the overparametrized method alone (the default's APG finish hides the bias)
        { solver: 'anls', maxIter: 200, nnlsOptions: { alpha, step: 'bb' } },
        mu.relativeError,
        alpha,
      ),
    );
  }
  return { runs, targetError: mu.relativeError, imageShape: data.imageShape, rank };
}

/** Runs the explorer's problems on the chosen backend. */
export async function runExplorer(c: ExplorerConfig = {}): Promise<ExplorerResult> {
  // Its problems are tiny (A is 10 × 50): latency-bound on webgl (on SwiftShader the NNLS side
  // alone took 229 s against ~1 s on wasm), so `auto` means wasm here.
  const backend = await initBackend(!c.backend || c.backend === 'auto' ? 'wasm' : c.backend);
  const alphas = c.alphas ?? DEFAULT_ALPHAS;
  const nnlsResult = await nnlsSide(alphas);
  const nmf = c.nmf === false ? undefined : await nmfSide(c, alphas);
  return { backend: backend.name, nnls: nnlsResult, ...(nmf ? { nmf } : {}) };
}
