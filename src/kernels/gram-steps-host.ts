/**
 * The host form of gramHalfStep (gram-steps-op.ts) on typed arrays, in float64: each method's
 * iteration (the same math as its tensor solver, see gram-steps-methods.ts) on every column,
 * under the NNLS driver's rule (check points, stopping, restarts after a non-finite value).
 * Inside, each column of the problem is contiguous (`r × k`): G·x costs k² per column. The
 * columns advance in fixed chunks on the kernels' threads (gram-steps-chunk.ts), `checkEvery`
 * iterations per command, each chunk summing its part of the residual check; the calling thread
 * adds those in chunk order and decides the stops and restarts, so the result is the same, bit
 * for bit, on any number of threads.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { X0_FLOOR } from './overparam-maps';
import { kernelIO } from './kernel-io';
import {
  GRAM_STEP_DIVERGED,
  GRAM_STEP_MAX_RECOVERIES,
  kktDiverged,
  GRAM_STEP_OK,
  GRAM_STEP_OVERFLOW,
  type GramMethod,
  type GramStepAttrs,
} from './gram-steps-attrs';
import {
  CTL_FROM,
  CTL_PHASE,
  CTL_ROWS,
  CTL_START_GRADIENT,
  CTL_TO,
  CTL_WORDS,
  GRAM_CHUNK_COLUMNS,
  PHASE_LOAD,
  PHASE_RESTART,
  PHASE_SOLUTION,
  PHASE_STEPS,
  type GramStepsPayload,
} from './gram-steps-chunk';
import { METHODS } from './gram-steps-methods';
import { PARAMS, P_DECAY, P_DEPTH, P_FLOOR, P_LIP, P_RATE, P_STEP } from './gram-steps-problem';
import { runKernelTask } from './task-threads';
import { sharedFloat32, sharedFloat64 } from './threads/kernel-threads';
import { MAX_KERNEL_BYTES, align, kernelModule } from './wasm/kernel-memory';
import { memoryPayload, ownMemory, releaseKernel, type MemoryPayload } from './wasm/own-memory';

/**
 * The shared arrays of the last few methods and shapes (anls alternates two shapes): kept, so
 * that a call neither allocates ≈ (8 + the method's vectors)·8·k·r bytes of shared memory nor
 * posts a new payload to the workers. Nothing carries over from one call to the next.
 */
const KEPT = 4;
const kept = new Map<string, GramStepsPayload>();

/**
 * Whether payloads go on a WebAssembly memory (products.wat's kernels) where it can: tests turn
 * it off to compare the loop form, which must give the same bits.
 */
export const gramStepsWasm = { enabled: true };

/**
 * The float64 arrays of a payload, `lengths` entries each: views of one WebAssembly memory of
 * their own (products.wat's gramColumns64 then runs the G·x products), else separate shared
 * buffers (no WebAssembly SIMD, or more than wasm32 addresses).
 */
function float64Arrays(lengths: number[]): { arrays: Float64Array[]; mem?: MemoryPayload } {
  // Offset 0 stays unused: gramColumns64 reads a pointer 0 as "no c".
  let bytes = 64;
  const offsets = lengths.map((n) => {
    const at = bytes;
    bytes += align(8 * n);
    return at;
  });
  if (!gramStepsWasm.enabled || kernelModule() === null || bytes >= MAX_KERNEL_BYTES) {
    return { arrays: lengths.map((n) => sharedFloat64(n)) };
  }
  const { memory, id } = ownMemory(bytes);
  const arrays = lengths.map((n, i) => new Float64Array(memory.buffer, offsets[i], n));
  return { arrays, mem: memoryPayload(memory, id) };
}

function payloadFor(method: GramMethod, k: number, r: number): GramStepsPayload {
  const key = `${method} ${k}×${r}${gramStepsWasm.enabled ? '' : ' loop'}`;
  let p = kept.get(key);
  if (p) {
    kept.delete(key);
  } else {
    const spec = METHODS[method];
    const kr = k * r;
    const chunkSums = 2 * Math.ceil(r / GRAM_CHUNK_COLUMNS);
    const fixedArrays = [
      k * k,
      k * k,
      kr,
      kr,
      kr,
      kr,
      kr,
      kr,
      PARAMS,
      CTL_WORDS,
      chunkSums,
      chunkSums,
    ];
    const lengths = [
      ...fixedArrays,
      ...Array<number>(spec.vectors).fill(kr),
      ...Array<number>(spec.columns).fill(r),
    ];
    const { arrays, mem } = float64Arrays(lengths);
    const [G, GT, c, start, x, good, g, g0, params, ctl, sums, startSums] = arrays;
    const rest = arrays.slice(fixedArrays.length);
    p = {
      method,
      k,
      r,
      G,
      GT,
      mem,
      c,
      start,
      x,
      good,
      g,
      g0,
      params,
      vectors: rest.slice(0, spec.vectors),
      columns: rest.slice(spec.vectors),
      C32: sharedFloat32(kr),
      x032: sharedFloat32(kr),
      out32: sharedFloat32(kr),
      ctl,
      sums,
      startSums,
    };
    if (kept.size >= KEPT) {
      const oldest = kept.keys().next().value as string;
      const id = kept.get(oldest)!.mem?.id;
      if (id !== undefined) releaseKernel(id);
      kept.delete(oldest);
    }
  }
  kept.set(key, p);
  return p;
}

