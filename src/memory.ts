/**
 * Memory guard: estimate what a fit will allocate before it allocates anything, and fail early
 * with a clear message instead of dying in the allocator (or in the wasm heap, which cannot
 * grow past 4 GiB).
 *
 * Estimates count float32 tensors (4 bytes per entry): the data, the Gram matrices and dense
 * products, the factors or iterates with the solver's temporaries, plus the host-side copies
 * made while converting inputs. They are deliberately a little pessimistic: a fit that passes
 * the guard should not run out of memory; one that fails it would have.
 */
import * as tf from '@tensorflow/tfjs-core';
import { NmflowError, usageError } from './errors';
import { isCsr } from './linalg/csr';
import { checkNumber } from './options';
import { availableMemory, hostEnv } from './host';

const F32 = 4;
/** Bytes a history entry (one check point: a small JS object) costs, generously. */
const HISTORY_ENTRY_BYTES = 128;
/** tfjs-backend-wasm's heap cannot grow past this (wasm32: 65535 pages of 64 KiB). */
export const WASM_HEAP_MAX_BYTES = 4294901760;
/** Share of the available memory a fit may plan to use by default. */
export const DEFAULT_MEMORY_FRACTION = 0.75;

/**
 * Float32 copies of an iterate (`n × r`) that each NNLS solver keeps alive at once: the
 * iterate, its gradient and the solver's work tensors (products, search directions, the last
 * good iterate kept by the driver). Unknown solvers get the largest count. (An NMF solver's
 * count is on its descriptor, `workCopies` in `nmf/solvers.ts`.)
 */
const SOLVER_COPIES: Record<string, number> = {
  pgd: 5,
  mu: 5,
  hals: 5,
  cd: 5,
  apgd: 7,
  overparam: 9,
  'overparam-nesterov': 10,
  mirror: 10,
};
const DEFAULT_COPIES = 10;

function copiesFor(solver: string | undefined): number {
  return (solver !== undefined && SOLVER_COPIES[solver]) || DEFAULT_COPIES;
}

/** An itemized estimate in bytes. */
export interface MemoryEstimate {
  /** Sum of `parts`. */
  bytes: number;
  /** Bytes per item, for the error message (e.g. `{ 'Gram G (n × n)': 4e8 }`). */
  parts: Record<string, number>;
}

function estimate(parts: Record<string, number>): MemoryEstimate {
  return { bytes: Object.values(parts).reduce((s, v) => s + v, 0), parts };
}

/**
 * NNLS min_{X ≥ 0} ½‖AX − B‖²_F with A `m × n`, B `m × r` (m = 0 for the Gram form, where
 * only G `n × n` and C `n × r` are given). Counts the scaled A and B, G = AᵀA, C = AᵀB, the
 * residual AX − B, the iterate with the solver's work copies, and the host-side input copy.
 */
export function estimateNnlsBytes(shape: {
  m: number;
  n: number;
  r: number;
  solver?: string;
}): MemoryEstimate {
  const { m, n, r } = shape;
  return estimate({
    'inputs A, B (scaled float32 copies)': F32 * m * (n + r),
    'Gram G = AᵀA (n × n)': F32 * n * n,
    'C = AᵀB (n × r)': F32 * n * r,
    'residual AX − B (m × r, twice)': 2 * F32 * m * r,
    'iterate and solver work copies (n × r)': copiesFor(shape.solver) * F32 * n * r,
    'host-side input conversion': 8 * (m > 0 ? m * (n + r) : n * (n + r)),
  });
}

/**
 * NMF X ≈ W H with X `rows × cols` (nSamples × nFeatures), W `rows × rank`, H `rank × cols`.
 * `nnz` (when X is sparse, CSR) replaces the dense data by values + indices. Counts the data,
 * the factors, the products XHᵀ (`rows × rank`), WᵀX (`rank × cols`), the two Gram matrices,
 * the reconstruction W H and its residual (dense, `rows × cols`, used for the loss), the
 * solver's work copies of the larger factor, and the history.
 */
