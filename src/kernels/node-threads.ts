/**
 * The Node.js thread host of the kernels (threads/host.ts): workers are `worker_threads`
 * running node-worker.ts (found beside this module, compiled into dist/), and a task's payload
 * reaches a worker through its own MessagePort, which the worker reads synchronously. Importing
 * this module installs the host; the Node entries do (src/index.ts, src/node.ts,
 * src/cli/main.ts, and test/setup.ts for the tests). Threads: NMFLOW_THREADS when set (≥ 1),
 * else the machine's available parallelism, at most 8.
 */
import { availableParallelism } from 'os';
import { join } from 'path';
import { MessageChannel, Worker } from 'worker_threads';
import { installThreadHost, type ThreadHost } from './threads/host';

/** The worker module: node-worker.js beside this file (node-worker.ts when run from source). */
const WORKER_MODULE = join(__dirname, `node-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);

export const nodeThreadHost: ThreadHost = {
  spawn(start, onFailure) {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER_MODULE, {
      workerData: { ...start, port: port2 },
      transferList: [port2],
    });
    // Workers never keep a process alive.
    worker.unref();
    port1.unref();
    let stopping = false;
    worker.on('error', (e) => onFailure(e));
    worker.on('exit', (code) => {
      if (!stopping) onFailure(new Error(`the worker exited with code ${code}`));
    });
    return {
      post: (message) => port1.postMessage(message),
      terminate() {
        stopping = true;
        port1.close();
        void worker.terminate();
      },
    };
  },
  defaultThreads() {
    const env = Number(process.env.NMFLOW_THREADS);
    if (Number.isInteger(env) && env >= 1) return env;
    return Math.max(1, Math.min(8, availableParallelism()));
  },
};

installThreadHost(nodeThreadHost);
