/**
 * The host form of the fused half-step (ops.ts's overparamHalfStep) on `wasm` and `cpu`:
 * G = FᵀF in float64 (the same Gram kernel as before, so the same bits), the penalties, λmax(G),
 * then overparamGramBb on every column: the wasm pair kernel (depth 2) or the column kernel, on
 * the kernels' threads (with its projected finish from `switchAt`). One kernel call per half-step, whatever its inner iterations.
 */
import { GramBbWorkspace, overparamGramBb } from './overparam-gram';
import { largestEigenvalue, sumSquares32 } from './wasm/host-loops';
import { gramFor } from './wasm/gram-wasm';
import type { GramKernel } from './js/sweep-kernel';
import type { HalfStepAttrs } from './half-step-attrs';
import { runKernelTask } from './task-threads';

const grams = new Map<number, GramKernel>();

/** FᵀF (`k × k`, float64) for F `rows × k` row-major. */
export function gram64(F: ArrayLike<number>, rows: number, k: number): Float64Array {
  let g = grams.get(k);
  if (!g) grams.set(k, (g = gramFor(k)));
  return g(F as Float32Array, rows);
}

/**
 * The BB states of the last few shapes (each call loads its state afresh: nothing carries over
 * from one call to the next but the allocation).
 */
const KEPT_SHAPES = 4;
const workspaces = new Map<string, GramBbWorkspace>();

function workspaceFor(k: number, r: number, depth: number): GramBbWorkspace {
  const key = `${k}×${r}×${depth}`;
  let w = workspaces.get(key);
  if (w) {
    workspaces.delete(key);
  } else {
    w = new GramBbWorkspace();
    if (workspaces.size >= KEPT_SHAPES) {
      const [oldest] = workspaces.keys();
      workspaces.get(oldest)!.dispose();
      workspaces.delete(oldest);
    }
  }
  workspaces.set(key, w);
  return w;
}

/** Lets go of the kept BB states (their memory goes with them). */
export function releaseHalfStepMemory(): void {
  for (const w of workspaces.values()) w.dispose();
  workspaces.clear();
}

/**
 * x (`r × k`, into `out`) for F `rows × k`, P and x0 `r × k`; returns [iterations, relative
 * KKT residual, 1 when ‖P − l1‖² is not finite, else 0].
 */
export function halfStepHost(
  F: ArrayLike<number>,
  rows: number,
  P: Float32Array,
  x0: ArrayLike<number>,
  r: number,
  k: number,
  a: HalfStepAttrs,
  out: Float32Array,
): [number, number, number] {
  const G = gram64(F, rows, k);
  if (a.l2 !== 0) for (let t = 0; t < k; t++) G[t * k + t] += a.l2;
  let C = P;
  if (a.l1 !== 0) {
    C = Float32Array.from(P);
    for (let i = 0; i < C.length; i++) C[i] -= a.l1;
  }
  const cNormSq = sumSquares32(C);
  if (!Number.isFinite(cNormSq)) return (out.fill(0), [0, Infinity, 1]);
  if (cNormSq === 0) return (out.fill(0), [0, 0, 0]);
  const { tol, tolFactor, tolFloor } = a;
  const result = overparamGramBb(
    G,
    C,
    x0,
    k,
    r,
    {
      depth: a.depth,
      alpha: a.alpha,
      learningRate: a.learningRate,
      lipschitz: largestEigenvalue(G, k),
      tol: tol >= 0 ? tol : (kkt0: number) => Math.max(tolFloor, tolFactor * kkt0),
      maxIter: a.maxIter,
      checkEvery: a.checkEvery,
      layout: 'columns',
      cNorm: Math.sqrt(cNormSq),
      switchAt: a.switchAt,
    },
    runKernelTask,
    workspaceFor(k, r, a.depth),
    out,
  );
  return [result.iterations, result.kktResidual, 0];
}
