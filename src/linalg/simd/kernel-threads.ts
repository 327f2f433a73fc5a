/**
 * Worker threads that run the kernels of products.wat on one shared WebAssembly memory, and
 * JavaScript chunk tasks (`ChunkTask`) on shared typed arrays.
 *
 * A command splits into numbered chunks of rows, which the threads (the calling one and the
 * workers) claim one at a time from a shared counter; every chunk is computed by exactly one
 * thread, so its result never depends on the number of threads. The calling thread writes the
 * command into a shared Int32Array, bumps the sequence number and wakes the workers
 * (Atomics.notify), does its own chunks, then blocks (Atomics.wait) until every worker has
 * stamped the sequence number into its done slot: commands are synchronous, with no
 * event-loop round trip. Workers are unref'd (they never keep a process alive) and stop on
 * `dispose`. A task's source and payload reach each worker through its own MessagePort, read
 * synchronously (`receiveMessageOnPort`) when the command starts, and only when they are not
 * among the last POSTED_TASKS posted (a post costs ≈3 KB of garbage and a structured clone on
 * each side): what changes from one task to the next had better be in shared memory. Typed
 * arrays in the payload must live on SharedArrayBuffers for the threads to write into them.
 */
import { MessageChannel, type MessagePort, Worker } from 'worker_threads';

/**
 * Work cut into numbered chunks: `source` is a self-contained function expression
 * `(payload, chunk) => void`, compiled once per thread and source; `payload` is structured-cloned
 * to each worker unless it is the object (and source) of a recent task, so a payload must not
 * be changed after its first use: make a new one, or keep what changes in shared memory.
 */
export interface ChunkTask {
  source: string;
  payload: unknown;
  chunks: number;
}

/** The workers keep this many of the last tasks posted to them, by key (and hold them). */
const POSTED_TASKS = 8;

type CompiledTask = (payload: unknown, chunk: number) => void;

const compiledTasks = new Map<string, CompiledTask>();

/** The task's function, compiled on first use (the same cache idea as in the workers). */
export function compileTask(source: string): CompiledTask {
  let f = compiledTasks.get(source);
  if (!f) {
    f = new Function(`return ${source}`)() as CompiledTask;
    compiledTasks.set(source, f);
  }
  return f;
}

/** Runs every chunk of the task on the calling thread alone, in order. */
export function runTaskOnThisThread(task: ChunkTask): void {
  const f = compileTask(task.source);
  for (let c = 0; c < task.chunks; c++) f(task.payload, c);
}

/** Command words: the operation, its pointers and sizes (byte offsets and counts). */
export interface KernelCommand {
  /**
   * 0: timesTransposed into `out`; 1: transposedTimes into the accumulator of each chunk;
   * 2: a ChunkTask (`x` its key, `factor` 1 when it was posted to the workers' ports with this
   * command, the other words unused); 3: csrTimes into `out` (`x` is then X's indptr, `cols`
   * unused); 4: csrScatter into the accumulator of each chunk (`x` X's indptr, `cols` X's
   * columns).
   */
  op: 0 | 1 | 2 | 3 | 4;
  x: number;
  factor: number;
  out: number;
  /** Bytes between the accumulators of consecutive chunks (ops 1 and 4). */
  accStride: number;
  rows: number;
  cols: number;
  kp: number;
  chunkRows: number;
  chunks: number;
  /** X's column indices and values (ops 3 and 4). */
  indices: number;
  values: number;
  /** Bytes per stored column index, 2 or 4 (ops 3 and 4). */
  isz: number;
}

// The control words, in order: the command's sequence number, the stop flag, the command
// (op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks, indices, values, isz), one
// done slot per worker, the error flag and the next unclaimed chunk.
const SEQ = 0;
const STOP = 1;
const ARGS = 2;
const DONE = ARGS + 13;
const MAX_WORKERS = 32;
const ERROR = DONE + MAX_WORKERS;
const NEXT = ERROR + 1;
const WORDS = NEXT + 1;
/** How long the calling thread waits for a worker before it gives up (ms). */
const WORKER_TIMEOUT_MS = 120_000;
/** The longest single wait of a thread for the other side's notify (ms); see awaitWorkers. */
const WAIT_SLICE_MS = 1;
/** The same for an idle worker waiting for the next command (ms). */
const IDLE_SLICE_MS = 20;

/** Runs chunk c of a command on one wasm instance (the same code in every thread). */
function runChunk(exports: WebAssembly.Exports, a: Int32Array | number[], at: number, c: number) {
  // The words of commandWords, read one by one (a destructuring would allocate per chunk).
  const op = a[at];
  const x = a[at + 1];
  const factor = a[at + 2];
  const out = a[at + 3];
  const accStride = a[at + 4];
  const cols = a[at + 6];
  const kp = a[at + 7];
  const chunkRows = a[at + 8];
  const r0 = c * chunkRows;
  const r1 = Math.min(a[at + 5], r0 + chunkRows);
  const indices = a[at + 10];
  const values = a[at + 11];
  const isz = a[at + 12];
  const kernel = (name: string) => exports[name] as (...args: number[]) => void;
  if (op === 0) kernel('timesTransposed')(x, factor, out, r0, r1, cols, kp);
  else if (op === 1) kernel('transposedTimes')(x, factor, out + c * accStride, r0, r1, cols, kp);
  else if (op === 3) kernel('csrTimes')(x, indices, values, factor, out, r0, r1, kp, isz);
  else kernel('csrScatter')(x, indices, values, factor, out + c * accStride, r0, r1, kp, cols, isz);
}

