/**
 * The one place that selects and initializes the TensorFlow.js backend.
 *
 * - `tensorflow`: native TensorFlow through the optional `@tensorflow/tfjs-node` package, or
 *   `@tensorflow/tfjs-node-gpu` where that is set up (imported lazily; their own installs
 *   download libtensorflow from outside the npm registry, which now fails: `npm run
 *   setup:native`, or `nmflow setup native --gpu`, builds them against a TensorFlow wheel
 *   instead, see src/native-setup). Fastest on CPU by far. TensorFlow's own log lines (an absl
 *   warning, the CPU-feature and oneDNN notices) are silenced before it loads unless `verbose`
 *   is asked for (the CLI's --debug) or the caller set TF_CPP_MIN_LOG_LEVEL itself: see
 *   `quietTensorFlow`.
 * - `wasm`: `@tensorflow/tfjs-backend-wasm`, which ships its .wasm binary inside the npm
 *   package (≈30 GFLOP/s on matmul on one thread).
 * - `cpu`: the pure-JavaScript backend (≈1 GFLOP/s); always available.
 * - `webgpu`: tfjs-backend-webgpu on Dawn (optional packages, webgpu-node.ts): the GPU, through
 *   nmflow's composite kernels and WGSL half-steps. Only when asked for by name.
 *
 * `auto` picks the first of tensorflow, wasm and cpu that loads, in that order.
 */
import * as tf from '@tensorflow/tfjs-core';
import './cpu-backend';
import './autodiff';
import { usageError } from './errors';
import { registerNmflowKernels } from './kernels/register';
import { prestartKernelThreads } from './kernels/wasm/kernel-memory';
import './host-node';
import { loadNodeWebGpu, webgpuMissing, WEBGPU_INSTALL_HINT } from './webgpu-node';

/** A TensorFlow.js backend nmflow runs on: native `tensorflow`, `wasm`, JavaScript `cpu`, or `webgpu`. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu' | 'webgpu';
/** What `initBackend` accepts: a backend's name, or `auto` (the first of tensorflow → wasm → cpu). */
export type BackendChoice = BackendName | 'auto';
/** Every accepted `BackendChoice`, `auto` first (for option parsing and error messages). */
export const BACKEND_CHOICES: readonly BackendChoice[] = [
  'auto',
  'tensorflow',
  'wasm',
  'cpu',
  'webgpu',
];
/** The backends `auto` tries, in order (`webgpu` is used only when asked for). */
const AUTO_ORDER: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

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
    'set it up with `npm run setup:native` (or `nmflow setup native`): it builds ' +
    '@tensorflow/tfjs-node against a TensorFlow CPU wheel, since its own install script ' +
    'downloads libtensorflow from a server that no longer serves it',
  wasm: 'install it with `npm install @tensorflow/tfjs-backend-wasm`',
  cpu: 'it ships with @tensorflow/tfjs-backend-cpu, a dependency of nmflow',
  webgpu: WEBGPU_INSTALL_HINT,
};

/**
 * TF_ENABLE_ONEDNN_OPTS unless the caller set it: oneDNN's kernels off. Measured on MNIST
 * factorize (rank 16, anls and hals, 2 cores) they were no faster, and they change results in
 * the last bits from run to run (README, Backends).
 */
const ONEDNN_DEFAULT = '0';

/**
 * Sets TensorFlow's logging variables before its native library loads (it reads them once):
 * TF_CPP_MIN_LOG_LEVEL 2 (errors only; 0 when `verbose`), so that the CLI's stderr carries
 * only nmflow's own lines. Variables the caller set are left as they are.
 */
function quietTensorFlow(verbose: boolean): void {
  process.env.TF_CPP_MIN_LOG_LEVEL ??= verbose ? '0' : '2';
  process.env.TF_ENABLE_ONEDNN_OPTS ??= ONEDNN_DEFAULT;
}

/**
 * The packages that register the `tensorflow` backend, in the order tried: tfjs-node-gpu first
 * (one sets it up to run on a GPU: `nmflow setup native --gpu`), then tfjs-node.
 */
export const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/** The package that registered the `tensorflow` backend, once one did. */
let nativePackage: string | undefined;

/** The package behind the `tensorflow` backend: the one that loaded, else tfjs-node. */
export function tensorflowPackage(): string {
  return nativePackage ?? NATIVE_PACKAGES[NATIVE_PACKAGES.length - 1];
}

