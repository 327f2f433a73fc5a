/**
 * What nmflow asks of the machine it runs on, without importing any Node built-in, so that the
 * core bundles for a browser: environment variables (`NMFLOW_*`), the memory available now, and
 * how the kernels' WebAssembly module is compiled.
 *
 * In Node.js both come from the `process` global; the Node entry (`host-node.ts`, loaded by
 * `nmflow` and `nmflow/node`) installs the `os`-based probe nmflow always used. In a browser
 * there is no environment and the available memory is unknown (`Infinity`: the memory guard
 * then checks only what it knows, e.g. the wasm heap).
 */

/** The available-memory probe: bytes the process may still allocate, `Infinity` if unknown. */
export type MemoryProbe = () => number;

interface ProcessLike {
  env?: Record<string, string | undefined>;
  availableMemory?: () => number;
}

function nodeProcess(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

/** An environment variable, or undefined where unset or where there is no environment. */
export function hostEnv(name: string): string | undefined {
  return nodeProcess()?.env?.[name];
}

/**
 * The default probe: `process.availableMemory()` (Node.js ≥ 20.13, cgroup limits included);
 * unknown elsewhere.
 */
const defaultProbe: MemoryProbe = () => {
  const bytes = nodeProcess()?.availableMemory?.();
  return typeof bytes === 'number' && bytes > 0 ? bytes : Infinity;
};

let probe: MemoryProbe = defaultProbe;

/** Replaces the available-memory probe (the Node entry installs its `os`-based one). */
export function setMemoryProbe(next: MemoryProbe): void {
  probe = next;
}

/** The memory available now, by the installed probe. */
export function availableMemory(): number {
  return probe();
}

/** Compiles WebAssembly bytes into a module. */
export type WasmCompiler = (bytes: BufferSource) => WebAssembly.Module;

let compiler: WasmCompiler = (bytes) => new WebAssembly.Module(bytes);

/** Replaces the compiler of the kernels' module (the Node entry installs an eager one). */
export function setWasmCompiler(next: WasmCompiler): void {
  compiler = next;
}

/** `bytes` compiled by the installed compiler (default: `new WebAssembly.Module`). */
export function compileWasm(bytes: BufferSource): WebAssembly.Module {
  return compiler(bytes);
}
