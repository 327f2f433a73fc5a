/**
 * `hals`: fast HALS, i.e. scikit-learn's coordinate descent solver (`solver='cd'`, Cichocki &
 * Phan 2009; Hsieh & Dhillon 2011) for the Frobenius loss with sklearn's l1/l2 penalties.
 *
 * Each outer iteration is four tfjs ops (kernels/ops.ts, through the engine): X·Ĥᵀ, the W
 * half's sweeps, Wᵀ·X, the H half's sweeps. The products run on X's resident copy (SIMD kernels
 * on worker threads where there is WebAssembly SIMD); the sweep op forms the k × k Gram matrix
 * (float64) and sweeps the rows with float32 arithmetic on the same threads (as sklearn's `cd`
 * does on float32 data): in WebAssembly (sweep-wasm.ts's sweepRows32, eight rows in two v128)
 * where it runs, else the JavaScript kernel (kernels/js/sweep-kernel.ts's loopSweeps32), with
 * the same bits either way. The float64 factors stay with the sweep kernel between calls
 * (registered as its state, keyed by a handle tensor); the extrapolation and the component guard
 * work on them in between. `violation` sums |projected gradient| over both halves' first
 * sweeps, as sklearn's `_update_cdnmf_fast` does, for its stopping rule.
 *
 * Where the active backend's kernels are the composite ones (webgpu, or any backend registered
 * with the 'composite' form), the rule is hals-tensor.ts's instead: the same method with the
 * factors kept as tensors on the backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerHalsState, type HalsSweepState } from '../kernels/hals-sweep-host';
import { halsSweep, timesTransposedOf } from '../kernels/ops';
import {
  runTaskOnThisThread,
  sharedFloat32,
  sharedFloat64,
} from '../kernels/threads/kernel-threads';
import type { NmfData } from './data';
import { ArrayFactors, startInto } from './array-factors';
import { ComponentGuard } from './components';
import { nextExtrapolation, resumedExtrapolation, savedExtrapolation } from './extrapolation';
import { penalty } from './gram-fit';
import { WtxProduct } from './wtx-product';
import type { RuleFactory } from './rule';
import { gramFor } from '../kernels/wasm/gram-wasm';
import { rounded32 } from '../kernels/wasm/host-loops';
import { SWEEP_CHUNK_ROWS, type SweepPayload, type SweepStart } from '../kernels/js/sweep-kernel';
import { WasmSweeps, wasmSweepsAvailable } from '../kernels/wasm/sweep-wasm';
import { halsHalfIsComposite } from '../kernels/hals-half-op';
import { halsOnTensors, MAX_SWEEPS, SWEEP_RATIO } from './hals-tensor';
import { isPenalized } from './options';

/**
 * Sweeps run on the calling thread alone this many times (the first three outer iterations)
 * before the worker threads share them. The JavaScript kernel runs about 40× slower until V8
 * has optimized it (≈ 50 ms of compiling, once per thread); with every thread interpreting at
 * once, and their compilers competing for the same cores, the first two iterations took
 * 230 ms instead of 120 (10,000 MNIST rows, k = 16, two cores).
 */
const CALLING_THREAD_SWEEPS = 6;

/**
 * The float32 sweeps of `sweep-kernel.ts` (loopSweeps32) on `data`'s threads, in chunks of
 * SWEEP_CHUNK_ROWS rows (rows are independent: the same F on any number of threads). F and P
 * must be shared.
 */
