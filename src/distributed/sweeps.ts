/**
 * Sweeps on Redis workers: the rank selection's jobs (`rankJobsOnRedis`, a `runJobs` for
 * `selectRank`) and compare's fits (`fitsOnRedis`). X is stored once in Redis (blob.ts); each
 * job names it. The run id hashes X's key, the jobs, the settings and the backend, so the same
 * sweep started again reuses the jobs already done (a killed coordinator resumes).
 */
import type { DataMatrix } from '../datasets/types';
import type { NmfOptions } from '../nmf/options';
import type { DenseX, FitSettings, RankJob, RankJobResult } from '../rank/jobs';
import { putBlob } from './blob';
import { connect, type RedisTarget } from './connection';
import { packDeep, unpackDeep } from './codec';
import { runId, runJobs } from './coordinator';
import {
  unpackRankResult,
  type FitJobData,
  type FitJobResult,
  type PackedRankResult,
  type RankJobData,
} from './sweep-jobs';

async function storeX(target: RedisTarget, X: DataMatrix): Promise<string> {
  const redis = connect(target.url);
  try {
    const shape: [number, number] = [X.shape[0], X.shape[1]];
    return await putBlob(
      redis,
      'data' in X
        ? { data: Float32Array.from(X.data), shape }
        : {
            shape,
            indptr: Int32Array.from(X.indptr),
            indices: Int32Array.from(X.indices),
            values: Float32Array.from(X.values),
          },
    );
  } finally {
    await redis.quit().catch(() => undefined);
  }
}

/** `selectRank`'s `runJobs` on the workers of `target` (backend: this process's). */
export function rankJobsOnRedis(target: RedisTarget, backend: string) {
  return async (
    X: DenseX,
    jobs: RankJob[],
    settings: FitSettings,
    onDone: (r: RankJobResult) => void,
  ): Promise<RankJobResult[]> => {
    const blob = await storeX(target, X);
    const data: RankJobData[] = jobs.map((job) => ({ backend, blob, job, settings }));
    const packed = await runJobs<PackedRankResult>(
      target,
      runId(['rank', data]),
      data.map((d) => ({ name: 'rank', data: d })),
      { onDone: (r) => onDone(unpackRankResult(r)) },
    );
    return packed.map(unpackRankResult);
  };
}

/** One `factorize(X, options[i])` per entry on the workers of `target`, results in order. */
export async function fitsOnRedis(
  target: RedisTarget,
  backend: string,
  X: DataMatrix,
  options: NmfOptions[],
  onDone?: (r: FitJobResult, index: number) => void,
): Promise<FitJobResult[]> {
  const blob = await storeX(target, X);
  const data: FitJobData[] = options.map((o) => ({ backend, blob, options: o }));
  return runJobs<FitJobResult>(
    target,
    runId(['fit', data]),
    data.map((d) => ({ name: 'fit', data: d })),
    { onDone },
  );
}

/** Input of an `experiment-task` job: one task of a named experiment (src/experiments). */
export interface ExperimentTaskJobData {
  backend: string;
  experiment: string;
  scale: string;
  seed: number;
  task: string;
  /** The task's input, packed (codec.ts's packDeep). */
  input: unknown;
}

/**
 * The experiment runner's `runTasks` on the workers of `target`: one `experiment-task` job per
 * input, results (packed by the worker) unpacked and in the order of `inputs`.
 */
export function experimentTasksOnRedis(target: RedisTarget, backend: string) {
  return async (
    run: { experiment: string; scale: string; seed: number },
    task: string,
    inputs: unknown[],
    onDone?: (index: number) => void,
  ): Promise<unknown[]> => {
    const data: ExperimentTaskJobData[] = inputs.map((input) => ({
      backend,
      ...run,
      task,
      input: packDeep(input),
    }));
    const packed = await runJobs<unknown>(
      target,
      runId(['experiment-task', data]),
      data.map((d) => ({ name: 'experiment-task', data: d })),
      { onDone: (_r, i) => onDone?.(i) },
    );
    return packed.map(unpackDeep);
  };
}
