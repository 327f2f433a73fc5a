/**
 * One fit of a rank selection (a "job"): a rank, a seed and a kind. Jobs are independent and
 * deterministic (same job, same backend ⇒ same result), so they may run in any order, on any
 * thread: `runRankJob` is what both the sequential loop and the worker threads call.
 *
 * - `cv`: X (`nSamples × nFeatures`) with a speckled hold-out (holdout.ts, chosen by the seed)
 *   marked missing, fitted at the rank; scored by the relative error on the held-out entries,
 *   √(Σ_held (x − (WH))² / Σ_held x²), and on the fitted ones.
 * - `consensus`: X fitted whole from a random start chosen by the seed; returns the argmax
 *   labels of W's rows (consensus.ts) and H (`rank × nFeatures`) for the stability scores.
 */
import * as tf from '@tensorflow/tfjs-core';
import { factorize } from '../nmf/factorize';
import type { ShapedFloat32 } from '../linalg/matrix';
import type { NmfInit, NmfSolver } from '../nmf/options';
import { argmaxLabels } from './consensus';
import { speckledHoldOut } from './holdout';

export interface RankJob {
  kind: 'cv' | 'consensus';
  rank: number;
  seed: number;
}

/** The fit settings every job of one selection shares (JSON-safe: they travel to workers). */
export interface FitSettings {
  solver: NmfSolver;
  maxIter: number;
  tol: number;
  /** Share of the entries held out by `cv` jobs. */
  holdOut: number;
  /** Initialization of `cv` fits (default `random`, by the seed; consensus fits: always random). */
  cvInit?: NmfInit;
}

export interface RankJobResult extends RankJob {
  /** cv: relative error on the held-out entries. */
  heldOutError?: number;
  /** cv: relative error on the fitted entries; consensus: on X. */
  fitError?: number;
  /** consensus: argmax of each row of W (−1 for an all-zero row). */
  labels?: Int32Array;
  /** consensus: H, `rank × nFeatures`, row-major. */
  H?: Float32Array;
  nIter: number;
  converged: boolean;
  warnings: string[];
}

/** A dense X as the jobs read it (row-major float32 with its shape). */
export type DenseX = ShapedFloat32;

export async function runRankJob(X: DenseX, job: RankJob, s: FitSettings): Promise<RankJobResult> {
  const [n, m] = X.shape;
  const base = { rank: job.rank, solver: s.solver, maxIter: s.maxIter, tol: s.tol, seed: job.seed };
  if (job.kind === 'cv') {
    const { mask, held } = speckledHoldOut(n, m, s.holdOut, job.seed);
    const r = await factorize(X, {
      ...base,
      init: s.cvInit ?? 'random',
      mask: { data: mask, shape: [n, m] },
    });
    const W = r.W.dataSync();
    const H = r.H.dataSync();
    tf.dispose([r.W, r.H]);
    let err = 0;
    let norm = 0;
    const k = job.rank;
    for (const e of held) {
      const i = Math.floor(e / m);
      const j = e - i * m;
      let wh = 0;
      for (let t = 0; t < k; t++) wh += W[i * k + t] * H[t * m + j];
      err += (X.data[e] - wh) ** 2;
      norm += X.data[e] ** 2;
    }
    return {
      ...job,
      heldOutError: Math.sqrt(err / (norm || 1)),
      fitError: r.relativeError,
      nIter: r.nIter,
      converged: r.converged,
      warnings: r.warnings,
    };
  }
  const r = await factorize(X, { ...base, init: 'random' });
  const labels = argmaxLabels(r.W.dataSync(), n, job.rank);
  const H = Float32Array.from(r.H.dataSync());
  tf.dispose([r.W, r.H]);
  return {
    ...job,
    labels,
    H,
    fitError: r.relativeError,
    nIter: r.nIter,
    converged: r.converged,
    warnings: r.warnings,
  };
}