export function threadedSweep(data: Pick<NmfData, 'runTask'>, k: number) {
  const slots = new Map<number, Float64Array>();
  const G32 = sharedFloat32(k * k);
  let calls = 0;
  return (F: Float64Array, G: Float64Array, P: Float32Array, rows: number, start: SweepStart) => {
    startInto(F, start);
    G32.set(G);
    const chunks = Math.ceil(rows / SWEEP_CHUNK_ROWS);
    let violations = slots.get(chunks);
    if (!violations) slots.set(chunks, (violations = sharedFloat64(chunks)));
    const payload: SweepPayload = {
      F,
      G: G32,
      P,
      rows,
      k,
      maxSweeps: MAX_SWEEPS,
      ratio: SWEEP_RATIO,
      violations,
    };
    const task = { task: 'hals-sweep' as const, payload, chunks };
    if (++calls <= CALLING_THREAD_SWEEPS) runTaskOnThisThread(task);
    else data.runTask(task);
    let total = 0;
    for (let c = 0; c < chunks; c++) total += violations[c];
    return total;
  };
}

/**
 * With `extrapolate` (the default when H is updated too), each outer iteration starts from the
 * extrapolated points of `extrapolation.ts` rather than from the last iterates: on 10,000 MNIST
 * digits at rank 16 it reaches sklearn's final error in 44 outer iterations against 95 without
 * (sklearn's `cd`: 200).
 */
export const hals: RuleFactory = (ctx) =>
  halsHalfIsComposite() ? halsOnTensors(ctx) : halsOnHost(ctx);

