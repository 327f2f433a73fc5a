/**
 * The chunk tasks, by name: plain functions `(payload, chunk) => void` that the calling thread
 * and the worker threads (worker-loop.ts imports this module) run on shared memory. A ChunkTask
 * names one of them; nothing is compiled from text. To add a task, write its function beside its
 * kernel and list it here.
 */
import { gramStepsChunk, type GramStepsPayload } from '../gram-steps-chunk';
import { bbColumnsChunk, type BbColumnsPayload } from '../js/bb-columns';
import { sweepChunk, type SweepPayload } from '../js/sweep-kernel';
import { bbPairsChunk, type BbPairsPayload } from '../wasm/bb-pairs';
import { wasmSweepChunk, type WasmSweepPayload } from '../wasm/sweep-wasm';

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

function probeChunk(p: ProbePayload, c: number): void {
  if (p.fail !== undefined && thisThread.index > 0) throw new Error(p.fail);
  let s = 0;
  for (let i = 0; i < p.spin; i++) s += Math.sqrt(i + c);
  p.out[3 * c] = s;
  p.out[3 * c + 1] = p.tag;
  p.out[3 * c + 2] = p.live[0];
  Atomics.add(p.seen, c, 1);
}

/** Every task's payload type, by name. */
export interface TaskPayloads {
  'hals-sweep': SweepPayload;
  'wasm-sweep': WasmSweepPayload;
  'bb-columns': BbColumnsPayload;
  'wasm-bb-pairs': BbPairsPayload;
  'gram-steps': GramStepsPayload;
  probe: ProbePayload;
}

export type TaskName = keyof TaskPayloads;

export const TASKS: { [N in TaskName]: (payload: TaskPayloads[N], chunk: number) => void } = {
  'hals-sweep': sweepChunk,
  'wasm-sweep': wasmSweepChunk,
  'bb-columns': bbColumnsChunk,
  'wasm-bb-pairs': bbPairsChunk,
  'gram-steps': gramStepsChunk,
  probe: probeChunk,
};

/** Work cut into numbered chunks: task `task` on `payload`, chunks 0 … chunks − 1. */
export type ChunkTask = {
  [N in TaskName]: { task: N; payload: TaskPayloads[N]; chunks: number };
}[TaskName];

/** The function of a task name (throws on a name not in TASKS). */
export function taskFunction(name: string): (payload: unknown, chunk: number) => void {
  const f = (TASKS as Record<string, (payload: unknown, chunk: number) => void>)[name];
  if (!f) throw new Error(`unknown chunk task '${name}' (known: ${Object.keys(TASKS).join(', ')})`);
  return f;
}

/** Runs every chunk of the task on the calling thread alone, in order. */
export function runTaskOnThisThread(task: ChunkTask): void {
  const f = taskFunction(task.task);
  for (let c = 0; c < task.chunks; c++) f(task.payload, c);
}
