/** Mocha root hooks: one backend for the whole run (NMFLOW_BACKEND or auto). */
import '../src/kernels/node-threads';
import { initBackend } from '../src/backend';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(60000);
    const info = await initBackend();
    console.log(`    backend: ${info.name} (${info.reason})`);
  },
};
