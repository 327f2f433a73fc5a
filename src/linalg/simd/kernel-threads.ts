/**
 * Worker threads that run the kernels of products.wat on one shared WebAssembly memory.
 *
 * A command splits into numbered chunks of rows, which the threads (the calling one and the
 * workers) claim one at a time from a shared counter; every chunk is computed by exactly one
 * thread, so its result never depends on the number of threads. The calling thread writes the
 * command into a shared Int32Array, bumps the sequence number and wakes the workers
 * (Atomics.notify), does its own chunks, then blocks (Atomics.wait) until every worker has
 * stamped the sequence number into its done slot: commands are synchronous, with no
 * event-loop round trip. Workers are unref'd (they never keep a process alive) and stop on
 * `dispose`.
 */
import { Worker } from 'worker_threads';

/** Command words: the operation, its pointers and sizes (byte offsets and counts). */
export interface KernelCommand {
  /** 0: timesTransposed into `out`; 1: transposedTimes into the accumulator of each chunk. */
  op: 0 | 1;
  x: number;
  factor: number;
  out: number;
  /** Bytes between the accumulators of consecutive chunks (op 1). */
  accStride: number;
  rows: number;
  cols: number;
  kp: number;
  chunkRows: number;
  chunks: number;
}

// The control words, in order: the command's sequence number, the stop flag, the command
// (op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks), one done slot per worker,
// the error flag and the next unclaimed chunk.
const SEQ = 0;
const STOP = 1;
const ARGS = 2;
const DONE = 12;
const MAX_WORKERS = 32;
const ERROR = DONE + MAX_WORKERS;
const NEXT = ERROR + 1;
const WORDS = NEXT + 1;
/** How long the calling thread waits for a worker before it gives up (ms). */
const WORKER_TIMEOUT_MS = 120_000;

/** Runs chunk c of a command on one wasm instance (the same code in every thread). */
function runChunk(exports: WebAssembly.Exports, a: Int32Array | number[], at: number, c: number) {
  const [op, x, factor, out, accStride, rows, cols, kp, chunkRows] = Array.from(
    a.slice(at, at + 9),
  );
  const r0 = c * chunkRows;
  const r1 = Math.min(rows, r0 + chunkRows);
  const fn = exports[op === 0 ? 'timesTransposed' : 'transposedTimes'] as (
    ...args: number[]
  ) => void;
  fn(x, factor, op === 0 ? out : out + c * accStride, r0, r1, cols, kp);
}

function commandWords(cmd: KernelCommand): number[] {
  const { op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks } = cmd;
  return [op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks];
}

/** Runs every chunk of the command on the calling thread alone. */
export function runOnThisThread(exports: WebAssembly.Exports, cmd: KernelCommand): void {
  const words = commandWords(cmd);
  for (let c = 0; c < cmd.chunks; c++) runChunk(exports, words, 0, c);
}

const WORKER_SOURCE = `
const { workerData } = require('worker_threads');
const { module, memory, control, index } = workerData;
const runChunk = ${runChunk.toString()};
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  Atomics.wait(ctl, ${SEQ}, seen);
  seen = Atomics.load(ctl, ${SEQ});
  if (Atomics.load(ctl, ${STOP})) break;
  try {
    const chunks = ctl[${ARGS} + 9];
    for (let c; (c = Atomics.add(ctl, ${NEXT}, 1)) < chunks; ) runChunk(exports, ctl, ${ARGS}, c);
  } catch (e) {
    Atomics.store(ctl, ${ERROR}, 1);
  }
  Atomics.store(ctl, ${DONE} + index - 1, seen);
  Atomics.notify(ctl, ${DONE} + index - 1);
}
`;

export class KernelThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  private readonly workers: Worker[] = [];
  private seq = 0;

  /**
   * @param exports the calling thread's instance of the kernels
   * @param workerCount worker threads besides the calling one (1 … 31)
   */
  constructor(
    private readonly exports: WebAssembly.Exports,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    workerCount: number,
  ) {
    for (let index = 1; index <= Math.min(workerCount, MAX_WORKERS); index++) {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index },
      });
      worker.unref();
      worker.on('error', () => Atomics.store(this.control, ERROR, 1));
      this.workers.push(worker);
    }
  }

  /** Runs every chunk of the command; returns when all threads are done. */
  run(cmd: KernelCommand): void {
    const words = commandWords(cmd);
    const ctl = this.control;
    words.forEach((w, i) => (ctl[ARGS + i] = w));
    // Every worker has stamped the previous command, so none can claim from this one early.
    Atomics.store(ctl, NEXT, 0);
    const seq = ++this.seq;
    Atomics.store(ctl, SEQ, seq);
    Atomics.notify(ctl, SEQ);
    for (let c; (c = Atomics.add(ctl, NEXT, 1)) < cmd.chunks;) runChunk(this.exports, words, 0, c);
    for (let w = 0; w < this.workers.length; w++) {
      while (Atomics.load(ctl, DONE + w) !== seq) {
        const got = Atomics.wait(ctl, DONE + w, Atomics.load(ctl, DONE + w), WORKER_TIMEOUT_MS);
        if (got === 'timed-out' && Atomics.load(ctl, DONE + w) !== seq) {
          throw new Error(
            `kernel worker thread ${w + 1} did not answer in ${WORKER_TIMEOUT_MS} ms`,
          );
        }
      }
    }
    if (Atomics.load(ctl, ERROR)) throw new Error('a kernel worker thread failed');
  }

  dispose(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    for (const w of this.workers) void w.terminate();
    this.workers.length = 0;
  }
}
