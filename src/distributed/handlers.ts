/** The job handlers a worker knows, by job name; an unknown name fails its job at once. */
import { usageError } from '../errors';
import type { Handler } from './job-handler';
import { shardHandlers } from './shard-jobs';
import { runFitJob, runRankJobData, type FitJobData, type RankJobData } from './sweep-jobs';

export type { Handler, HandlerContext } from './job-handler';

const HANDLERS: Record<string, Handler> = {
  rank: (d, c) => runRankJobData(d as RankJobData, c.connection),
  fit: (d, c) => runFitJob(d as FitJobData, c.connection),
  ...shardHandlers,
};

export function handlerFor(name: string): Handler {
  const h = HANDLERS[name];
  if (!h) {
    throw usageError(
      `unknown job "${name}"; this worker knows ${Object.keys(HANDLERS).join(', ')} (is it an older nmflow?)`,
    );
  }
  return h;
}