export function estimateNmfBytes(shape: {
  rows: number;
  cols: number;
  rank: number;
  nnz?: number;
  /** Float32 copies of a factor the solver's work keeps (default: by `solver` name as NNLS). */
  workCopies?: number;
  solver?: string;
  historyLength?: number;
}): MemoryEstimate {
  const { rows, cols, rank, nnz } = shape;
  const sparse = nnz !== undefined;
  const factor = Math.max(rows, cols) * rank;
  return estimate({
    [sparse ? 'data X (CSR, and its transpose)' : 'data X (dense)']: sparse
      ? 2 * (8 * nnz + 4 * (rows + cols + 2))
      : F32 * rows * cols,
    'factors W and H, with previous copies': 2 * F32 * rank * (rows + cols),
    'products XHᵀ and WᵀX': F32 * rank * (rows + cols),
    'Gram matrices WᵀW and HHᵀ': 2 * F32 * rank * rank,
    'reconstruction W H and residual (rows × cols, twice)': 2 * F32 * rows * cols,
    'solver work copies of a factor': (shape.workCopies ?? copiesFor(shape.solver)) * F32 * factor,
    history: HISTORY_ENTRY_BYTES * (shape.historyLength ?? 0),
  });
}

/** Human-readable bytes: `1.5 GiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[i]}`;
}

const SUFFIX: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1e3,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1e12,
  tib: 1024 ** 4,
};

/**
 * Parses a byte count such as `2000000000`, `1.5e9`, `512M`, `2GiB`, `4GB`; `off`, `none` or
 * `Infinity` mean no limit. `name` is named in the error.
 */
export function parseBytes(text: string, name: string): number {
  const t = text.trim().toLowerCase();
  if (t === 'off' || t === 'none' || t === 'infinity') return Infinity;
  const m = /^(\d+(?:\.\d*)?(?:e[+-]?\d+)?)\s*([a-z]*)$/.exec(t);
  const factor = m ? SUFFIX[m[2]] : undefined;
  const value = m && factor !== undefined ? Number(m[1]) * factor : NaN;
  if (!(value > 0)) {
    throw usageError(
      `${name} must be a positive byte count such as 2000000000, 512M, 2GiB or "off", got "${text}"`,
    );
  }
  return value;
}

/** Where a limit came from, for messages. */
export interface MemoryLimit {
  bytes: number;
  source: string;
}

/**
 * The memory limit in force: `limitBytes` (the `memoryLimit` option) when given, else the
 * `NMFLOW_MEMORY_LIMIT` environment variable, else 75% of the memory available now (capped by
 * a cgroup limit; unknown in a browser, see host.ts), and never more than the wasm heap on the wasm backend.
 */
export function memoryLimit(limitBytes?: number): MemoryLimit {
  if (limitBytes !== undefined) {
    return {
      bytes: checkNumber('memoryLimit', limitBytes, { min: 0, exclusiveMin: true }),
      source: 'option memoryLimit',
    };
  }
  const env = hostEnv('NMFLOW_MEMORY_LIMIT');
  if (env !== undefined && env.trim() !== '') {
    return { bytes: parseBytes(env, 'NMFLOW_MEMORY_LIMIT'), source: 'NMFLOW_MEMORY_LIMIT' };
  }
  const available = availableMemory();
  const fromHost = DEFAULT_MEMORY_FRACTION * available;
  if (tf.getBackend() === 'wasm' && WASM_HEAP_MAX_BYTES < fromHost) {
    return { bytes: WASM_HEAP_MAX_BYTES, source: 'the wasm backend’s 4 GiB heap' };
  }
  if (!Number.isFinite(available)) {
    return { bytes: Infinity, source: 'none: the available memory is unknown here' };
  }
  return {
    bytes: fromHost,
    source: `${DEFAULT_MEMORY_FRACTION * 100}% of the ${formatBytes(available)} available`,
  };
}

/**
 * Throws an NmflowError of kind `memory` when `need` exceeds the limit in force (see
 * `memoryLimit`). `what` names the computation ("NNLS with A 10 × 100000"), `advice` says which
 * input or option to change.
 */
