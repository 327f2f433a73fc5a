/**
 * A synthetic non-negative low-rank matrix with known factors: X = W H (+ noise), W
 * `rows × rank` and H `rank × cols` with entries uniform in [0, 1), seeded.
 * With `noise` > 0, Gaussian noise scaled to ‖E‖_F = noise · ‖W H‖_F is added and the result
 * clipped at 0 (so X stays non-negative); the clipped count is reported.
 */
import { checkKnownKeys, checkNumber } from '../options';
import { Rng } from '../random';
import type { DenseMatrix } from './types';

export interface LowRankOptions {
  rows?: number;
  cols?: number;
  rank?: number;
  /** Relative noise level ‖E‖_F / ‖W H‖_F (default 0). */
  noise?: number;
  seed?: number;
}

export const LOWRANK_DEFAULTS = { rows: 200, cols: 100, rank: 10, noise: 0, seed: 0 };

export interface LowRank {
  X: DenseMatrix;
  W: DenseMatrix;
  H: DenseMatrix;
  /** ‖X − W H‖_F / ‖W H‖_F after clipping. */
  relativeNoise: number;
  clipped: number;
}

export function generateLowRank(options: LowRankOptions = {}): LowRank {
  checkKnownKeys('lowrank', options, Object.keys(LOWRANK_DEFAULTS));
  const o = { ...LOWRANK_DEFAULTS };
  for (const [k, v] of Object.entries(options)) if (v !== undefined) Object.assign(o, { [k]: v });
  const rows = checkNumber('rows', o.rows, { min: 1, integer: true });
  const cols = checkNumber('cols', o.cols, { min: 1, integer: true });
  const rank = checkNumber('rank', o.rank, { min: 1, max: Math.min(rows, cols), integer: true });
  const noise = checkNumber('noise', o.noise, { min: 0 });
  const rng = new Rng(checkNumber('seed', o.seed, { integer: true }));
  const W = Float64Array.from({ length: rows * rank }, () => rng.uniform());
  const H = Float64Array.from({ length: rank * cols }, () => rng.uniform());
  const clean = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let r = 0; r < rank; r++) {
      const w = W[i * rank + r];
      for (let j = 0; j < cols; j++) clean[i * cols + j] += w * H[r * cols + j];
    }
  }
  const X = Float64Array.from(clean);
  let clipped = 0;
  if (noise > 0) {
    const E = rng.normals(rows * cols);
    const scale = (noise * norm(clean)) / norm(E);
    for (let k = 0; k < X.length; k++) {
      X[k] += scale * E[k];
      if (X[k] < 0) {
        X[k] = 0;
        clipped++;
      }
    }
  }
  const diff = X.map((v, k) => v - clean[k]);
  return {
    X: { data: Float32Array.from(X), shape: [rows, cols] },
    W: { data: Float32Array.from(W), shape: [rows, rank] },
    H: { data: Float32Array.from(H), shape: [rank, cols] },
    relativeNoise: norm(diff) / norm(clean),
    clipped,
  };
}

function norm(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}
