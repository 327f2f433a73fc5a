/**
 * The Node.js side of `host.ts`: installs the available-memory probe nmflow's memory guard
 * uses in Node, `os.freemem()` capped by a cgroup limit (`process.constrainedMemory()`), and
 * the eager compiler of the kernels' module. Loaded for its side effect by the Node entries
 * (`index.ts`, `node.ts`) and so by the CLI.
 */
import * as os from 'os';
import * as v8 from 'v8';
import { setMemoryProbe, setWasmCompiler } from './host';

setMemoryProbe(() => {
  const constrained = process.constrainedMemory?.() ?? 0;
  return Math.min(
    os.freemem(),
    constrained > 0 && constrained < os.totalmem() ? constrained : Infinity,
  );
});

/**
 * V8's flags that make a module's functions compile on their first call, in its baseline tier
 * (Liftoff), and only the hot ones optimized later (TurboFan): each kernel's first calls in a
 * fit then run unoptimized, and their optimization (its compiler's memory included) falls into
 * that fit. Where the user set neither flag, the kernels' module alone is compiled with both off:
 * its baseline code at once, then every function optimized on V8's background threads, from the
 * backend's start (`initBackend`). Measured on the development VM, a fresh process each run
 * (bench:nmf's child, alternating with `node --wasm-lazy-compilation`, which leaves the flags as
 * V8 has them): the fit to target −5 to −9 % on mnist-16, spam-20 and sotu-10, its peak memory
 * growth 2–11 MB less, the process's wall time from start to end the same within ≈3 %.
 */
const TIERING_FLAGS = ['wasm-lazy-compilation', 'wasm-dynamic-tiering'];

setWasmCompiler((bytes) => {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
  const eager = !TIERING_FLAGS.some((f) => given.includes(f));
  if (eager) for (const f of TIERING_FLAGS) v8.setFlagsFromString(`--no-${f}`);
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    if (eager) for (const f of TIERING_FLAGS) v8.setFlagsFromString(`--${f}`);
  }
});
