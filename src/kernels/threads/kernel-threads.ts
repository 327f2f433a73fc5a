/**
 * The kernels' thread pool: workers (worker-loop.ts, started by the installed ThreadHost) that
 * run the kernels of products.wat on one shared WebAssembly memory, and the named chunk tasks
 * of task-registry.ts on shared typed arrays. This file imports no platform module: see host.ts.
 *
 * A command splits into numbered chunks of rows, which the threads (the calling one and the
 * workers) claim one at a time from a shared counter; every chunk is computed by exactly one
 * thread, so its result never depends on the number of threads. The calling thread writes the
 * command into a shared Int32Array, bumps the sequence number and wakes the workers
 * (Atomics.notify), does its own chunks, then blocks (Atomics.wait) until every worker that
 * was ready when the command was published has stamped the sequence number into its done slot
 * (a worker still starting does not hold up a product; a task waits for all workers, which
 * must each read its message): commands are synchronous, with no event-loop round trip. A task's name and payload are posted to each worker only when they are not among
 * the last POSTED_TASKS posted (a post costs a structured clone on each side): what changes from
 * one task to the next had better be in shared memory. Typed arrays in the payload must live on
 * SharedArrayBuffers for the threads to write into them.
 *
 * A chunk that throws on a worker is reported to the caller as an Error carrying the worker's
 * message (and its stack, as `cause`); the pool stays usable for the next command.
 */
import { threadHost, type KernelWorker } from './host';
import {
  ARGS,
  DONE,
  ERROR,
  ERROR_SLOT_BYTES,
  MAX_WORKERS,
  NEXT,
  POSTED_TASKS,
  READY,
  SEQ,
  STOP,
  WORDS,
  commandWords,
  readFailure,
  runChunk,
  type KernelCommand,
} from './protocol';
import { taskFunction, type ChunkTask } from './task-registry';

export type { KernelCommand } from './protocol';
export { runTaskOnThisThread, type ChunkTask } from './task-registry';

/** How long the calling thread waits for a worker before it gives up (ms). */
const WORKER_TIMEOUT_MS = 120_000;
/** The longest single wait of a thread for the other side's notify (ms); see awaitWorkers. */
const WAIT_SLICE_MS = 1;

/** Runs every chunk of the command on the calling thread alone. */
export function runOnThisThread(exports: WebAssembly.Exports, cmd: KernelCommand): void {
  const words = commandWords(cmd);
  for (let c = 0; c < cmd.chunks; c++) runChunk(exports, words, 0, c);
}

/** Whether worker threads can be had here (a ThreadHost is installed, shared memory exists). */
export function threadsAvailable(): boolean {
  return threadHost() !== undefined;
}

