/**
 * The body of a kernel worker thread, whatever the platform: it instantiates products.wat on the
 * pool's memory, then waits for commands in the control words (protocol.ts) and claims their
 * chunks until none is left, stamping each command done (from the first command after it got
 * ready: the caller does not wait for a worker still starting, kernel-threads.ts). A task's name and payload arrive as a
 * message that `receive` reads synchronously, only when the command says one was posted. An
 * error in a chunk goes to the worker's error slot (message and stack) for the caller to throw;
 * the worker stays ready for the next command.
 */
import type { WorkerStart } from './host';
import {
  ARGS,
  DONE,
  ERROR,
  IDLE_SLICE_MS,
  NEXT,
  POSTED_TASKS,
  READY,
  SEQ,
  STOP,
  runChunk,
  writeFailure,
} from './protocol';
// tasks.ts lists every task: loading it registers them all on this worker.
import { taskFunction, thisThread } from './tasks';
import { kernelInstance } from '../wasm/kernel-imports';

/** What the pool posts with a task command. */
export interface TaskMessage {
  task: string;
  payload: unknown;
}

interface Posted {
  run: (payload: unknown, chunk: number) => void;
  payload: unknown;
}

/** Bytes per page of memory as the OS maps it (Linux and macOS on x86-64: 4 KiB). */
const PAGE_BYTES = 4096;

/**
 * Makes every page of bytes [from, to) of a shared memory resident, the last first, by an atomic
 * OR of 0 into one word of each: the contents stay as they are whoever writes them meanwhile,
 * and the cost of a fresh page's first write (the OS's fault: ≈10 µs a page, 2.5–3 ms a MB on a
 * Firecracker VM) falls on this thread instead of the one that fills the memory from the front.
 */
export function touchPages(buffer: ArrayBufferLike, from: number, to: number): void {
  const words = new Int32Array(buffer, 0, Math.min(to, buffer.byteLength) >> 2);
  const first = Math.ceil(from / 4);
  for (let w = words.length - 1; w >= first; w -= PAGE_BYTES / 4) Atomics.or(words, w, 0);
}

/**
 * Runs commands until the pool stops (then returns: the worker may serve another pool);
 * `receive` returns the next posted message.
 */
export function runWorker(start: WorkerStart, receive: () => TaskMessage | undefined): void {
  const { module, memory, control, errors, index, touch } = start;
  const exports = kernelInstance(module, memory).exports;
  if (touch) touchPages(memory.buffer, touch[0], touch[1]);
  const ctl = new Int32Array(control);
  thisThread.index = index;
  const posted = new Map<number, Posted>();
  // Ready: from the next command on this worker takes part. The one in flight now, if any, is
  // not its own: the caller either did not count it in (it read this flag before), or reads
  // this stamp (kernel-threads.ts, dispatch).
  Atomics.store(ctl, READY + index - 1, 1);
  Atomics.notify(ctl, READY + index - 1);
  let seen = Atomics.load(ctl, SEQ);
  Atomics.store(ctl, DONE + index - 1, seen);
  Atomics.notify(ctl, DONE + index - 1);
  for (;;) {
    // A pool stopped before this worker got ready (its last sequence number already seen here)
    // is left at once too: the worker goes back to its host (node-worker.ts).
    while (Atomics.load(ctl, SEQ) === seen && !Atomics.load(ctl, STOP)) {
      Atomics.wait(ctl, SEQ, seen, IDLE_SLICE_MS);
    }
    seen = Atomics.load(ctl, SEQ);
    if (Atomics.load(ctl, STOP)) break;
    try {
      const chunks = ctl[ARGS + 9];
      if (ctl[ARGS] === 2) {
        const key = ctl[ARGS + 1];
        if (ctl[ARGS + 2]) {
          const message = receive();
          if (!message) throw new Error(`task ${key} was not posted to the worker`);
          posted.set(key, { run: taskFunction(message.task), payload: message.payload });
          posted.delete(key - POSTED_TASKS);
        }
        const task = posted.get(key);
        if (!task) throw new Error(`task ${key} is not among the worker's last posted`);
        for (let c; (c = Atomics.add(ctl, NEXT, 1)) < chunks;) task.run(task.payload, c);
      } else {
        for (let c; (c = Atomics.add(ctl, NEXT, 1)) < chunks;) runChunk(exports, ctl, ARGS, c);
      }
    } catch (e) {
      writeFailure(errors, index, e);
      Atomics.store(ctl, ERROR, 1);
    }
    Atomics.store(ctl, DONE + index - 1, seen);
    Atomics.notify(ctl, DONE + index - 1);
  }
}
