/**
 * One factorization X ≈ W H across workers (X `nSamples × nFeatures`, W `nSamples × k`,
 * H `k × nFeatures`), X split into row shards X₁ … X_S that the workers read themselves.
 * ANLS in Gram form, with each half-step solved exactly (default NNLS engine `active-set`):
 *
 *   per outer iteration t: the coordinator sends H (k × nFeatures, float32) with one job per
 *   shard; the worker solves its rows Wᵢ = argmin_{W ≥ 0} ‖Xᵢ − W H‖ and returns WᵢᵀWᵢ (k × k)
 *   and WᵢᵀXᵢ (k × nFeatures) in float64; the coordinator sums them in shard order (1, 2, …, S),
 *   solves the H half-step min_{H ≥ 0} ½tr(HᵀGH) − tr(CᵀH) with G = ΣWᵢᵀWᵢ, C = ΣWᵢᵀXᵢ by the
 *   same engine, and goes on with the new H.
 *
 * Communication per iteration and worker: O(k·nFeatures) numbers each way (H out; WᵢᵀXᵢ and
 * WᵢᵀWᵢ back), independent of the shard's row count; W never travels until the end.
 *
 * Agreement with single-process `factorize(X, { solver: 'anls', nnlsSolver: 'active-set',
 * init: 'random', extrapolate: false })`: the same iteration from the same start (H₀ as
 * init.ts draws it for the seed; the W half does not depend on W₀). What differs is rounding:
 * here WᵀX and WᵀW are summed in float64, row by row within a shard and then shard by shard,
 * where the single process forms WᵀX with tfjs in float32 over all rows at once; and the
 * single process ends with a coordinate-descent polish (polish.ts). Measured: relative errors
 * agree far within 1e-5 (test/distributed/sharded.test.ts).
 *
 * Stopping: after `maxIter` iterations, or (tol > 0) when the relative error decreased by less
 * than tol × its first value in one iteration. Checkpoints (src/checkpoint.ts) hold H and the
 * history; `resume` goes on from the last one, with the same iterates.
 */
import { hasCheckpoint, readCheckpoint, writeCheckpoint } from '../checkpoint';
import { usageError } from '../errors';
import { checkNumber } from '../options';
import { Rng } from '../random';
import { POLISH_RATIO, POLISH_SWEEPS } from '../nmf/polish';
import { loopSweeps } from '../kernels/js/sweep-kernel';
import { pack, unpack, unpack64 } from './codec';
import { openJobs, runId } from './coordinator';
import type { RedisTarget } from './connection';
import type { ShardSpec } from './shard-data';
import { solveGram, type ShardStats, type ShardWResult } from './shard-jobs';

export interface ShardedFitOptions {
  rank: number;
  /** Seed of H₀ (default 0). */
  seed?: number;
  /** Outer iterations (default 200). */
  maxIter?: number;
  /** Stopping tolerance (default 1e-4; 0: run maxIter iterations). */
  tol?: number;
  /** NNLS engine of both halves (default `active-set`, exact). */
  nnlsSolver?: string;
  /** The tfjs backend's name: workers on another backend refuse the jobs. */
  backend: string;
  /** Folder for checkpoints (every `checkpointEvery` iterations, default 10). */
  checkpoint?: string;
  checkpointEvery?: number;
  /** Go on from the checkpoint in `checkpoint`. */
  resume?: boolean;
  onIteration?: (info: { iteration: number; relativeError: number; seconds: number }) => void;
}

export interface ShardedFitResult {
  /** W, `nSamples × k`, row-major (the shards' rows in order). */
  W: Float32Array;
  /** H, `k × nFeatures`, row-major. */
  H: Float32Array;
  shape: [number, number];
  relativeError: number;
  nIter: number;
  converged: boolean;
  history: { iteration: number; relativeError: number }[];
  seconds: number;
  /** Rows of each shard. */
  shardRows: number[];
}

