/**
 * The chunk tasks' registry (src/kernels/threads/task-registry.ts) and their one list
 * (threads/tasks.ts): the pool and the kernel memory look tasks up in the registry, which
 * imports nothing; loading tasks.ts registers every task. The modules that hand out runners of
 * tasks load it, so a fresh process that loads only one of them (or a worker, worker-loop.ts)
 * knows every task; the registry alone knows only the probe, and says where the others come
 * from.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  taskFunction,
  type ChunkTask,
  type ProbePayload,
} from '../../src/kernels/threads/task-registry';
import { TASKS } from '../../src/kernels/threads/tasks';
import type { WasmSweepPayload } from '../../src/kernels/wasm/sweep-wasm';

const DIST_SRC = join(__dirname, '..', '..', 'src');

/** The task names that `taskFunction` knows in a fresh process after it loads `module` alone. */
function registeredAfterLoading(module: string, names: string[]): string[] {
  const script = `
    require(${JSON.stringify(join(DIST_SRC, module))});
    const { taskFunction } = require(${JSON.stringify(join(DIST_SRC, 'kernels/threads/task-registry'))});
    const names = ${JSON.stringify(names)}.filter((n) => {
      try { return typeof taskFunction(n) === 'function'; } catch { return false; }
    });
    process.stdout.write(JSON.stringify(names));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

describe('kernels: the chunk tasks registry', () => {
  const names = Object.keys(TASKS);

  it('registers the function tasks.ts lists for each of its names', () => {
    expect(names).to.include.members(['probe', 'hals-sweep', 'wasm-bb-pairs', 'gram-steps']);
    for (const name of names) {
      expect(taskFunction(name), name).to.equal(TASKS[name as keyof typeof TASKS]);
    }
  });

  it('types a task by its name and payload (tasks.ts merges its payload types into the registry)', () => {
    const payload: ProbePayload = {
      out: new Float64Array(3),
      seen: new Int32Array(1),
      live: new Float64Array(1),
      tag: 0,
      spin: 0,
    };
    const probe: ChunkTask = { task: 'probe', payload, chunks: 1 };
    // A kernel's task compiles with its own payload type, not with another task's.
    const sweep: ChunkTask = { task: 'wasm-sweep', payload: {} as WasmSweepPayload, chunks: 1 };
    // @ts-expect-error: wasm-sweep's payload is a WasmSweepPayload (tsc fails if it is not)
    const wrong: ChunkTask = { task: 'wasm-sweep', payload, chunks: 1 };
    expect([probe.task, sweep.task, wrong.task]).to.deep.equal([
      'probe',
      'wasm-sweep',
      'wasm-sweep',
    ]);
  });

  for (const module of [
    'kernels/threads/worker-loop',
    'kernels/task-threads',
    'nmf/data',
    'kernels/overparam-gram',
  ]) {
    it(`knows every task in a process that loads ${module} alone`, () => {
      expect(registeredAfterLoading(module, names)).to.deep.equal(names);
    });
  }

  it('alone knows only the probe, and its error names the module that registers the rest', () => {
    expect(registeredAfterLoading('kernels/threads/task-registry', names)).to.deep.equal(['probe']);
    const script = `
      const { taskFunction } = require(${JSON.stringify(join(DIST_SRC, 'kernels/threads/task-registry'))});
      try { taskFunction('hals-sweep'); } catch (e) { process.stdout.write(e.message); }`;
    expect(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })).to.match(
      /^unknown chunk task 'hals-sweep' \(known: probe; kernels\/threads\/tasks\.ts registers every task when loaded\)$/,
    );
  });
});
