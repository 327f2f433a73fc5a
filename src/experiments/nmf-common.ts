/**
 * Shared parts of the NMF experiments: a seeded, scaled random initialization (sklearn's
 * `random` init times a scale s, so that every method starts from the same factors), one fit
 * through `factorize`, and the factor measures read back as numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadDataset, type Dataset, type DatasetOptions } from '../datasets';
import { isCsr } from '../linalg/csr';
import { factorize } from '../nmf';
import { hoyerSparseness } from '../nmf/metrics';
import type { NmfIterationInfo, NmfOptions } from '../nmf/options';
import { Rng } from '../random';

export interface DatasetSpec {
  name: string;
  options: DatasetOptions;
  rank: number;
}

/** An NMF method: its `factorize` options and the initial scale s (W₀ = s·W_rand, H₀ = s·H_rand). */
export interface NmfMethod {
  label: string;
  options: Omit<NmfOptions, 'rank' | 'seed' | 'init' | 'W' | 'H' | 'maxIter' | 'tol'>;
  initScale: number;
}

export interface FitMeasures {
  relativeError: number;
  /** Mean Hoyer sparseness of the columns of W (activations) and of the rows of H (parts). */
  sparsenessW: number;
  sparsenessH: number;
  /** Σ_t ‖W[:, t]‖₁·‖H[t, :]‖₁: an l1 size of the factorization, invariant to rescaling W D, D⁻¹H. */
  l1Mass: number;
  iterations: number;
  /** Whether the fit reached the target relative error (true when no target was set). */
  reachedTarget: boolean;
}

export interface Fit extends FitMeasures {
  /** H (`rank × nFeatures`) read back. */
  H: { data: Float32Array; shape: [number, number] };
  history: NmfIterationInfo[];
  seconds: number;
}

export async function loadSpec(spec: DatasetSpec): Promise<Dataset> {
  return loadDataset(spec.name, spec.options);
}

function meanOf(d: Dataset): number {
  const [rows, cols] = d.shape;
  const values = isCsr(d.X) ? d.X.values : d.X.data;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / (rows * cols);
}

/** sklearn's random init, √(mean(X)/k)·|N(0, 1)|, times `scale`, from `seed`. */
export function scaledRandomInit(d: Dataset, rank: number, seed: number, scale: number) {
  const [rows, cols] = d.shape;
  const rng = new Rng(seed);
  const avg = Math.sqrt(meanOf(d) / rank) * scale;
  const draw = (n: number) => Float32Array.from({ length: n }, () => avg * Math.abs(rng.normal()));
  const H = { data: draw(rank * cols), shape: [rank, cols] as [number, number] };
  const W = { data: draw(rows * rank), shape: [rows, rank] as [number, number] };
  return { W, H };
}

/**
 * Fits one method from the shared scaled init; disposes every tensor it creates. With
 * `targetError`, the error is checked after every iteration and the fit stops at the first
 * one whose relative error is at most the target (or at `maxIter`), so that methods can be
 * compared at equal error rather than at equal iteration counts.
 */
export async function fitNmf(
  d: Dataset,
  rank: number,
  method: NmfMethod,
  seed: number,
  maxIter: number,
  targetError?: number,
): Promise<Fit> {
  const { W, H } = scaledRandomInit(d, rank, seed, method.initScale);
  const stop = new AbortController();
  const r = await factorize(d.X, {
    ...method.options,
    rank,
    seed,
    init: 'custom',
    W,
    H,
    maxIter,
    tol: 0,
    ...(targetError === undefined
      ? {}
      : {
          checkEvery: 1,
          signal: stop.signal,
          onIteration: (info: NmfIterationInfo) => {
            if (info.relativeError <= targetError) stop.abort();
          },
        }),
  });
  try {
    const Hdata = r.H.dataSync() as Float32Array;
    const Wdata = r.W.dataSync() as Float32Array;
    let l1Mass = 0;
    const [rows, cols] = d.shape;
    for (let t = 0; t < rank; t++) {
      let w = 0;
      let h = 0;
      for (let i = 0; i < rows; i++) w += Wdata[i * rank + t];
      for (let j = 0; j < cols; j++) h += Hdata[t * cols + j];
      l1Mass += w * h;
    }
    return {
      relativeError: r.relativeError,
      sparsenessW: hoyerSparseness(r.W, 'columns'),
      sparsenessH: hoyerSparseness(r.H, 'rows'),
      l1Mass,
      iterations: r.nIter,
      reachedTarget: targetError === undefined || r.relativeError <= targetError,
      H: { data: Float32Array.from(Hdata), shape: [rank, cols] },
      history: r.history,
      seconds: r.seconds,
    };
  } finally {
    tf.dispose([r.W, r.H]);
  }
}
