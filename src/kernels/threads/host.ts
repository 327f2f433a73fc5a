/**
 * What the kernels' thread pool needs from its platform, injected so that the pool imports no
 * Node built-in: spawning a worker that runs the worker module (worker-loop.ts), posting to it,
 * terminating it, and the number of threads to use.
 *
 * `src/kernels/node-threads.ts` installs the Node.js host (worker_threads); the Node entries load
 * it: `src/index.ts` (the package's main, `require('nmflow')`), `src/node.ts` (`nmflow/node`),
 * `src/cli/main.ts` (the CLI) and, for the tests, `test/setup.ts`. Where no host is installed (a
 * browser bundle), every kernel and chunk task runs on the calling thread alone, with the same
 * bits as on any number of threads.
 */

/** What a worker gets at its start (structured-cloned to it). */
export interface WorkerStart {
  /** products.wat compiled, instantiated by the worker on `memory`. */
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** The pool's control words (see protocol.ts). */
  control: SharedArrayBuffer;
  /** The workers' error slots (see protocol.ts). */
  errors: SharedArrayBuffer;
  /** The worker's number, 1 … 31 (the calling thread is 0). */
  index: number;
  /**
   * Bytes [from, to) of `memory` the worker makes resident before it gets ready (worker-loop.ts's
   * `touchPages`), while the calling thread fills them: see KernelMemory.startThreadsFor.
   */
  touch?: readonly [number, number];
}

/** The pool's side of one worker. */
export interface KernelWorker {
  /**
   * Queues a message for the worker, which reads it synchronously (see worker-loop.ts's
   * `receive`) when a command says one was posted.
   */
  post(message: unknown): void;
  /** Stops the worker. */
  terminate(): void;
  /**
   * Hands back a worker its pool has stopped (it left worker-loop.ts's loop, or will): the host
   * may keep it, booted, for the next pool's `spawn` (else it terminates it).
   */
  release?(): void;
}

export interface ThreadHost {
  /**
   * Starts a worker running `runWorker` of worker-loop.ts with `start`; `onFailure` is called
   * when the worker fails outside a task (it could not start, or it died).
   */
  spawn(start: WorkerStart, onFailure: (error: Error) => void): KernelWorker;
  /** Threads for the kernels, the calling one included (≥ 1). */
  defaultThreads(): number;
  /**
   * Boots workers ahead of use, up to `count` kept idle (a worker takes ≈50 ms to start): the
   * next `spawn`s take them instead of starting new ones. Settles once they have booted.
   */
  prestart?(count: number): Promise<void> | void;
}

let installed: ThreadHost | undefined;

/** Installs the platform's host (node-threads.ts does, for Node.js); undefined removes it. */
export function installThreadHost(host: ThreadHost | undefined): void {
  installed = host;
}

/** The installed host, if any, and only where shared memory exists. */
export function threadHost(): ThreadHost | undefined {
  return typeof SharedArrayBuffer === 'function' ? installed : undefined;
}

/** Threads for the kernels: the host's choice, 1 where there is none. */
export function defaultThreads(): number {
  return threadHost()?.defaultThreads() ?? 1;
}
