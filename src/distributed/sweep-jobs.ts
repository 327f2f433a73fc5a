/**
 * The jobs of a sweep: independent, deterministic fits (same job, same backend ⇒ same result),
 * so a worker anywhere computes exactly what the local loop would.
 *
 * - `rank`: one fit of a rank selection (`runRankJob` of src/rank/jobs.ts, what the local
 *   loop and its worker threads call), X read from Redis by key.
 * - `fit`: one `factorize(X, options)` of `nmflow compare` (a method and a seed), returning the
 *   measures compare reports, H (`rank × nFeatures`) and the loss history.
 */
import * as tf from '@tensorflow/tfjs-core';
import type IORedis from 'ioredis';
import type { DataMatrix } from '../datasets/types';
import { usageError } from '../errors';
import { factorize } from '../nmf/factorize';
import { hoyerSparseness } from '../nmf/metrics';
import type { NmfOptions } from '../nmf/options';
import { runRankJob, type FitSettings, type RankJob, type RankJobResult } from '../rank/jobs';
import { getBlob, type BlobMatrix } from './blob';
import { pack, unpack, type Packed } from './codec';

/** Input of a `rank` job. */
export interface RankJobData {
  backend: string;
  blob: string;
  job: RankJob;
  settings: FitSettings;
}

/** A RankJobResult with its typed arrays packed. */
export type PackedRankResult = Omit<RankJobResult, 'labels' | 'H'> & {
  labels?: Packed;
  H?: Packed;
};

/** Input of a `fit` job: the options of `factorize` (JSON-safe: no callbacks). */
export interface FitJobData {
  backend: string;
  blob: string;
  options: NmfOptions;
}

/** What a `fit` job returns. */
export interface FitJobResult {
  relativeError: number;
  seconds: number;
  nIter: number;
  converged: boolean;
  sparsenessW: number;
  sparsenessH: number;
  l1W: number;
  l1H: number;
  H: Packed;
  hShape: [number, number];
  /** W (the report shows each component's top rows from it). */
  W: Packed;
  wShape: [number, number];
  history: { iteration: number; seconds: number; loss: number }[];
  warnings: string[];
}

function denseOf(m: BlobMatrix, job: string) {
  if (!('data' in m)) throw usageError(`a ${job} job needs a dense X`);
  return m;
}

export async function runRankJobData(d: RankJobData, redis: IORedis): Promise<PackedRankResult> {
  const X = denseOf(await getBlob(redis, d.blob), 'rank');
  const r = await runRankJob(X, d.job, d.settings);
  const { labels, H, ...rest } = r;
  return { ...rest, ...(labels ? { labels: pack(labels) } : {}), ...(H ? { H: pack(H) } : {}) };
}

export function unpackRankResult(p: PackedRankResult): RankJobResult {
  const { labels, H, ...rest } = p;
  return {
    ...rest,
    ...(labels ? { labels: unpack(labels) as Int32Array } : {}),
    ...(H ? { H: unpack(H) as Float32Array } : {}),
  };
}

function l1(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]);
  return s;
}

export async function runFitJob(d: FitJobData, redis: IORedis): Promise<FitJobResult> {
  const X = (await getBlob(redis, d.blob)) as DataMatrix;
  const r = await factorize(X, d.options);
  try {
    const W = { data: r.W.dataSync() as Float32Array, shape: r.W.shape as [number, number] };
    const H = { data: r.H.dataSync() as Float32Array, shape: r.H.shape as [number, number] };
    return {
      relativeError: r.relativeError,
      seconds: r.seconds,
      nIter: r.nIter,
      converged: r.converged,
      sparsenessW: hoyerSparseness(W, 'columns'),
      sparsenessH: hoyerSparseness(H, 'rows'),
      l1W: l1(W.data),
      l1H: l1(H.data),
      H: pack(H.data),
      hShape: H.shape,
      W: pack(W.data),
      wShape: W.shape,
      history: r.history.map((h) => ({ iteration: h.iteration, seconds: h.seconds, loss: h.loss })),
      warnings: r.warnings,
    };
  } finally {
    tf.dispose([r.W, r.H]);
  }
}
