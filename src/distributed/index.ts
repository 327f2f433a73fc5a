/**
 * Work spread over processes and machines through a Redis server and BullMQ (Node only):
 * workers (`startWorker`), sweeps of independent fits (`runJobs`), and one factorization
 * across row shards (`factorizeSharded`).
 */
export { checkRedisUrl, DEFAULT_QUEUE, type RedisTarget } from './connection';
export { openJobs, runJobs, runId, type JobClient, type JobSpec } from './coordinator';
export { startWorker, type RunningWorker, type WorkerOptions } from './worker';
export {
  factorizeSharded,
  rowShards,
  type ShardedFitOptions,
  type ShardedFitResult,
} from './sharded';
export type { ShardSpec } from './shard-data';
export { putBlob, type BlobMatrix } from './blob';
export {
  unpackRankResult,
  type FitJobData,
  type FitJobResult,
  type PackedRankResult,
  type RankJobData,
} from './sweep-jobs';
export {
  experimentTasksOnRedis,
  fitsOnRedis,
  rankJobsOnRedis,
  type ExperimentTaskJobData,
} from './sweeps';
export { packDeep, unpackDeep } from './codec';