function commandWords(cmd: KernelCommand): number[] {
  const { op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks, indices, values, isz } =
    cmd;
  return [op, x, factor, out, accStride, rows, cols, kp, chunkRows, chunks, indices, values, isz];
}

/** Runs every chunk of the command on the calling thread alone. */
export function runOnThisThread(exports: WebAssembly.Exports, cmd: KernelCommand): void {
  const words = commandWords(cmd);
  for (let c = 0; c < cmd.chunks; c++) runChunk(exports, words, 0, c);
}

const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('worker_threads');
const { module, memory, control, index, port } = workerData;
const posted = new Map(); // key → { task, payload }: the last ${POSTED_TASKS} tasks posted
const runChunk = ${runChunk.toString()};
const tasks = new Map();
const compileTask = (source) => {
  let f = tasks.get(source);
  if (!f) tasks.set(source, (f = new Function('return ' + source)()));
  return f;
};
const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
const ctl = new Int32Array(control);
let seen = 0;
for (;;) {
  while (Atomics.load(ctl, ${SEQ}) === seen) Atomics.wait(ctl, ${SEQ}, seen, ${IDLE_SLICE_MS});
  seen = Atomics.load(ctl, ${SEQ});
  if (Atomics.load(ctl, ${STOP})) break;
  try {
    const chunks = ctl[${ARGS} + 9];
    if (ctl[${ARGS}] === 2) {
      const key = ctl[${ARGS} + 1];
      if (ctl[${ARGS} + 2]) {
        const { source, payload } = receiveMessageOnPort(port).message;
        posted.set(key, { task: compileTask(source), payload });
        posted.delete(key - ${POSTED_TASKS});
      }
      const { task, payload } = posted.get(key);
      for (let c; (c = Atomics.add(ctl, ${NEXT}, 1)) < chunks; ) task(payload, c);
    } else {
      for (let c; (c = Atomics.add(ctl, ${NEXT}, 1)) < chunks; ) runChunk(exports, ctl, ${ARGS}, c);
    }
  } catch (e) {
    Atomics.store(ctl, ${ERROR}, 1);
  }
  Atomics.store(ctl, ${DONE} + index - 1, seen);
  Atomics.notify(ctl, ${DONE} + index - 1);
}
`;

export class KernelThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(4 * WORDS));
  /** What the workers hold: the last POSTED_TASKS tasks posted to them, with their keys. */
  private readonly posted: { source: string; payload: unknown; key: number }[] = [];
  private lastKey = 0;
  private readonly workers: Worker[] = [];
  private readonly ports: MessagePort[] = [];
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
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory, control: this.control.buffer, index, port: port2 },
        transferList: [port2],
      });
      worker.unref();
      port1.unref();
      this.ports.push(port1);
      worker.on('error', () => Atomics.store(this.control, ERROR, 1));
      this.workers.push(worker);
    }
  }

  /** Runs every chunk of the command; returns when all threads are done. */
  run(cmd: KernelCommand): void {
    const words = commandWords(cmd);
    this.dispatch(words, (c) => runChunk(this.exports, words, 0, c));
  }

  /** Runs every chunk of the task on the calling thread and the workers. */
  runTask(task: ChunkTask): void {
    const { source, payload, chunks } = task;
    let known = this.posted.find((p) => p.source === source && p.payload === payload);
    const post = !known;
    if (!known) {
      for (const port of this.ports) port.postMessage({ source, payload });
      known = { source, payload, key: ++this.lastKey };
      this.posted.push(known);
      if (this.posted.length > POSTED_TASKS) this.posted.shift();
    }
    const f = compileTask(source);
    this.dispatch([2, known.key, post ? 1 : 0, 0, 0, 0, 0, 0, 0, chunks, 0, 0, 0], (c) =>
      f(payload, c),
    );
  }

  private dispatch(words: number[], runHere: (chunk: number) => void): void {
    const chunks = words[9];
    const ctl = this.control;
    words.forEach((w, i) => (ctl[ARGS + i] = w));
    // Every worker has stamped the previous command, so none can claim from this one early.
    Atomics.store(ctl, NEXT, 0);
    const seq = ++this.seq;
    Atomics.store(ctl, SEQ, seq);
    Atomics.notify(ctl, SEQ);
    try {
      for (let c; (c = Atomics.add(ctl, NEXT, 1)) < chunks;) runHere(c);
    } finally {
      this.awaitWorkers(seq);
    }
    if (Atomics.load(ctl, ERROR)) throw new Error('a kernel worker thread failed');
  }

  /**
   * Blocks until every worker has stamped command `seq` as done. The waits are short and
   * repeated: on Node 20 a wait on the main thread now and then misses its notify (seen about
   * once in a few hundred commands: the worker's stamp was there, the wait ran to its timeout),
   * so a missed notify costs at most WAIT_SLICE_MS.
   */
  private awaitWorkers(seq: number): void {
    const ctl = this.control;
    const deadline = performance.now() + WORKER_TIMEOUT_MS;
    for (let w = 0; w < this.workers.length; w++) {
      for (let done; (done = Atomics.load(ctl, DONE + w)) !== seq;) {
        Atomics.wait(ctl, DONE + w, done, WAIT_SLICE_MS);
        if (performance.now() > deadline && Atomics.load(ctl, DONE + w) !== seq) {
          throw new Error(
            `kernel worker thread ${w + 1} did not answer in ${WORKER_TIMEOUT_MS} ms`,
          );
        }
      }
    }
  }

  dispose(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
    for (const w of this.workers) void w.terminate();
    for (const p of this.ports) p.close();
    this.workers.length = 0;
    this.ports.length = 0;
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