/** H₀ of init.ts's `random`: avg·|N(0,1)|, avg = √(mean(X)/k), H drawn first. */
function randomH(seed: number, mean: number, k: number, m: number): Float32Array {
  const rng = new Rng(seed);
  const avg = Math.sqrt(mean / k);
  return Float32Array.from(rng.normals(k * m), (x) => Math.abs(x) * avg);
}

/** ΣWᵢᵀWᵢ and ΣWᵢᵀXᵢ, summed in shard order. */
function summed(parts: ShardWResult[], k: number, m: number) {
  const G = new Float64Array(k * k);
  const C = new Float64Array(k * m);
  for (const p of parts) {
    const g = unpack64(p.gram);
    const c = unpack64(p.wtx);
    for (let i = 0; i < G.length; i++) G[i] += g[i];
    for (let i = 0; i < C.length; i++) C[i] += c[i];
  }
  return { G, C };
}

/** ‖X − WH‖² from ‖X‖², G = WᵀW, C = WᵀX and H. */
function squaredError(
  sqNorm: number,
  G: Float64Array,
  C: Float64Array,
  H: Float32Array,
  k: number,
  m: number,
): number {
  let cross = 0;
  for (let i = 0; i < k * m; i++) cross += C[i] * H[i];
  let quad = 0;
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let hh = 0;
      for (let j = 0; j < m; j++) hh += H[a * m + j] * H[b * m + j];
      quad += G[a * k + b] * hh;
    }
  }
  return Math.max(0, sqNorm - 2 * cross + quad);
}

