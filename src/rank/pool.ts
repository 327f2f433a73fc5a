/**
 * Rank-selection jobs on worker threads (Node only): each worker loads worker.ts (a real
 * module file), starts the same tfjs backend as this thread, and runs the jobs it is handed,
 * one at a time, with `runRankJob`. X goes to the workers once, on a SharedArrayBuffer. Each
 * job is deterministic, so the results (kept in job order) are those of a sequential run.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';
import { Worker } from 'worker_threads';
import { NmflowError, type ErrorKind } from '../errors';
import type { DenseX, FitSettings, RankJob, RankJobResult } from './jobs';

/** What a worker posts back for job `index`. */
export type WorkerReply =
  | { index: number; result: RankJobResult }
  | { index: number; error: { kind?: ErrorKind; message: string } };

export async function runOnThreads(
  X: DenseX,
  jobs: RankJob[],
  settings: FitSettings,
  threads: number,
  onDone: (result: RankJobResult) => void,
): Promise<RankJobResult[]> {
  const shared = new Float32Array(new SharedArrayBuffer(X.data.length * 4));
  shared.set(X.data);
  const backend = tf.getBackend();
  const results: RankJobResult[] = new Array(jobs.length);
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      let failed = false;
      const feed = (w: Worker) => {
        if (failed) return;
        if (next >= jobs.length) {
          if (running === 0) resolve();
          return;
        }
        const index = next++;
        running++;
        w.postMessage({ index, job: jobs[index] });
      };
      const count = Math.min(threads, jobs.length);
      for (let t = 0; t < count; t++) {
        const w = new Worker(path.join(__dirname, 'worker.js'), {
          workerData: { X: { data: shared, shape: X.shape }, settings, backend },
        });
        workers.push(w);
        w.on('message', (reply: WorkerReply) => {
          running--;
          if ('error' in reply) {
            failed = true;
            reject(new NmflowError(reply.error.kind ?? 'runtime', reply.error.message));
            return;
          }
          results[reply.index] = reply.result;
          onDone(reply.result);
          feed(w);
        });
        w.on('error', (err) => {
          failed = true;
          reject(err);
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
