/**
 * The chunk tasks, by name: the one module that lists every task (worker-loop.ts imports it, so
 * every worker knows them all). Loading it registers them (task-registry.ts), on whichever thread
 * loads it. To add a task, write its function beside its kernel and list it here: its payload
 * type in TaskPayloads, its function in TASKS.
 */
import { gramStepsChunk, type GramStepsPayload } from '../gram-steps-chunk';
import { bbColumnsChunk, type BbColumnsPayload } from '../js/bb-columns';
import { bbColumns32Chunk } from '../js/bb-columns32';
import { sweepChunk, type SweepPayload } from '../js/sweep-kernel';
import {
  bbPairsChunk,
  bbQuadChunksChunk,
  type BbPairsPayload,
  type BbQuadChunksPayload,
} from '../wasm/bb-pairs';
import {
  wasmGramChunk,
  wasmSweepChunk,
  type WasmGramPayload,
  type WasmSweepPayload,
} from '../wasm/sweep-wasm';
import { thinTimesChunk, type ThinTimesPayload } from '../wasm/thin-times-task';
import { probeChunk, registerTasks, type TaskTable } from './task-registry';

export {
  runTaskOnThisThread,
  taskFunction,
  thisThread,
  type ChunkTask,
  type ProbePayload,
  type TaskName,
  type TaskPayloads,
} from './task-registry';

declare module './task-registry' {
  /** Every task's payload type, by name (the probe's is task-registry.ts's). */
  interface TaskPayloads {
    'hals-sweep': SweepPayload;
    'wasm-sweep': WasmSweepPayload;
    'wasm-gram': WasmGramPayload;
    'bb-columns': BbColumnsPayload;
    'bb-columns32': BbColumnsPayload;
    'wasm-bb-pairs': BbPairsPayload;
    'wasm-bb-quad-chunks': BbQuadChunksPayload;
    'gram-steps': GramStepsPayload;
    'thin-times': ThinTimesPayload;
  }
}

export const TASKS: TaskTable = {
  'hals-sweep': sweepChunk,
  'wasm-sweep': wasmSweepChunk,
  'wasm-gram': wasmGramChunk,
  'bb-columns': bbColumnsChunk,
  'bb-columns32': bbColumns32Chunk,
  'wasm-bb-pairs': bbPairsChunk,
  'wasm-bb-quad-chunks': bbQuadChunksChunk,
  'gram-steps': gramStepsChunk,
  'thin-times': thinTimesChunk,
  probe: probeChunk,
};

registerTasks(TASKS);
