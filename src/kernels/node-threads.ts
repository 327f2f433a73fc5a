/**
 * The Node.js thread host of the kernels (threads/host.ts): workers are `worker_threads`
 * running node-worker.ts (found beside this module, compiled into dist/), and a pool's start and
 * a task's payload reach a worker through its own MessagePort, which the worker reads
 * synchronously. A worker whose pool stopped comes back here and serves the next pool (as many
 * are kept idle as the pools use workers; initBackend prestarts them): a worker takes ≈50 ms to
 * start. Importing this module installs the host; the Node entries do
 * (src/index.ts, src/node.ts, src/cli/main.ts, and test/setup.ts for the tests). Threads:
 * NMFLOW_THREADS when set (≥ 1), else the machine's available parallelism, at most 8.
 */
import { availableParallelism } from 'os';
import { join } from 'path';
import { MessageChannel, Worker, type MessagePort } from 'worker_threads';
import { installThreadHost, type ThreadHost } from './threads/host';

/** The worker module: node-worker.js beside this file (node-worker.ts when run from source). */
const WORKER_MODULE = join(__dirname, `node-worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);

/**
 * A started worker: idle until a pool takes it (its start posted on `port`, then counted in
 * `attach`); `onFailure` is its pool's while it has one.
 */
interface Booted {
  worker: Worker;
  port: MessagePort;
  attach: Int32Array;
  /** Settles once the worker has loaded its modules (then `loaded`), or has failed. */
  booted: Promise<void>;
  loaded: boolean;
  onFailure?: (error: Error) => void;
  stopping: boolean;
  dead: boolean;
}

/** The longest prestart waits for a worker to load its modules (ms): past it, it goes on. */
const BOOT_TIMEOUT_MS = 10_000;

/** Idle started workers, the oldest first: prestarted, or handed back by a stopped pool. */
const spares: Booted[] = [];
/** The most idle workers kept: the threads less the calling one, or more if prestart asked. */
let keep = 0;

function boot(): Booted {
  const { port1, port2 } = new MessageChannel();
  const attach = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER_MODULE, {
    workerData: { port: port2, attach },
    transferList: [port2],
  });
  // Workers never keep a process alive.
  worker.unref();
  port1.unref();
  // Settled by the worker's message once its modules are loaded, by its failure, or by the
  // timeout (a timer that keeps the process alive while a prestart waits for it).
  let settle = () => {};
  const booted = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, BOOT_TIMEOUT_MS);
    settle = () => {
      clearTimeout(timer);
      resolve();
    };
    worker.once('message', () => {
      b.loaded = true;
      settle();
    });
  });
  const b: Booted = {
    worker,
    port: port1,
    attach,
    booted,
    loaded: false,
    stopping: false,
    dead: false,
  };
  const fail = (e: Error) => {
    settle();
    b.dead = true;
    const i = spares.indexOf(b);
    if (i >= 0) spares.splice(i, 1);
    b.onFailure?.(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => {
    if (!b.stopping) fail(new Error(`the worker exited with code ${code}`));
  });
  return b;
}

function stop(b: Booted): void {
  b.stopping = true;
  b.port.close();
  void b.worker.terminate();
}

/** How many started workers wait idle for a pool now (for tests and diagnostics). */
export function idleWorkers(): number {
  return spares.length;
}

/** How many of those have loaded their modules (for tests and diagnostics). */
export function loadedIdleWorkers(): number {
  return spares.filter((b) => b.loaded).length;
}

export const nodeThreadHost: ThreadHost = {
  spawn(start, onFailure) {
    const b = spares.shift() ?? boot();
    b.onFailure = onFailure;
    b.port.postMessage({ start });
    Atomics.add(b.attach, 0, 1);
    Atomics.notify(b.attach, 0);
    return {
      post: (message) => b.port.postMessage(message),
      terminate: () => stop(b),
      release() {
        b.onFailure = undefined;
        if (b.dead || spares.length >= Math.max(keep, nodeThreadHost.defaultThreads() - 1)) stop(b);
        else spares.push(b);
      },
    };
  },
  defaultThreads() {
    const env = Number(process.env.NMFLOW_THREADS);
    if (Number.isInteger(env) && env >= 1) return env;
    return Math.max(1, Math.min(8, availableParallelism()));
  },
  prestart(count) {
    keep = Math.max(keep, count);
    while (spares.length < count) spares.push(boot());
    return Promise.all(spares.map((b) => b.booted)).then(() => undefined);
  },
};

installThreadHost(nodeThreadHost);
