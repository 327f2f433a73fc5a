/**
 * The one place that selects and initializes the TensorFlow.js backend.
 *
 * - `tensorflow`: native TensorFlow through the optional `@tensorflow/tfjs-node` package
 *   (imported lazily; its install downloads libtensorflow, which needs network access beyond
 *   the npm registry). Fastest on CPU by far.
 * - `wasm`: `@tensorflow/tfjs-backend-wasm`, which ships its .wasm binary inside the npm
 *   package (≈30 GFLOP/s on matmul on one thread).
 * - `cpu`: the pure-JavaScript backend (≈1 GFLOP/s); always available.
 *
 * `auto` picks the first that loads, in that order.
 */
import * as tf from '@tensorflow/tfjs-core';
import './cpu-backend';
import './autodiff';
import { usageError } from './errors';

/** A TensorFlow.js backend nmflow runs on: native `tensorflow`, `wasm`, or JavaScript `cpu`. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
/** What `initBackend` accepts: a backend's name, or `auto` (the first of tensorflow → wasm → cpu). */
export type BackendChoice = BackendName | 'auto';
/** Every accepted `BackendChoice`, `auto` first (for option parsing and error messages). */
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'tensorflow', 'wasm', 'cpu'];

/** The active backend, why it was chosen, and which backends load on this machine. */
export interface BackendInfo {
  /** The backend now active in tfjs. */
  name: BackendName;
  /** Why it was chosen, in one sentence. */
  reason: string;
  /** For each backend: whether it could be loaded, and if not, why. */
  available: Record<BackendName, { ok: boolean; detail: string }>;
}

const INSTALL_HINT: Record<BackendName, string> = {
  tensorflow:
    'install it with `npm install @tensorflow/tfjs-node` (its install script downloads ' +
    'libtensorflow; with npm >= 11 also run `npm install-scripts approve @tensorflow/tfjs-node` ' +
    'and `npm rebuild @tensorflow/tfjs-node`)',
  wasm: 'install it with `npm install @tensorflow/tfjs-backend-wasm`',
  cpu: 'it ships with @tensorflow/tfjs-backend-cpu, a dependency of nmflow',
};

const loadErrors = new Map<BackendName, string>();

/** Registers the backend's kernels with tfjs; returns an error text when it cannot. */
function load(name: BackendName): string | undefined {
  if (loadErrors.has(name)) return loadErrors.get(name) || undefined;
  let error = '';
  try {
    if (name === 'tensorflow') {
      // Lazy and optional: a missing or unbuilt native module must not break the others.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-node');
      if (tf.findBackendFactory('tensorflow') === null) error = 'it did not register a backend';
    } else if (name === 'wasm') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-backend-wasm');
    }
  } catch (err) {
    error = (err as Error).message.split('\n')[0];
  }
  loadErrors.set(name, error);
  return error || undefined;
}

/** Which backends load on this machine (loading registers them; it does not activate them). */
export function availableBackends(): BackendInfo['available'] {
  const out = {} as BackendInfo['available'];
  for (const name of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) {
    const err = load(name);
    out[name] = { ok: !err, detail: err ? `${err}; ${INSTALL_HINT[name]}` : 'loaded' };
  }
  return out;
}

let active: BackendInfo | undefined;

/**
 * Activates a backend. `auto` (the default, or the `NMFLOW_BACKEND` environment variable)
 * picks tensorflow → wasm → cpu. An explicit choice that is not installed fails with a message
 * saying how to install it. Idempotent for the same choice.
 */
export async function initBackend(choice?: BackendChoice | string): Promise<BackendInfo> {
  const wanted = (choice ?? process.env.NMFLOW_BACKEND ?? 'auto') as BackendChoice;
  if (!BACKEND_CHOICES.includes(wanted)) {
    throw usageError(`unknown backend "${wanted}"; known backends: ${BACKEND_CHOICES.join(', ')}`);
  }
  if (active && (wanted === 'auto' || wanted === active.name) && tf.getBackend() === active.name) {
    return active;
  }
  const available = availableBackends();
  let name: BackendName;
  let reason: string;
  if (wanted === 'auto') {
    name = (['tensorflow', 'wasm', 'cpu'] as BackendName[]).find((b) => available[b].ok) ?? 'cpu';
    const skipped = (['tensorflow', 'wasm'] as BackendName[])
      .filter((b) => b !== name && !available[b].ok)
      .map((b) => `${b} is not available`);
    reason = `auto: ${[...skipped, `${name} is the best available`].join('; ')}`;
  } else {
    if (!available[wanted].ok) {
      throw usageError(
        `backend "${wanted}" is not available: ${available[wanted].detail.split('; ')[0]}; ` +
          INSTALL_HINT[wanted],
      );
    }
    name = wanted;
    reason = `chosen explicitly (${process.env.NMFLOW_BACKEND === wanted && choice === undefined ? 'NMFLOW_BACKEND' : 'argument'})`;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw usageError(`backend "${name}" failed to initialize`);
  await tf.ready();
  active = { name, reason, available };
  return active;
}

/** The active backend's information; initializes `auto` if nothing was chosen yet. */
export async function currentBackend(): Promise<BackendInfo> {
  return active && tf.getBackend() === active.name ? active : initBackend();
}