/** hals with float64 factors on the host, swept by the stateful op halsSweep. */
const halsOnHost: RuleFactory = ({
  data,
  W: W0,
  H: H0,
  penalties: pen,
  updateH,
  options,
  state,
  matrices,
}) => {
  const n = data.rows;
  const m = data.cols;
  const k = W0.shape[1];
  const gram = gramFor(k);
  // The arrays the sweeps write or read on worker threads live in the wasm sweeps' memory, or
  // on SharedArrayBuffers for the JavaScript kernel.
  // Room for W, Hᵀ and their previous iterates (float64; Ŵ is made where the sweeps start, Ĥᵀ
  // in Hᵀ: ArrayFactors), X·Ĥᵀ and Xᵀ·W (float32), and Wᵀ·X and its low part (`k × m` float32;
  // the host loops read them where they lie).
  const arrayBytes = (2 * 8 + 4) * (n + m) * k + 2 * 4 * m * k + 64 * 10;
  const wasm = wasmSweepsAvailable(arrayBytes)
    ? new WasmSweeps(Math.max(n, m), k, arrayBytes, true)
    : undefined;
  const sweep = wasm
    ? (F: Float64Array, G: Float64Array, P: Float32Array, rows: number, start: SweepStart) =>
        wasm.sweep((task) => data.runTask(task), F, G, P, rows, MAX_SWEEPS, SWEEP_RATIO, start)
    : threadedSweep(data, k);
  const make = (length: number) => (wasm ? wasm.f64(length) : sharedFloat64(length));
  const extrapolating = updateH && options.extrapolate;
  const factors = new ArrayFactors(W0, H0, make, extrapolating, matrices);
  const { w, ht } = factors;
  const P = wasm ? wasm.f32(n * k) : sharedFloat32(n * k); // X·Ĥᵀ
  // Xᵀ·W; before the H half, Ĥᵀ in float32 (the factor of the W half's product X·Ĥᵀ).
  const Q = wasm ? wasm.f32(m * k) : sharedFloat32(m * k);
  const make32 = (length: number) => (wasm ? wasm.f32(length) : new Float32Array(length));
  const product = new WtxProduct(data, k, m, make32); // Wᵀ·X, read as WtX until the next step
  // Where the factors are rounded to float32 at a check point: P and Q, like Wᵀ·X's buffer made
  // afresh by the next step, are free there.
  const roundedRows = { w: P, ht: Q };
  let extra = resumedExtrapolation(state);
  const penalized = isPenalized(pen);
  const guard = new ComponentGuard(data, k, options.maxIter, penalized);
  let WtX: Float32Array | undefined;
  let fit: { squaredError: number; penalty: number; precise: boolean } | undefined;
  let violation = 0;
  const sweepState: HalsSweepState = {
    k,
    rows: [n, m],
    factors: [w, ht],
    starts: [w, ht],
    products: [P, Q],
    sweep,
    gram: wasm && ((F, rows) => wasm.gram((task) => data.runTask(task), F, rows)),
    violation: [0, 0],
  };
  // The sweep kernel's state is found by this tensor's data.
  const handle = tf.keep(tf.scalar(0, 'int32'));
  registerHalsState(handle, sweepState);

  /** One outer iteration's ops: W (and H) swept, Wᵀ·X into `product`. */
  function iterate(): void {
    const X = data.operand();
    sweepState.grams = undefined;
    tf.tidy(() => {
      // W half: min ½‖X − WĤ‖² over W ≥ 0 from Ŵ, with Gram ĤĤᵀ and right-hand side X·Ĥᵀ.
      sweepState.starts[0] = factors.takeStarts(); // and Ĥᵀ in ht
      rounded32(ht, Q);
      const HtHat = tf.tensor2d(Q, [m, k]);
      const XHt = timesTransposedOf(X, HtHat);
      HtHat.dispose(); // its place in the backend's memory is the next tensors'
      const W = halsSweep(handle, XHt, {
        side: 0,
        l1: pen.l1W,
        l2: pen.l2W,
      });
      if (!updateH) return;
      // H half on the transposed problem from Ĥᵀ: Gram WᵀW, right-hand side Xᵀ·W.
      halsSweep(handle, product.read(X, W.f), { side: 1, l1: pen.l1H, l2: pen.l2H });
    });
    violation = sweepState.violation[0] + (updateH ? sweepState.violation[1] : 0);
  }

  return {
    get W() {
      return factors.tensorW;
    },
    get H() {
      return factors.tensorH;
    },
    get WtX() {
      return WtX;
    },
    get fit() {
      return fit;
    },
    get violation() {
      return violation;
    },
    get state() {
      return savedExtrapolation(extra);
    },
    matrices: () => factors.matrices(),
    factorRows: () => ({ ...factors.rows32(roundedRows), wtxRoom: product.room }),
    async step(iteration) {
      factors.changing();
      WtX = undefined;
      fit = undefined;
      iterate();
      if (!updateH) return;
      WtX = product.wtx;
      // Wᵀ·X is that of W rounded to float32 (the factor handed out): where it was summed in
      // float64 the fit takes Hᵀ and the Gram matrices rounded too, so that it is the handed-out
      // factors' to its last digits (float64 ones moved it by 5e-8 of it on sparse-20).
      const rows = product.summedInFloat64 ? factors.rows32(roundedRows) : { w, ht };
      const own = rows.w === w;
      // WᵀW of this W is the one the H half swept against.
      const gramW = (own && sweepState.grams?.[1]) || gram(rows.w, n);
      // HᵀH on the sweeps' threads where they take it (the same bits).
      const gramH = (own && sweepState.gram?.(ht, m)) || gram(rows.ht, m);
      fit = { ...product.squaredError(gramW, gramH, rows.ht), penalty: penalty(w, ht, pen) };
      // The guard's norms from the Gram matrices of the factors themselves (not their rounding).
      // P (X·Ĥᵀ) is made afresh by the next iteration: a re-seed's products may go there.
      const guarded = guard.check(
        factors,
        iteration + 1,
        own ? gramH : undefined,
        own ? gramW : undefined,
        P,
      );
      if (guarded.balanced > 0) WtX = undefined; // rows of WᵀX scaled
      if (guarded.reseeded + guarded.zeroed > 0) {
        // The factors changed: measure afresh, restart the extrapolation from them.
        WtX = undefined;
        fit = undefined;
        extra = { ...extra, previous: Infinity };
        if (extrapolating) factors.extrapolate(0);
        return;
      }
      if (!extrapolating) return;
      const next = nextExtrapolation(extra, 0.5 * fit.squaredError + fit.penalty);
      extra = next.state;
      factors.extrapolate(next.extrapolate ? extra.beta : 0);
    },
    dispose() {
      handle.dispose();
      factors.dispose();
      wasm?.dispose();
    },
  };
};