export class KernelThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  private readonly errors = new SharedArrayBuffer(ERROR_SLOT_BYTES * (MAX_WORKERS + 1));
  /** What the workers hold: the last POSTED_TASKS tasks posted to them, with their keys. */
  private readonly posted: { task: string; payload: unknown; key: number }[] = [];
  private lastKey = 0;
  private readonly workers: KernelWorker[] = [];
  private seq = 0;
  /** Set when a worker failed outside a task or did not answer: the pool is then unusable. */
  private failure?: Error;

  /**
   * @param exports the calling thread's instance of the kernels
   * @param workerCount worker threads besides the calling one (1 … 31)
   * @param touch bytes [from, to) of memory that the workers make resident as they start, each
   *   its share (worker-loop.ts's touchPages), before they get ready
   */
  constructor(
    private readonly exports: WebAssembly.Exports,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    workerCount: number,
    touch?: readonly [number, number],
  ) {
    const host = threadHost();
    if (!host) throw new Error('KernelThreads: no thread host is installed (see host.ts)');
    const { control, errors } = this;
    // No command stamped yet: a worker stamps the sequence number it finds on getting ready.
    control.fill(-1, DONE, DONE + MAX_WORKERS);
    const count = Math.min(workerCount, MAX_WORKERS - 1);
    for (let index = 1; index <= count; index++) {
      const start = {
        module,
        memory,
        control: control.buffer as SharedArrayBuffer,
        errors,
        index,
        touch: touch && share(touch, index - 1, count),
      };
      this.workers.push(
        host.spawn(
          start,
          (e) =>
            (this.failure ??= new Error(`kernel worker thread ${index} failed: ${e.message}`, {
              cause: e,
            })),
        ),
      );
    }
  }

  /** Whether the pool can take commands (no worker failed outside a task). */
  get usable(): boolean {
    return this.failure === undefined && this.workers.length > 0;
  }

  /** Whether every worker has started and waits for commands (a task would not wait). */
  get ready(): boolean {
    return this.workers.every((_, w) => Atomics.load(this.control, READY + w) === 1);
  }

  /** Runs every chunk of the command; returns when all threads are done. */
  run(cmd: KernelCommand): void {
    const words = commandWords(cmd);
    this.dispatch(words, (c) => runChunk(this.exports, words, 0, c), false);
  }

  /** Runs every chunk of the task on the calling thread and the workers. */
  runTask(task: ChunkTask): void {
    const { payload, chunks } = task;
    const name = task.task;
    const run = taskFunction(name);
    let known = this.posted.find((p) => p.task === name && p.payload === payload);
    const post = !known;
    if (!known) {
      for (const worker of this.workers) worker.post({ task: name, payload });
      known = { task: name, payload, key: ++this.lastKey };
      this.posted.push(known);
      if (this.posted.length > POSTED_TASKS) this.posted.shift();
    }
    this.dispatch(
      [2, known.key, post ? 1 : 0, 0, 0, 0, 0, 0, 0, chunks, 0, 0, 0, 0],
      (c) => run(payload, c),
      true,
    );
  }

  /**
   * Publishes the command, claims chunks until none is left, and waits for the workers that
   * take part: those ready when it was published (a worker takes ≈50–70 ms to start, which the
   * first products of a fit need not wait for), or with `everyWorker` all of them, once ready
   * (a task's message is posted to every worker, which must read it).
   */
  private dispatch(words: number[], runHere: (chunk: number) => void, everyWorker: boolean): void {
    if (this.failure) throw this.failure;
    const chunks = words[9];
    const ctl = this.control;
    if (everyWorker) this.awaitReady();
    words.forEach((w, i) => (ctl[ARGS + i] = w));
    // Every worker has stamped the previous command or was not ready for it (then it ignores
    // the command published when it got ready), so none can claim from this one early.
    Atomics.store(ctl, NEXT, 0);
    Atomics.store(ctl, ERROR, 0);
    const seq = ++this.seq;
    Atomics.store(ctl, SEQ, seq);
    Atomics.notify(ctl, SEQ);
    // Read after publishing: a worker ready by now either takes part or stamps this command on
    // getting ready; one that gets ready later ignores it (worker-loop.ts).
    const joined = this.workers.map((_, w) => Atomics.load(ctl, READY + w) === 1);
    try {
      for (let c; (c = Atomics.add(ctl, NEXT, 1)) < chunks;) runHere(c);
    } finally {
      this.awaitWorkers(seq, joined);
    }
    if (Atomics.load(ctl, ERROR)) throw this.workerError();
  }

  /**
   * Blocks until every worker is ready for commands and has stamped the last one published (as
   * done, or as seen when it got ready): it then takes part in the next.
   */
  private awaitReady(): void {
    const ctl = this.control;
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    for (let w = 0; w < this.workers.length; w++) {
      for (;;) {
        if (Atomics.load(ctl, READY + w) !== 1) Atomics.wait(ctl, READY + w, 0, WAIT_SLICE_MS);
        else {
          const done = Atomics.load(ctl, DONE + w);
          if (done === this.seq) break;
          Atomics.wait(ctl, DONE + w, done, WAIT_SLICE_MS);
        }
        if (this.failure) throw this.failure;
        if (performance.now() > deadline) {
          this.failure = new Error(
            `kernel worker thread ${w + 1} did not start in ${WORKER_TIMEOUT_MS} ms`,
          );
          throw this.failure;
        }
      }
    }
  }

  /** The first failing worker's error (message, and its stack as `cause`); clears every slot. */
  private workerError(): Error {
    let error: Error | undefined;
    for (let w = 1; w <= this.workers.length; w++) {
      const failure = readFailure(this.errors, w);
      if (!failure || error) continue;
      const cause = new Error(failure.message);
      cause.stack = failure.stack;
      error = new Error(`kernel worker thread ${w}: ${failure.message}`, { cause });
      error.stack = `${error.stack}\nfrom the worker: ${failure.stack}`;
    }
    return error ?? new Error('a kernel worker thread failed');
  }

  /**
   * Blocks until every worker that `joined` command `seq` has stamped it done. The waits are short and
   * repeated: on Node 20 a wait on the main thread now and then misses its notify (seen about
   * once in a few hundred commands: the worker's stamp was there, the wait ran to its timeout),
   * so a missed notify costs at most WAIT_SLICE_MS. A worker that does not answer in
   * WORKER_TIMEOUT_MS makes the pool unusable (its owner then starts another).
   */
  private awaitWorkers(seq: number, joined: boolean[]): void {
    const ctl = this.control;
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    for (let w = 0; w < this.workers.length; w++) {
      if (!joined[w]) continue;
      for (let done; (done = Atomics.load(ctl, DONE + w)) !== seq;) {
        Atomics.wait(ctl, DONE + w, done, WAIT_SLICE_MS);
        if (performance.now() > deadline && Atomics.load(ctl, DONE + w) !== seq) {
          this.failure = new Error(
            `kernel worker thread ${w + 1} did not answer in ${WORKER_TIMEOUT_MS} ms`,
          );
          throw this.failure;
        }
      }
    }
  }

  /**
   * Stops the pool: its workers leave their loop and go back to the host, which keeps them for
   * the next pool; those of a pool that failed are terminated.
   */
  dispose(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    for (const w of this.workers) {
      if (this.failure || !w.release) w.terminate();
      else w.release();
    }
    this.workers.length = 0;
  }
}

/** A zero-filled Float64Array on a SharedArrayBuffer (a plain one where there is none). */
export function sharedFloat64(length: number): Float64Array {
  return new Float64Array(sharedBuffer(8 * length));
}

/** A zero-filled Float32Array on a SharedArrayBuffer (a plain one where there is none). */
export function sharedFloat32(length: number): Float32Array {
  return new Float32Array(sharedBuffer(4 * length));
}

function sharedBuffer(bytes: number): ArrayBufferLike {
  return typeof SharedArrayBuffer === 'function'
    ? new SharedArrayBuffer(bytes)
    : new ArrayBuffer(bytes);
}

/** Share `part` of `count` of the byte range [from, to): a contiguous slice, the last the end's. */
function share(range: readonly [number, number], part: number, count: number): [number, number] {
  const [from, to] = range;
  const size = Math.ceil((to - from) / count);
  return [from + part * size, Math.min(to, from + (part + 1) * size)];
}
