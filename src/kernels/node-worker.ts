/**
 * The module a Node.js kernel worker thread runs (started by node-threads.ts): it waits until
 * the host hands it to a pool (a start on its MessagePort, counted in `attach`), runs
 * worker-loop.ts for that pool, and when the pool stops drops its kernel instances and waits
 * for the next one. Posted tasks arrive on the same port and are read synchronously.
 */
import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'worker_threads';
import type { WorkerStart } from './threads/host';
import { IDLE_SLICE_MS } from './threads/protocol';
import { runWorker, type TaskMessage } from './threads/worker-loop';
import { releaseKernels } from './wasm/own-memory';

const { port, attach } = workerData as { port: MessagePort; attach: Int32Array };
// Booted: the modules above are loaded (the host's prestart waits for this message).
parentPort?.postMessage('booted');
const receive = () => receiveMessageOnPort(port)?.message as TaskMessage | undefined;

/** The next start on the port (the host posts it before counting it in `attach`). */
function nextStart(): WorkerStart {
  for (let m; (m = receiveMessageOnPort(port));) {
    const { start } = m.message as { start?: WorkerStart };
    if (start) return start;
  }
  throw new Error('kernel worker: counted a start that was not posted');
}

for (let taken = 0; ; taken++) {
  // In slices, as the pool's loop waits: a terminate() gets through between them.
  while (Atomics.load(attach, 0) === taken) Atomics.wait(attach, 0, taken, IDLE_SLICE_MS);
  runWorker(nextStart(), receive);
  releaseKernels();
}
