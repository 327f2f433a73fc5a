/**
 * The coordinator's side: `runJobs` adds a list of jobs to the queue and returns their results
 * in the list's order, whatever worker ran each and in whatever order they finished.
 *
 * Job ids are `<run id>-<index>`, the run id a hash of everything the results depend on, so a
 * coordinator started again on the same inputs (after being killed) finds the jobs already
 * queued or finished instead of adding them twice (and runs again those that failed); finished
 * and failed jobs are kept an hour. A job is tried
 * `attempts` times (a worker killed mid-job counts as a stall: BullMQ hands the job to another
 * worker once its lock expires); a job that fails for bad input fails at once (the worker
 * throws an UnrecoverableError) and `runJobs` rejects with its message.
 */
import { createHash } from 'crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import { NmflowError, type ErrorKind } from '../errors';
import { connect, DEFAULT_QUEUE, type RedisTarget } from './connection';

/** One job: a handler name (see handlers.ts) and its JSON-safe input. */
export interface JobSpec<D = unknown> {
  name: string;
  data: D;
}

export interface RunJobsOptions<R> {
  /** Tries per job (default 3). */
  attempts?: number;
  /** Called as each job finishes, with its index (any order). */
  onDone?: (result: R, index: number) => void;
}

/** A stable id for a run: a hash of its inputs (any JSON value). */
export function runId(inputs: unknown): string {
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 24);
}

/** What a worker's failure message carries: `[kind] message` (see worker.ts). */
export function errorFromFailure(reason: string): NmflowError {
  const m = /^\[(\w+)\] ([\s\S]*)$/.exec(reason);
  return new NmflowError((m ? m[1] : 'runtime') as ErrorKind, m ? m[2] : reason);
}

/** An open connection to the queue: `run` as often as needed, then `close`. */
export interface JobClient {
  /** Runs `jobs` and returns their results in order; `id` names the run (file comment). */
  run<R>(id: string, jobs: JobSpec[], options?: RunJobsOptions<R>): Promise<R[]>;
  close(): Promise<void>;
}

export async function openJobs(target: RedisTarget): Promise<JobClient> {
  const connection = connect(target.url);
  const name = target.queue ?? DEFAULT_QUEUE;
  const queue = new Queue(name, { connection });
  const eventsConnection = connect(target.url);
  const events = new QueueEvents(name, { connection: eventsConnection });
  events.setMaxListeners(0);
  await events.waitUntilReady();
  return {
    async run<R>(id: string, jobs: JobSpec[], options: RunJobsOptions<R> = {}) {
      // A job of an earlier try of this run that failed for good is run again, not reported.
      const old = await Promise.all(jobs.map((_, i) => Job.fromId(queue, `${id}-${i}`)));
      await Promise.all(
        old.map(async (job) => {
          if (job && (await job.isFailed())) await job.remove();
        }),
      );
      const added: Job[] = await queue.addBulk(
        jobs.map((j, i) => ({
          name: j.name,
          data: j.data,
          opts: {
            jobId: `${id}-${i}`,
            attempts: options.attempts ?? 3,
            removeOnComplete: { age: 3600 },
            removeOnFail: { age: 3600 },
          },
        })),
      );
      return Promise.all(
        added.map(async (job, i) => {
          let result: R;
          try {
            result = (await job.waitUntilFinished(events)) as R;
          } catch (err) {
            throw errorFromFailure((err as Error).message);
          }
          options.onDone?.(result, i);
          return result;
        }),
      );
    },
    async close() {
      await events.close();
      await queue.close();
      await eventsConnection.quit().catch(() => undefined);
      await connection.quit().catch(() => undefined);
    },
  };
}

/** Runs `jobs` on the workers of `target` and returns their results in order (one run). */
export async function runJobs<R>(
  target: RedisTarget,
  id: string,
  jobs: JobSpec[],
  options: RunJobsOptions<R> = {},
): Promise<R[]> {
  const client = await openJobs(target);
  try {
    return await client.run<R>(id, jobs, options);
  } finally {
    await client.close();
  }
}
