/**
 * The module a Node.js kernel worker thread runs (started by node-threads.ts): reads its start
 * from `workerData` and its posted tasks from its MessagePort, then runs worker-loop.ts.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'worker_threads';
import type { WorkerStart } from './threads/host';
import { runWorker, type TaskMessage } from './threads/worker-loop';

const { port, ...start } = workerData as WorkerStart & { port: MessagePort };
runWorker(start, () => receiveMessageOnPort(port)?.message as TaskMessage | undefined);
