/**
 * The `webgpu` backend in Node: `@tensorflow/tfjs-backend-webgpu` on Dawn (Chromium's WebGPU
 * implementation; Vulkan on Linux, Metal on macOS, D3D12 on Windows) through the `webgpu`
 * npm package's `dawn.node`. Both packages are optional: `npm install webgpu
 * @tensorflow/tfjs-backend-webgpu@4.22.0 deasync`. On this backend nmflow's kernels are the
 * composites in tf ops and, for the two half-steps, WGSL programs (kernels/register-composite.ts,
 * kernels/webgpu/), so the arithmetic runs on the GPU.
 *
 * Synchronous reads (`dataSync`, which nmflow's loops and composite kernels use for their
 * convergence tests) need a browser's OffscreenCanvas in tfjs-backend-webgpu. In Node they
 * copy the tensor's buffer into a mappable one and run the event loop (deasync's
 * `runLoopOnce`) until Dawn has mapped it: other callbacks due meanwhile (timers, I/O) run
 * then too.
 */
import * as path from 'path';
import * as tf from '@tensorflow/tfjs-core';

/** The packages the backend needs, in the order they are looked for. */
const PACKAGES = ['webgpu', '@tensorflow/tfjs-backend-webgpu', 'deasync'] as const;

/** How to install the backend's packages. */
export const WEBGPU_INSTALL_HINT =
  'install it with `npm install webgpu @tensorflow/tfjs-backend-webgpu@4.22.0 deasync` ' +
  "(a GPU with Vulkan, Metal or D3D12 drivers; on Linux without a GPU, Mesa ≥ 24's lavapipe)";

/** The error text when a package is missing, else undefined (nothing is loaded). */
export function webgpuMissing(): string | undefined {
  for (const name of PACKAGES) {
    try {
      require.resolve(`${name}/package.json`);
    } catch {
      return `the package ${name} is not installed`;
    }
  }
  return undefined;
}

/** The `create` and `globals` that dawn.node exports. */
interface DawnNode {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

/**
 * Loads dawn.node for this platform, installs the WebGPU globals (`GPUBufferUsage`, …) and
 * `navigator.gpu` that tfjs-backend-webgpu expects of a browser, then registers the backend.
 * Dawn's options come from NMFLOW_DAWN_FLAGS (comma-separated, e.g. `backend=vulkan`;
 * `adapter=NAME` picks an adapter). Nothing happens when `webgpu` is registered already.
 */
export function loadNodeWebGpu(): void {
  if (tf.findBackendFactory('webgpu') !== null) return;
  const missing = webgpuMissing();
  if (missing) throw new Error(missing);
  const dir = path.dirname(require.resolve('webgpu/package.json'));
  const arch = process.platform === 'darwin' ? 'universal' : process.arch;
  const binary = path.join(dir, 'dist', `${process.platform}-${arch}`, 'dawn.node');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dawn = require(binary) as DawnNode;
  const flags = (process.env.NMFLOW_DAWN_FLAGS ?? '').split(',').filter(Boolean);
  for (const [name, value] of Object.entries(dawn.globals)) {
    if (!(name in globalThis))
      Object.defineProperty(globalThis, name, { value, configurable: true });
  }
  const gpu = dawn.create(flags);
  const nav = (globalThis as unknown as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const webgpu = require('@tensorflow/tfjs-backend-webgpu') as {
    WebGPUBackend: { prototype: object };
  };
  readSyncByEventLoop(webgpu.WebGPUBackend.prototype as WebGpuBackendInternals);
}

/** The parts of tfjs-backend-webgpu's backend (4.22) that a synchronous read uses. */
interface WebGpuBackendInternals {
  tensorMap: { get(dataId: object): { values?: unknown; dtype: string; resource?: unknown } };
  bufferManager: {
    acquireBuffer(size: number, usage: number): GpuBuffer;
    releaseBuffer(buffer: GpuBuffer): void;
  };
  commandEncoder: {
    copyBufferToBuffer(a: GpuBuffer, ao: number, b: GpuBuffer, bo: number, n: number): void;
  };
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
  convertAndCacheOnCPU(dataId: object, values: unknown): unknown;
  readSync(dataId: object): unknown;
}

/** The WebGPU buffer calls used here. */
interface GpuBuffer {
  size: number;
  mapState: 'unmapped' | 'pending' | 'mapped';
  mapAsync(mode: number): Promise<void>;
  getMappedRange(): ArrayBuffer;
  unmap(): void;
}

/** WebGPU's usage and map-mode flags (the globals dawn.node installs). */
const gpuFlags = () =>
  globalThis as unknown as {
    GPUBufferUsage: { COPY_DST: number; MAP_READ: number };
    GPUMapMode: { READ: number };
    GPUBuffer: new () => GpuBuffer;
  };

/**
 * Replaces the backend's readSync for data still on the GPU: the buffer is copied into a
 * staging buffer, mapped, and the event loop run until the mapping is done (the values are
 * then cached on the CPU, as tfjs's asynchronous `read` does).
 */
function readSyncByEventLoop(proto: WebGpuBackendInternals): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runLoopOnce } = require('deasync') as { runLoopOnce(): void };
  const original = proto.readSync;
  proto.readSync = function (this: WebGpuBackendInternals, dataId: object) {
    const data = this.tensorMap.get(dataId);
    const { GPUBufferUsage, GPUMapMode, GPUBuffer } = gpuFlags();
    if (data.values != null || !(data.resource instanceof GPUBuffer)) {
      return original.call(this, dataId);
    }
    const source = data.resource as GpuBuffer;
    const staging = this.bufferManager.acquireBuffer(
      source.size,
      GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
    );
    this.ensureCommandEncoderReady();
    this.endComputePassEncoder();
    this.commandEncoder.copyBufferToBuffer(source, 0, staging, 0, source.size);
    this.submitQueue();
    let failure: Error | undefined;
    staging.mapAsync(GPUMapMode.READ).catch((err: Error) => (failure = err));
    while (staging.mapState === 'pending') runLoopOnce();
    if (staging.mapState !== 'mapped') {
      throw new Error(
        `WebGPU could not map a read-back buffer${failure ? `: ${failure.message}` : ''}`,
      );
    }
    const bytes = staging.getMappedRange().slice(0);
    staging.unmap();
    this.bufferManager.releaseBuffer(staging);
    return this.convertAndCacheOnCPU(
      dataId,
      tf.util.convertBackendValuesAndArrayBuffer(bytes, data.dtype as tf.DataType),
    );
  };
}
