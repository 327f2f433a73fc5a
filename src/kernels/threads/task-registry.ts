/**
 * The chunk tasks' registry: plain functions `(payload, chunk) => void` that the calling thread
 * and the worker threads run on shared memory, looked up by name. A ChunkTask names one of them;
 * nothing is compiled from text. This module imports nothing: the pool (kernel-threads.ts) and
 * the kernel memory (wasm/kernel-memory.ts) run tasks through it without importing the kernels
 * that define them, which import the kernel memory (no import cycle).
 *
 * The registry knows only the pool's own probe; tasks.ts, the one module that lists every task,
 * registers the kernels' tasks when it is loaded: on a worker by worker-loop.ts, on the calling
 * thread by the modules that hand out tasks' runners (task-threads.ts, nmf/data.ts,
 * kernels/overparam-gram.ts import it).
 */

/** Which thread runs this code: 0 the calling thread, i ≥ 1 worker i (set by worker-loop.ts). */
export const thisThread = { index: 0 };

/**
 * The pool's own check, used by its tests. Chunk c computes Σ_{i < spin} √(i + c) into
 * out[3c], copies `tag` and live[0] into out[3c + 1] and out[3c + 2], and adds 1 to seen[c]
 * (out, live and seen shared). With `fail`, a chunk run on a worker thread throws that message.
 */
export interface ProbePayload {
  out: Float64Array;
  seen: Int32Array;
  live: Float64Array;
  tag: number;
  spin: number;
  fail?: string;
}

/** The chunk task `probe`. */
export function probeChunk(p: ProbePayload, c: number): void {
  if (p.fail !== undefined && thisThread.index > 0) throw new Error(p.fail);
  let s = 0;
  for (let i = 0; i < p.spin; i++) s += Math.sqrt(i + c);
  p.out[3 * c] = s;
  p.out[3 * c + 1] = p.tag;
  p.out[3 * c + 2] = p.live[0];
  Atomics.add(p.seen, c, 1);
}

/**
 * Every task's payload type, by name: the probe here, the kernels' tasks added by tasks.ts
 * (declaration merging: `declare module './task-registry'`).
 */
export interface TaskPayloads {
  probe: ProbePayload;
}

export type TaskName = keyof TaskPayloads;

/** A function for every task name (tasks.ts's table). */
export type TaskTable = { [N in TaskName]: (payload: TaskPayloads[N], chunk: number) => void };

/** Work cut into numbered chunks: task `task` on `payload`, chunks 0 … chunks − 1. */
export type ChunkTask = {
  [N in TaskName]: { task: N; payload: TaskPayloads[N]; chunks: number };
}[TaskName];

type TaskFunction = (payload: unknown, chunk: number) => void;

const registered = new Map<string, TaskFunction>([['probe', probeChunk as TaskFunction]]);

/** Registers every task of the table under its name (tasks.ts does, when loaded). */
export function registerTasks(table: TaskTable): void {
  for (const [name, f] of Object.entries(table)) registered.set(name, f as TaskFunction);
}

/** The function of a task name (throws on a name not registered, naming those that are). */
export function taskFunction(name: string): TaskFunction {
  const f = registered.get(name);
  if (!f) {
    const known = [...registered.keys()].join(', ');
    throw new Error(
      `unknown chunk task '${name}' (known: ${known}; kernels/threads/tasks.ts registers every task when loaded)`,
    );
  }
  return f;
}

/** Runs every chunk of the task on the calling thread alone, in order. */
export function runTaskOnThisThread(task: ChunkTask): void {
  const f = taskFunction(task.task);
  for (let c = 0; c < task.chunks; c++) f(task.payload, c);
}
