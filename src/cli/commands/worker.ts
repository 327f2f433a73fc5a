/**
 * `nmflow worker --redis URL [--concurrency N]`: runs the jobs that `compare`, `rank` and
 * `factorize` and `experiment` with
 * `--redis URL` put on the queue, until SIGINT or SIGTERM; then it stops
 * taking jobs, lets the running ones finish and exits 0. Start one per core on each machine
 * (with the same backend as the coordinator: jobs made on another backend are refused).
 */
import type { Argv } from 'yargs';
import {
  checkRedisUrl,
  packDeep,
  startWorker,
  unpackDeep,
  type ExperimentTaskJobData,
} from '../../distributed';
import { runExperimentTask, type ExperimentRunRef } from '../../experiments';
import { usageError } from '../../errors';
import { defineCommand, type GlobalArgs } from '../context';

type WorkerArgs = { redis: string; concurrency: number; queue: string; 'lock-ms': number };

export const workerCommand = defineCommand<WorkerArgs>({
  command: 'worker',
  describe: 'run the jobs of compare/rank/factorize/experiment --redis (until Ctrl-C)',
  examples: [
    ['$0 worker --redis redis://127.0.0.1:6379', 'one job at a time'],
    ['$0 worker --redis redis://queue-host:6379 --concurrency 2', 'two at a time'],
  ],
  builder: (y: Argv<GlobalArgs>) =>
    y
      .option('redis', {
        type: 'string',
        demandOption: true,
        describe: 'Redis server URL, redis://HOST:PORT',
      })
      .option('concurrency', { type: 'number', default: 1, describe: 'jobs run at once' })
      .option('queue', { type: 'string', default: 'nmflow', describe: 'queue name' })
      .option('lock-ms', {
        type: 'number',
        default: 30000,
        describe: 'job lock in ms: a dead worker’s job moves to another after ≈1.5× this',
      }) as unknown as Argv<GlobalArgs & WorkerArgs>,
  run: async (args, ctx) => {
    const url = checkRedisUrl(args.redis);
    for (const flag of ['concurrency', 'lock-ms'] as const) {
      const v = args[flag];
      if (!Number.isInteger(v) || v < 1) {
        throw usageError(`option --${flag} must be an integer ≥ 1, got ${v}`);
      }
    }
    const worker = await startWorker(
      { url, queue: args.queue },
      {
        concurrency: args.concurrency,
        lockMs: args['lock-ms'],
        backend: ctx.backend.name,
        // Experiments sit above the distributed layer: their tasks are registered from here.
        handlers: {
          'experiment-task': async (d) => {
            const job = d as ExperimentTaskJobData;
            const run = { ...job, scale: job.scale as ExperimentRunRef['scale'] };
            return packDeep(await runExperimentTask({ ...run, input: unpackDeep(job.input) }));
          },
        },
        onEvent: (m) => ctx.note(`worker: ${m}`),
      },
    );
    ctx.note(
      `worker: ready on ${url} (queue ${args.queue}, ${args.concurrency} at a time, backend ${ctx.backend.name}); Ctrl-C stops`,
    );
    const signal = await new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    });
    ctx.note(`worker: ${signal}: finishing the running jobs`);
    await worker.close();
    ctx.result({ stopped: signal }, `worker stopped (${signal})`);
  },
});
