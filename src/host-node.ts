/**
 * The Node.js side of `host.ts`: installs the available-memory probe nmflow's memory guard
 * uses in Node, `os.freemem()` capped by a cgroup limit (`process.constrainedMemory()`). Loaded
 * for its side effect by the Node entries (`index.ts`, `node.ts`) and so by the CLI.
 */
import * as os from 'os';
import { setMemoryProbe } from './host';

setMemoryProbe(() => {
  const constrained = process.constrainedMemory?.() ?? 0;
  return Math.min(
    os.freemem(),
    constrained > 0 && constrained < os.totalmem() ? constrained : Infinity,
  );
});
