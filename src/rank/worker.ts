/**
 * A worker thread of pool.ts: starts the backend it is told to, then runs each job posted to
 * it with `runRankJob` and posts the result (or the error) back with the job's index.
 */
import { parentPort, workerData } from 'worker_threads';
import { initBackend } from '../backend';
import { NmflowError } from '../errors';
import { runRankJob, type DenseX, type FitSettings, type RankJob } from './jobs';
import type { WorkerReply } from './pool';

const { X, settings, backend } = workerData as {
  X: DenseX;
  settings: FitSettings;
  backend: string;
};
const ready = initBackend(backend);

parentPort!.on('message', async ({ index, job }: { index: number; job: RankJob }) => {
  let reply: WorkerReply;
  try {
    await ready;
    reply = { index, result: await runRankJob(X, job, settings) };
  } catch (err) {
    const e = err as Error;
    reply = {
      index,
      error: { kind: err instanceof NmflowError ? err.kind : undefined, message: e.message },
    };
  }
  parentPort!.postMessage(reply);
});