/**
 * Loads the first installed package of NATIVE_PACKAGES that loads; nothing when a caller
 * already registered the backend.
 */
function requireNative(): void {
  if (tf.findBackendFactory('tensorflow') !== null) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  nativePackage = firstLoading(NATIVE_PACKAGES, (name) => require(name));
}

/**
 * The first of `names` that `load` loads, in order. A package that is not installed (`load`
 * throws MODULE_NOT_FOUND naming it) is skipped, and so is one that is installed but fails to
 * load when a later one loads; otherwise this throws the first such failure, else the last
 * "not found".
 */
export function firstLoading(names: readonly string[], load: (name: string) => unknown): string {
  let failure: Error | undefined;
  let notFound: Error | undefined;
  for (const name of names) {
    try {
      load(name);
      return name;
    } catch (err) {
      const missing =
        (err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
        (err as Error).message.includes(`'${name}'`);
      if (missing) notFound = err as Error;
      else failure ??= err as Error;
    }
  }
  throw failure ?? notFound ?? new Error('no package to load');
}

/** Whether TensorFlow's own log lines are wanted (initBackend's `verbose`, before loading). */
let verboseTensorFlow = false;

const loadErrors = new Map<BackendName, string>();

/** Registers the backend's kernels with tfjs; returns an error text when it cannot. */
function load(name: BackendName): string | undefined {
  if (loadErrors.has(name)) return loadErrors.get(name) || undefined;
  let error = '';
  try {
    if (name === 'tensorflow') {
      quietTensorFlow(verboseTensorFlow);
      // Lazy and optional: a missing or unbuilt native module must not break the others.
      requireNative();
      if (tf.findBackendFactory('tensorflow') === null) error = 'it did not register a backend';
    } else if (name === 'wasm') {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('@tensorflow/tfjs-backend-wasm');
    } else if (name === 'webgpu') {
      loadNodeWebGpu();
    }
  } catch (err) {
    error = (err as Error).message.split('\n')[0];
  }
  loadErrors.set(name, error);
  return error || undefined;
}

/**
 * Which backends load on this machine (loading registers them; it does not activate them).
 * `webgpu` is only looked for (its packages installed?) unless it was loaded already: loading
 * it starts Dawn, and whether a GPU adapter exists shows only when it is activated.
 */
export function availableBackends(): BackendInfo['available'] {
  const out = {} as BackendInfo['available'];
  for (const name of BACKEND_CHOICES.filter((c) => c !== 'auto') as BackendName[]) {
    out[name] = availability(name);
  }
  return out;
}

/** Whether one backend loads (loading it if needed), and if not, why. */
function availability(name: BackendName): { ok: boolean; detail: string } {
  const probeOnly = name === 'webgpu' && !loadErrors.has(name);
  const err = probeOnly ? webgpuMissing() : load(name);
  const detail = probeOnly
    ? NOT_STARTED
    : name === 'tensorflow' && nativePackage
      ? `loaded (${nativePackage})`
      : 'loaded';
  return { ok: !err, detail: err ? `${err}; ${INSTALL_HINT[name]}` : detail };
}

/** The detail of a backend whose packages are installed but that was not started (webgpu). */
export const NOT_STARTED =
  'installed, not started (its GPU adapter is looked for when it is chosen)';

/**
 * The version of the native TensorFlow library behind the `tensorflow` backend (e.g. "2.21.0"),
 * or null when that backend does not load. Starts the backend's TensorFlow context if no
 * call did yet (it does not make it the active backend).
 */
export function tensorflowVersion(): string | null {
  if (load('tensorflow')) return null;
  const backend = tf.findBackend('tensorflow') as unknown as {
    binding?: { TF_Version?: string };
  } | null;
  return backend?.binding?.TF_Version ?? null;
}

export interface InitOptions {
  /** Let TensorFlow print its own log lines on stderr (the CLI's --debug). Default false. */
  verbose?: boolean;
}

let active: BackendInfo | undefined;

/**
 * Activates a backend. `auto` (the default, or the `NMFLOW_BACKEND` environment variable)
 * picks tensorflow → wasm → cpu. An explicit choice that is not installed fails with a message
 * saying how to install it. Idempotent for the same choice.
 */
export async function initBackend(
  choice?: BackendChoice | string,
  options: InitOptions = {},
): Promise<BackendInfo> {
  if (options.verbose) verboseTensorFlow = true;
  const wanted = (choice ?? process.env.NMFLOW_BACKEND ?? 'auto') as BackendChoice;
  if (!BACKEND_CHOICES.includes(wanted)) {
    throw usageError(`unknown backend "${wanted}"; known backends: ${BACKEND_CHOICES.join(', ')}`);
  }
  if (active && (wanted === 'auto' || wanted === active.name) && tf.getBackend() === active.name) {
    return active;
  }
  // An explicit choice loads that backend alone: the others' availability (the native
  // TensorFlow library: ≈0.5 s and 300 MB resident) is looked up when `available` is read.
  const available = (
    wanted === 'auto' ? availableBackends() : { [wanted]: availability(wanted) }
  ) as BackendInfo['available'];
  let name: BackendName;
  let reason: string;
  if (wanted === 'auto') {
    name = AUTO_ORDER.find((b) => available[b].ok) ?? 'cpu';
    const skipped = (['tensorflow', 'wasm'] as BackendName[])
      .filter((b) => b !== name && !available[b].ok)
      .map((b) => `${b} is not available`);
    reason = `auto: ${[...skipped, `${name} is the best available`].join('; ')}`;
  } else {
    if (available[wanted].ok && wanted === 'webgpu') {
      const loadError = load('webgpu');
      const adapter = loadError ? { error: loadError } : await webgpuAdapter();
      if (adapter.error) {
        available.webgpu = { ok: false, detail: `${adapter.error}; ${INSTALL_HINT.webgpu}` };
      } else {
        available.webgpu = { ok: true, detail: `adapter: ${adapter.description}` };
      }
    }
    if (!available[wanted].ok) {
      throw usageError(
        `backend "${wanted}" is not available: ${available[wanted].detail.split('; ')[0]}; ` +
          INSTALL_HINT[wanted],
      );
    }
    name = wanted;
    reason = `chosen explicitly (${process.env.NMFLOW_BACKEND === wanted && choice === undefined ? 'NMFLOW_BACKEND' : 'argument'})`;
    if (wanted === 'webgpu') reason += `; ${available.webgpu.detail}`;
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw usageError(`backend "${name}" failed to initialize`);
  await tf.ready();
  registerNmflowKernels(name, process.env.NMFLOW_KERNELS === 'composite' ? 'composite' : undefined);
  if (name === 'tensorflow') startTensorFlowMatMul();
  // X's products and the half-steps run on nmflow's kernel threads on the CPU backends: booted
  // here, not during the first fit.
  if (name !== 'webgpu') await prestartKernelThreads();
  let all = wanted === 'auto' ? available : undefined;
  active = {
    name,
    reason,
    get available() {
      return (all ??= { ...availableBackends(), ...available });
    },
  };
  return active;
}

/**
 * One 2 × 2 matMul on the `tensorflow` backend: TensorFlow's first matMul in a process starts
 * its kernels and thread pool (≈35 ms on the 2-core development machine), which otherwise
 * fell into the first fit's first error measurement (README, Backends).
 */
function startTensorFlowMatMul(): void {
  tf.tidy(() => {
    const a = tf.ones([2, 2]);
    tf.matMul(a, a, true, false).dataSync();
  });
}

/** WebGPU's adapter, in words ("NVIDIA H200 (nvidia, hopper)"), or why there is none. */
async function webgpuAdapter(): Promise<{ description?: string; error?: string }> {
  type AdapterInfo = {
    vendor?: string;
    architecture?: string;
    description?: string;
    device?: string;
  };
  const gpu = (
    globalThis as { navigator?: { gpu?: { requestAdapter(o?: object): Promise<unknown> } } }
  ).navigator?.gpu;
  const adapter = (await gpu
    ?.requestAdapter({ powerPreference: 'high-performance' })
    .catch(() => null)) as { info?: AdapterInfo } | null | undefined;
  if (!adapter) {
    return {
      error: 'WebGPU found no adapter (no GPU, or no Vulkan, Metal or D3D12 driver for it)',
    };
  }
  const info = adapter.info ?? {};
  const name = info.description || info.device || 'an adapter';
  const detail = [info.vendor, info.architecture].filter(Boolean).join(', ');
  return { description: detail ? `${name} (${detail})` : name };
}

/** The active backend's information; initializes `auto` if nothing was chosen yet. */
export async function currentBackend(): Promise<BackendInfo> {
  return active && tf.getBackend() === active.name ? active : initBackend();
}
