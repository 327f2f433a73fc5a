/**
 * Backend selection in a browser (the Node entry's is backend.ts): `webgl`, `wasm` or `cpu`,
 * all three bundled into dist/browser/nmflow.esm.js. The wasm backend's `.wasm` binaries lie
 * beside the bundle and are found from its own URL, with no configuration.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import './cpu-backend';
import './autodiff';
import { usageError } from './errors';

/** A backend of the browser build. */
export type BrowserBackendName = 'webgl' | 'wasm' | 'cpu';
/** What the browser's `initBackend` accepts: a backend, or `auto` (webgl → wasm → cpu). */
export type BrowserBackendChoice = BrowserBackendName | 'auto';
/** Every accepted choice, `auto` first. */
export const BROWSER_BACKEND_CHOICES: readonly BrowserBackendChoice[] = [
  'auto',
  'webgl',
  'wasm',
  'cpu',
];

/** The bundle's URL, set by scripts/build-browser.mjs to `import.meta.url` (absent under tsc). */
declare const NMFLOW_BUNDLE_URL: string | undefined;

let wasmPathsSet = false;

/** Points tfjs-backend-wasm at the `.wasm` files beside the bundle (once; before it loads). */
function locateWasm(): void {
  if (wasmPathsSet) return;
  wasmPathsSet = true;
  const url = typeof NMFLOW_BUNDLE_URL === 'string' ? NMFLOW_BUNDLE_URL : undefined;
  if (url) setWasmPaths(new URL('./', url).href);
}

/** The active backend and why it was chosen. */
export interface BrowserBackendInfo {
  name: BrowserBackendName;
  reason: string;
}

/**
 * Activates a backend: `webgl`, `wasm`, `cpu`, or `auto` (the default: the first of webgl →
 * wasm → cpu that initializes). An explicit backend that fails to initialize (no WebGL, say)
 * throws a usage error naming it.
 */
export async function initBackend(choice: string = 'auto'): Promise<BrowserBackendInfo> {
  if (!BROWSER_BACKEND_CHOICES.includes(choice as BrowserBackendChoice)) {
    throw usageError(
      `unknown backend "${choice}"; known backends: ${BROWSER_BACKEND_CHOICES.join(', ')}`,
    );
  }
  locateWasm();
  const order: BrowserBackendName[] =
    choice === 'auto' ? ['webgl', 'wasm', 'cpu'] : [choice as BrowserBackendName];
  const failed: string[] = [];
  for (const name of order) {
    let ok = false;
    try {
      ok = await tf.setBackend(name);
      await tf.ready();
    } catch (err) {
      failed.push(`${name}: ${(err as Error).message}`);
      continue;
    }
    if (ok && tf.getBackend() === name) {
      const reason =
        choice === 'auto'
          ? `auto: ${[...failed.map((f) => `${f.split(':')[0]} failed`), `${name} is the first that works`].join('; ')}`
          : 'chosen explicitly';
      return { name, reason };
    }
    failed.push(`${name}: it did not initialize`);
  }
  throw usageError(`backend "${choice}" failed to initialize (${failed.join('; ')})`);
}