export async function factorizeSharded(
  target: RedisTarget,
  shards: ShardSpec[],
  options: ShardedFitOptions,
): Promise<ShardedFitResult> {
  const start = performance.now();
  if (!Array.isArray(shards) || shards.length === 0) {
    throw usageError('factorizeSharded needs at least one shard');
  }
  const k = checkNumber('rank', options.rank, { min: 1, integer: true });
  const seed = checkNumber('seed', options.seed ?? 0, { integer: true });
  const maxIter = checkNumber('maxIter', options.maxIter ?? 200, { min: 1, integer: true });
  const tol = checkNumber('tol', options.tol ?? 1e-4, { min: 0 });
  const solver = options.nnlsSolver ?? 'active-set';
  const every = checkNumber('checkpointEvery', options.checkpointEvery ?? 10, {
    min: 1,
    integer: true,
  });
  const client = await openJobs(target);
  try {
    const stats = await client.run<ShardStats>(
      runId(['shard-stats', shards, Date.now(), Math.random()]),
      shards.map((shard) => ({ name: 'shard-stats', data: { shard } })),
    );
    const m = stats[0].cols;
    stats.forEach((s, i) => {
      if (s.cols !== m) {
        throw usageError(
          `shard ${i + 1} (${shards[i].file}) has ${s.cols} columns, shard 1 has ${m}`,
        );
      }
    });
    const n = stats.reduce((s, x) => s + x.rows, 0);
    if (k > Math.min(n, m))
      throw usageError(`rank ${k} exceeds min(nSamples, nFeatures) = ${Math.min(n, m)}`);
    const sum = stats.reduce((s, x) => s + x.sum, 0);
    const sqNorm = stats.reduce((s, x) => s + x.sqNorm, 0);
    const settings = { shards, stats, k, seed, solver, backend: options.backend };
    const base = runId(settings);
    let H = randomH(seed, sum / (n * m), k, m);
    let previousH = H;
    let iteration = 0;
    let history: { iteration: number; relativeError: number }[] = [];
    if (options.resume) {
      if (!options.checkpoint || !hasCheckpoint(options.checkpoint)) {
        throw usageError(
          `resume needs a checkpoint folder holding a checkpoint, got ${options.checkpoint}`,
        );
      }
      const c = readCheckpoint(options.checkpoint);
      if (c.meta.run !== base) {
        throw usageError(
          `the checkpoint in ${options.checkpoint} is of another sharded fit (other shards, rank, seed, solver or backend)`,
        );
      }
      iteration = c.iteration;
      H = c.factors.H.data;
      previousH = c.factors.previousH.data;
      history = c.history as typeof history;
    }
    const step = (Hs: Float32Array, t: number) =>
      client.run<ShardWResult>(
        runId([base, t]),
        shards.map((shard) => ({
          name: 'shard-w',
          data: {
            backend: options.backend,
            shard,
            k,
            H: pack(Hs),
            nnlsSolver: solver,
            seed,
          },
        })),
      );
    let converged = false;
    const first = history[0]?.relativeError;
    let firstError = first;
    while (iteration < maxIter && !converged) {
      const { G, C } = summed(await step(H, iteration + 1), k, m);
      previousH = H;
      H = await solveGram(G, C, k, m, solver, seed);
      iteration++;
      const relativeError = Math.sqrt(squaredError(sqNorm, G, C, H, k, m) / sqNorm);
      const last = history[history.length - 1]?.relativeError;
      history.push({ iteration, relativeError });
      firstError ??= relativeError;
      options.onIteration?.({
        iteration,
        relativeError,
        seconds: (performance.now() - start) / 1000,
      });
      if (tol > 0 && last !== undefined && (last - relativeError) / firstError < tol)
        converged = true;
      if (options.checkpoint && (iteration % every === 0 || converged || iteration === maxIter)) {
        writeCheckpoint(options.checkpoint, {
          iteration,
          options: { rank: k, seed, maxIter, tol, nnlsSolver: solver },
          history,
          factors: { H: { data: H, shape: [k, m] }, previousH: { data: previousH, shape: [k, m] } },
          meta: { run: base },
        });
      }
    }
    // The single process's last touch (polish.ts): W of the last iteration (the W half from the
    // H it started from) swept against the last H on the workers, then H swept against it here.
    const final = await client.run<ShardWResult>(
      runId([base, iteration, 'polish']),
      shards.map((shard) => ({
        name: 'shard-w',
        data: {
          backend: options.backend,
          shard,
          k,
          H: pack(previousH),
          polishWith: pack(H),
          nnlsSolver: solver,
          seed,
          returnW: true,
        },
      })),
    );
    const { G, C } = summed(final, k, m);
    const W = new Float32Array(n * k);
    let at = 0;
    for (const p of final) {
      const w = unpack(p.W!);
      for (let i = 0; i < w.length; i++) W[at + i] = w[i];
      at += w.length;
    }
    const Ht = new Float64Array(m * k);
    const Q = new Float64Array(m * k);
    for (let t = 0; t < k; t++) {
      for (let j = 0; j < m; j++) {
        Ht[j * k + t] = H[t * m + j];
        Q[j * k + t] = C[t * m + j];
      }
    }
    loopSweeps(Ht, G, Q, 0, m, k, POLISH_SWEEPS, POLISH_RATIO);
    for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) H[t * m + j] = Ht[j * k + t];
    const relativeError = Math.sqrt(squaredError(sqNorm, G, C, H, k, m) / sqNorm);
    return {
      W,
      H,
      shape: [n, m],
      relativeError,
      nIter: iteration,
      converged,
      history,
      seconds: (performance.now() - start) / 1000,
      shardRows: stats.map((s) => s.rows),
    };
  } finally {
    await client.close();
  }
}

/** Row ranges of `shards` equal parts of a file of `rows` rows: [⌊i·rows/S⌋, ⌊(i+1)·rows/S⌋). */
export function rowShards(file: string, rows: number, count: number): ShardSpec[] {
  if (!Number.isInteger(count) || count < 1 || count > rows) {
    throw usageError(`option --shards must be an integer from 1 to the ${rows} rows, got ${count}`);
  }
  return Array.from({ length: count }, (_, i) => ({
    file,
    rows: [Math.floor((i * rows) / count), Math.floor(((i + 1) * rows) / count)] as [
      number,
      number,
    ],
  }));
}