export function checkMemory(
  need: MemoryEstimate | number,
  what: string,
  limitBytes?: number,
  advice = 'reduce the problem size',
): void {
  const { bytes, parts } = typeof need === 'number' ? { bytes: need, parts: {} } : need;
  const limit = memoryLimit(limitBytes);
  if (bytes <= limit.bytes) return;
  const items = Object.entries(parts)
    .filter(([, b]) => b > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, b]) => `${name}: ${formatBytes(b)}`);
  throw new NmflowError(
    'memory',
    `${what} needs about ${formatBytes(bytes)} of memory` +
      (items.length ? ` (largest parts: ${items.join('; ')})` : '') +
      `, more than the limit of ${formatBytes(limit.bytes)} (${limit.source}); ${advice}, ` +
      'or raise the limit with option memoryLimit (bytes) or the environment variable ' +
      'NMFLOW_MEMORY_LIMIT (e.g. 16G, or "off")',
  );
}

/**
 * Rows and columns of a matrix input without reading its entries (a vector is `n × 1`);
 * undefined when the input's shape cannot be seen cheaply (it is then validated later).
 */
export function inputShape(x: unknown): [number, number] | undefined {
  if (x instanceof tf.Tensor) return x.rank === 1 ? [x.shape[0], 1] : (x.shape as [number, number]);
  if (typeof x !== 'object' || x === null) return undefined;
  if ('shape' in x && Array.isArray(x.shape) && x.shape.length === 2) {
    return x.shape as [number, number];
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const arr = x as ArrayLike<unknown>;
    const first = arr[0];
    return Array.isArray(first) ? [arr.length, first.length] : [arr.length, 1];
  }
  return undefined;
}

/**
 * The guard called by `nnls()` and `nnlsGram()` before any tensor is built: `left` is A (or
 * G), `right` is B (or C); `gram` says which form. Inputs whose shape cannot be seen are left
 * to the input validation.
 */
export function checkNnlsMemory(
  left: unknown,
  right: unknown,
  options: { gram?: boolean; solver?: string; memoryLimit?: number },
): void {
  const a = inputShape(left);
  const b = inputShape(right);
  if (!a || !b) return;
  const [m, n] = options.gram ? [0, a[1]] : a;
  const need = estimateNnlsBytes({ m, n, r: b[1], solver: options.solver });
  const form = options.gram ? `G ${a[0]} × ${a[1]}, C ${b[0]} × ${b[1]}` : `A ${m} × ${n}`;
  checkMemory(
    need,
    `NNLS with ${form} and ${b[1]} right-hand side(s)`,
    options.memoryLimit,
    `the Gram matrix alone is ${n} × ${n}; reduce the number of columns n of A or solve fewer right-hand sides at once`,
  );
}

/**
 * The guard called by `factorize()` before the data is converted: X is dense (`rows × cols`)
 * or CSR (`nnz` stored entries). Inputs whose shape cannot be seen are left to the input
 * validation.
 */
export function checkNmfMemory(
  X: unknown,
  options: {
    rank: number;
    /** Float32 copies of a factor the solver keeps (its descriptor's `workCopies`). */
    workCopies?: number;
    solver?: string;
    maxIter?: number;
    checkEvery?: number;
    memoryLimit?: number;
  },
): void {
  const csr = isCsr(X);
  const shape = csr ? (X.shape as [number, number]) : inputShape(X);
  if (!shape || !Number.isFinite(options.rank)) return;
  const [rows, cols] = shape;
  const need = estimateNmfBytes({
    rows,
    cols,
    rank: options.rank,
    nnz: csr ? X.values.length : undefined,
    workCopies: options.workCopies,
    solver: options.solver,
    historyLength: Math.ceil((options.maxIter ?? 200) / (options.checkEvery ?? 1)) + 1,
  });
  checkMemory(
    need,
    `NMF of a ${rows} × ${cols} ${csr ? 'sparse ' : ''}matrix with rank ${options.rank}`,
    options.memoryLimit,
    csr
      ? 'lower rank, or subsample rows or features'
      : 'pass X as a sparse CSR matrix if it is mostly zeros, lower rank, or subsample rows or features',
  );
}