/**
 * ‖min(λ·x, g)‖² from the chunks' sums (gram-steps-chunk.ts), added in chunk order; NaN when
 * the objective ½⟨x, g − c⟩ is not finite (the driver stops on either).
 */
function residualSq(sums: Float64Array): number {
  let s = 0;
  let objective = 0;
  for (let i = 0; i < sums.length; i += 2) {
    s += sums[i];
    objective += sums[i + 1];
  }
  return Number.isFinite(objective) ? s : NaN;
}

/**
 * x (`k × r`, into `out`) for G `k × k`, C and x0 `k × r` (row-major, as the tensors; all three
 * `r × k` with `a.rows`); returns [iterations, relative KKT residual, status].
 */
export function gramHalfStepHost(
  G: ArrayLike<number>,
  C: ArrayLike<number>,
  x0: ArrayLike<number>,
  k: number,
  r: number,
  a: GramStepAttrs,
  out: Float32Array,
): [number, number, number] {
  const p = payloadFor(a.method, k, r);
  const { ctl, params, c, x, good } = p;
  const chunks = Math.ceil(r / GRAM_CHUNK_COLUMNS);
  const run = (phase: number, from = 0, to = 0) => {
    ctl[CTL_PHASE] = phase;
    ctl[CTL_FROM] = from;
    ctl[CTL_TO] = to;
    runKernelTask({ task: 'gram-steps', payload: p, chunks });
  };
  const lip = a.lipschitz || 1;
  p.G.set(G);
  for (let i = 0; i < k; i++) for (let t = 0; t < k; t++) p.GT[t * k + i] = p.G[i * k + t];
  p.C32.set(C);
  p.x032.set(x0);
  params[P_LIP] = lip;
  params[P_RATE] = a.learningRate;
  params[P_DEPTH] = a.depth;
  params[P_FLOOR] = a.alpha * X0_FLOOR;
  params[P_DECAY] = a.decay;
  params[P_STEP] = a.method === 'overparam-nesterov' ? a.learningRate : a.learningRate / lip;
  ctl[CTL_START_GRADIENT] = a.tol < 0 ? 1 : 0;
  ctl[CTL_ROWS] = a.rows ? 1 : 0;
  run(PHASE_LOAD);
  let cNormSq = 0;
  for (let e = 0; e < c.length; e++) cNormSq += c[e] * c[e];
  if (!Number.isFinite(cNormSq)) return (out.fill(0), [0, Infinity, GRAM_STEP_OVERFLOW]);
  if (cNormSq === 0) return (out.fill(0), [0, 0, GRAM_STEP_OK]);
  const cNorm = Math.sqrt(cNormSq);
  const kktOf = (sums: Float64Array) => Math.sqrt(residualSq(sums)) / cNorm;
  const tol = a.tol < 0 ? Math.max(a.tolFloor, a.tolFactor * kktOf(p.startSums)) : a.tol;
  good.set(x);
  let goodIteration = 0;
  let recoveries = 0;
  let iteration = 0;
  let kkt = Infinity;
  let status = GRAM_STEP_OK;
  // g holds the gradient at x, the iterate after `iteration` iterations (a check point).
  let startKkt = NaN;
  for (;;) {
    kkt = kktOf(p.sums);
    if (iteration === 0 && recoveries === 0) startKkt = kkt;
    if (kktDiverged(kkt, startKkt)) {
      if (recoveries++ < GRAM_STEP_MAX_RECOVERIES) {
        params[P_STEP] /= 4;
        iteration = goodIteration;
        run(PHASE_RESTART);
        continue;
      }
      status = GRAM_STEP_DIVERGED;
      break;
    }
    good.set(x);
    goodIteration = iteration;
    if (kkt <= tol || iteration >= a.maxIter) break;
    const next = Math.min(a.maxIter, (Math.floor(iteration / a.checkEvery) + 1) * a.checkEvery);
    run(PHASE_STEPS, iteration, next);
    iteration = next;
  }
  run(PHASE_SOLUTION);
  out.set(p.out32);
  return [iteration, kkt, status];
}

type KernelArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: tf.KernelBackend;
  attrs?: tf.NamedAttrMap;
};

/** The kernelFunc of GRAM_HALF_STEP on the host backends: inputs {g, c, x0} → [x, info]. */
export function gramHalfStepKernel(args: KernelArgs): tf.TensorInfo[] {
  const { g, c, x0 } = args.inputs as Record<string, tf.TensorInfo>;
  const attrs = args.attrs as unknown as GramStepAttrs;
  const [k, r] = attrs.rows ? [c.shape[1], c.shape[0]] : c.shape;
  const io = kernelIO(args.backend);
  const [x, info] = io.outputs([c.shape, [3]]);
  info.set(gramHalfStepHost(io.read(g), io.read(c), io.read(x0), k, r, attrs, x));
  return io.finish();
}
