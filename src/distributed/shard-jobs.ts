/**
 * The workers' half of a sharded fit (sharded.ts is the coordinator's):
 *
 * - `shard-stats`: the shard's shape, Σx and Σx² (float64).
 * - `shard-w`: given H (`k × nFeatures`), solves the shard's rows of W exactly,
 *   Wᵢ = argmin_{W ≥ 0} ‖Xᵢ − W H‖ (the Gram form G = HHᵀ, C = HXᵢᵀ, by the NNLS engine the
 *   coordinator names, `active-set` by default), and returns WᵢᵀWᵢ (`k × k`) and WᵢᵀXᵢ
 *   (`k × nFeatures`) in float64, from Wᵢ rounded to float32 as the single-process fit holds
 *   it; with `returnW`, Wᵢ itself (`rows × k`, float32).
 *
 * The W half depends on H only (an exact solve, so not on its warm start): any worker can run
 * any shard's job, and a job retried elsewhere returns the same numbers.
 */
import { POLISH_RATIO, POLISH_SWEEPS } from '../nmf/polish';
import { loopSweeps } from '../kernels/js/sweep-kernel';
import { nnlsGram } from '../nnls';
import { pack, unpack32, type Packed } from './codec';
import { gramOfRows, hTimesXt, loadShard, shardSums, wtTimesX, type ShardSpec } from './shard-data';
import type { Handler } from './job-handler';

export interface ShardStatsData {
  shard: ShardSpec;
}

export interface ShardStats {
  rows: number;
  cols: number;
  sum: number;
  sqNorm: number;
}

export interface ShardWData {
  backend: string;
  shard: ShardSpec;
  k: number;
  /** H, `k × nFeatures`, float32. */
  H: Packed;
  nnlsSolver: string;
  seed: number;
  returnW?: boolean;
  /**
   * The final polish (polish.ts): H (`k × nFeatures`, float32) that the rows solved from `H`
   * are then swept against (POLISH_SWEEPS coordinate-descent sweeps per row), as the single
   * process's fit ends; the results are then those of the polished rows (float64).
   */
  polishWith?: Packed;
}

export interface ShardWResult {
  /** WᵢᵀWᵢ, `k × k`, float64. */
  gram: Packed;
  /** WᵢᵀXᵢ, `k × nFeatures`, float64. */
  wtx: Packed;
  /** Wᵢ, `rows × k`, float32 (with `returnW`). */
  W?: Packed;
}

/** The transpose of A (`rows × cols`). */
function transpose(A: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(A.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = A[i * cols + j];
  return out;
}

/** HHᵀ (`k × k`, float64) of H `k × m`. */
function rowGram(H: Float32Array, k: number, m: number): Float64Array {
  const G = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += H[a * m + j] * H[b * m + j];
      G[a * k + b] = G[b * k + a] = s;
    }
  }
  return G;
}

/** Solves min_{x ≥ 0} ½tr(xᵀGx) − tr(Cᵀx), x `k × r`, by `solver`; float32 x. */
export async function solveGram(
  G: Float64Array,
  C: Float64Array,
  k: number,
  r: number,
  solver: string,
  seed: number,
): Promise<Float32Array> {
  const res = await nnlsGram(
    { data: G, shape: [k, k] },
    { data: C, shape: [k, r] },
    { solver, seed },
  );
  const x = res.x.dataSync() as Float32Array;
  res.x.dispose();
  return Float32Array.from(x);
}

async function shardW(d: ShardWData): Promise<ShardWResult> {
  const X = await loadShard(d.shard);
  const H = unpack32(d.H);
  const { k } = d;
  const m = X.cols;
  const n = X.rows;
  const xt = await solveGram(rowGram(H, k, m), hTimesXt(X, H, k), k, n, d.nnlsSolver, d.seed);
  const W32 = new Float32Array(n * k);
  for (let t = 0; t < k; t++) for (let r = 0; r < n; r++) W32[r * k + t] = xt[t * n + r];
  let W: Float32Array | Float64Array = W32;
  if (d.polishWith) {
    const Hp = unpack32(d.polishWith);
    const P = transpose(hTimesXt(X, Hp, k), k, n);
    W = Float64Array.from(W32);
    loopSweeps(W, rowGram(Hp, k, m), P, 0, n, k, POLISH_SWEEPS, POLISH_RATIO);
  }
  return {
    gram: pack(gramOfRows(W, n, k)),
    wtx: pack(wtTimesX(X, W, k)),
    ...(d.returnW ? { W: pack(W) } : {}),
  };
}

async function stats(d: ShardStatsData): Promise<ShardStats> {
  const X = await loadShard(d.shard);
  return { rows: X.rows, cols: X.cols, ...shardSums(X) };
}

export const shardHandlers: Record<string, Handler> = {
  'shard-stats': (d) => stats(d as ShardStatsData),
  'shard-w': (d) => shardW(d as ShardWData),
};
