/**
 * The worker's side: `startWorker` runs the jobs of the queue with the handlers of
 * handlers.ts, `concurrency` at a time, until `close()` (which lets the running jobs finish).
 *
 * A handler that throws an NmflowError of kind `usage`, `input` or `numeric` (bad input: the
 * same job would fail again anywhere) fails its job at once, without retries (BullMQ's
 * UnrecoverableError); any other error is retried on the job's next attempt. The failure
 * message is `[kind] message`, read back by the coordinator.
 *
 * `lockMs` is BullMQ's lock duration: a worker that dies mid-job (killed, machine lost) stops
 * renewing its lock, and after at most about 1.5 × lockMs another worker takes the job over.
 */
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { NmflowError } from '../errors';
import { connect, DEFAULT_QUEUE, type RedisTarget } from './connection';
import { handlerFor, type Handler } from './handlers';

export interface WorkerOptions {
  /** Jobs run at once by this process (default 1). */
  concurrency?: number;
  /** Lock duration in milliseconds (default 30000). */
  lockMs?: number;
  /** The tfjs backend this process runs on; jobs asking for another are refused. */
  backend: string;
  /**
   * Handlers for job names beyond those of handlers.ts (e.g. the CLI's `experiment-task`, whose
   * code lives in a layer above this one).
   */
  handlers?: Record<string, Handler>;
  /** Called when a job starts, finishes or fails. */
  onEvent?: (message: string) => void;
}

export interface RunningWorker {
  /** Stops taking jobs, waits for the running ones, closes the connections. */
  close(): Promise<void>;
}

const BAD_INPUT = new Set(['usage', 'input', 'numeric']);

export async function startWorker(
  target: RedisTarget,
  options: WorkerOptions,
): Promise<RunningWorker> {
  const connection = connect(target.url);
  const lockMs = options.lockMs ?? 30000;
  const worker = new Worker(
    target.queue ?? DEFAULT_QUEUE,
    async (job: Job) => {
      const expected = (job.data as { backend?: string }).backend;
      if (expected !== undefined && expected !== options.backend) {
        throw new UnrecoverableError(
          `[usage] job ${job.id} was made on backend ${expected} but this worker runs ${options.backend}: start the worker with --backend ${expected} (the results must be those of a local run)`,
        );
      }
      try {
        const handler = options.handlers?.[job.name] ?? handlerFor(job.name);
        return await handler(job.data, { connection });
      } catch (err) {
        const kind = err instanceof NmflowError ? err.kind : 'runtime';
        const message = `[${kind}] ${(err as Error).message}`;
        if (BAD_INPUT.has(kind)) throw new UnrecoverableError(message);
        throw new Error(message);
      }
    },
    {
      connection,
      concurrency: options.concurrency ?? 1,
      lockDuration: lockMs,
      stalledInterval: Math.max(100, Math.round(lockMs / 2)),
      maxStalledCount: 2,
    },
  );
  worker.on('active', (job) => options.onEvent?.(`job ${job.id} (${job.name}) started`));
  worker.on('completed', (job) => options.onEvent?.(`job ${job.id} (${job.name}) done`));
  worker.on('failed', (job, err) =>
    options.onEvent?.(`job ${job?.id} (${job?.name}) failed: ${err.message}`),
  );
  worker.on('error', (err) => options.onEvent?.(`worker error: ${err.message}`));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
