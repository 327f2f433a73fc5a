/**
 * `overparam`: the paper's method (Chou et al., AISTATS 2025). Gradient descent on u for the
 * loss ℒ(u) = ½‖A u^L − B‖² with x = u^L (depth L = `depth`, default 2), started at
 * x₀ = alpha·1 (default DEFAULT_ALPHA, scaled units). For L = 2 one step is the multiplicative
 * update x⁺ = x ⊙ (1 − 2η∇f(x))², a Riemannian gradient step that never leaves the orthant.
 *
 * Step rules (`step`; η in units of 1/λmax(AᵀA) through `learningRate`):
 * - `fixed`: η_k = η/(k+2)^γ with γ = `decay` (the paper's schedule); learningRate default
 *   FIXED_LEARNING_RATE. Literal GD on u, the same iterates as the diagonal network trained by
 *   tf.train.sgd (src/riemannian/diagonal-network.ts). Too large a step oscillates or (after a
 *   non-finite value) is quartered by the driver's recovery.
 * - `bb` (the default, any depth; when `step` is not given it ends with APG, see
 *   overparam-finish.ts): Barzilai–Borwein steps with a non-monotone safeguard: the
 *   objective is kept below the maximum of its last 10 accepted values (and so below f(x₀)),
 *   measured exactly from the product the next gradient needs anyway; a rejected column keeps
 *   its iterate and quarters its step. One product per iteration; never diverges, never NaN.
 *   First step learningRate/λmax (default 1), as for `armijo`.
 * - `armijo`: backtracking, batched: six step sizes (the BB step, or twice the last accepted
 *   one, down to 1/32 of it) are tried at once with one n × 6r product; the largest with
 *   sufficient decrease and u ≥ 0 wins. Monotone.
 * - `exact` (L = 2 only): the exact minimizer along the multiplicative path
 *   x(s) = x ⊙ (1 − s∇f)² = x + s·p + s²·q (see quartic.ts); one product G·[p q] per step and
 *   G·x(s) = Gx + sGp + s²Gq. Monotone, but it zig-zags like any exact steepest descent.
 *
 * `fixed` and `bb` run one fused kernel per iteration (src/kernels/nnls-ops.ts); `armijo` and
 * `exact` are written in tf ops.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { ARMIJO_C, BB_MEMORY } from '../kernels/js/bb-columns';
import { iterate, type Stepper } from './driver';
import { columnSums, overparamStart, power, root, uGradient } from './overparam-common';
import { withApgFinish } from './overparam-finish';
import { minimizeQuartic } from '../kernels/quartic';
import { bbStep, overparamStep } from '../kernels/nnls-ops';
import type { NnlsProblem, NnlsSolver, ResolvedNnlsOptions, StepRule } from './types';

/** Default learningRate (units of 1/λmax) of the `fixed` rule. */
export const FIXED_LEARNING_RATE = 0.25;

/** Sufficient decrease of `bb` and `armijo` (ARMIJO_C) and bb's memory: the kernels' constants. */
export { ARMIJO_C, BB_MEMORY };

/** An iterate: u (`n × r`), x = u^L and G·x. */
export interface OverparamIterate {
  u: tf.Tensor2D;
  x: tf.Tensor2D;
  gx: tf.Tensor2D;
}

/** One step rule. `next` returns new tensors and never disposes its arguments. */
interface Rule {
  /** The next iterate from `it` (whose gradient is g = it.gx − C); k = iterations done. */
  next(it: OverparamIterate, k: number): OverparamIterate;
  /** True when `next` updates G·x incrementally (then it is recomputed at check points). */
  readonly incremental: boolean;
  /** Makes steps smaller after a non-finite value. */
  shrink(): void;
  dispose(): void;
}

function fixedRule(p: NnlsProblem, o: ResolvedNnlsOptions): Rule {
  let eta = (o.learningRate ?? FIXED_LEARNING_RATE) / (p.lipschitz || 1);
  return {
    incremental: false,
    next(it, k) {
      const etaK = o.decay === 0 ? eta : eta / Math.pow(k + 2, o.decay);
      const [u, x, gx] = overparamStep(p.G, p.C, it, { depth: o.depth, eta: etaK });
      return { u, x, gx };
    },
    shrink() {
      eta /= 4;
    },
    dispose() {},
  };
}

/**
 * The previous u and ∇ℒ(u), for Barzilai–Borwein steps. `propose` gives the BB1 step
 * ⟨Δu, Δu⟩/⟨Δu, Δ∇ℒ⟩ per column (`1 × r`) and where it is usable (curvature ⟨Δu, Δ∇ℒ⟩ > 0).
 */
function bbMemory() {
  let prev: { u: tf.Tensor2D; dir: tf.Tensor2D } | undefined;
  const forget = () => {
    if (prev) tf.dispose([prev.u, prev.dir]);
    prev = undefined;
  };
  return {
    forget,
    /** Keeps clones of u and dir for the next proposal (call outside tf.tidy). */
    remember(u: tf.Tensor2D, dir: tf.Tensor2D) {
      forget();
      prev = { u: tf.clone(u), dir: tf.clone(dir) };
    },
    propose(u: tf.Tensor2D, dir: tf.Tensor2D): { eta: tf.Tensor; ok: tf.Tensor } | undefined {
      if (!prev) return undefined;
      const du = tf.sub(u, prev.u);
      const sy = columnSums(tf.mul(du, tf.sub(dir, prev.dir)));
      return { eta: tf.div(columnSums(tf.square(du)), sy), ok: tf.greater(sy, 0) };
    },
  };
}

/**
 * Barzilai–Borwein steps with a non-monotone safeguard (Grippo–Lampariello–Lucidi, as in
 * spectral projected gradient). Per column the BB1 step is tried and accepted where
 * f(x⁺) ≤ max(f over the last BB_MEMORY accepted iterates) − ARMIJO_C·η‖∇ℒ‖² and u stays ≥ 0;
 * elsewhere the column keeps its iterate and quarters its step. f is tracked per column
 * relative to f(x₀) by summing exact increments ⟨d, g + ½Gd⟩ (no cancellation), from the
 * product G·x⁺ that the next gradient needs anyway: one product per iteration. The objective
 * never exceeds f(x₀), and no step that produces a non-finite value is ever taken.
 */
function bbRule(p: NnlsProblem, o: ResolvedNnlsOptions): Rule {
  const eta0 = (o.learningRate ?? 1) / (p.lipschitz || 1);
  let eta = tf.fill([1, p.r], eta0) as tf.Tensor2D;
  let recent = tf.zeros([BB_MEMORY, p.r]) as tf.Tensor2D;
  let level = tf.zeros([1, p.r]) as tf.Tensor2D;
  // The previous u and ∇ℒ(u), for the BB step (none before the first step and after a restart).
  let uPrev: tf.Tensor2D | undefined;
  let dirPrev: tf.Tensor2D | undefined;
  const forget = () => {
    tf.dispose([uPrev, dirPrev].filter((t) => t !== undefined));
    uPrev = dirPrev = undefined;
  };
  return {
    incremental: false,
    next(it) {
      const [u, x, gx, etaNext, levelNext, recentNext, uUsed, dirUsed] = bbStep(
        p.G,
        p.C,
        { ...it, eta, level, recent, uPrev, dirPrev },
        { depth: o.depth, eta0, armijoC: ARMIJO_C },
      );
      forget();
      tf.dispose([eta, level, recent]);
      [eta, level, recent] = [etaNext, levelNext, recentNext];
      uPrev = uUsed;
      dirPrev = dirUsed;
      return { u, x, gx };
    },
    shrink() {
      // The driver restarts from an earlier iterate: forget the objective levels too.
      const smaller = tf.div(eta, 4) as tf.Tensor2D;
      tf.dispose([eta, level, recent]);
      eta = smaller;
      level = tf.zeros([1, p.r]);
      recent = tf.zeros([BB_MEMORY, p.r]);
      forget();
    },
    dispose() {
      tf.dispose([eta, level, recent]);
      forget();
    },
  };
}

const ARMIJO_FACTORS = [1, 0.5, 0.25, 0.125, 0.0625, 0.03125];

function armijoRule(p: NnlsProblem, o: ResolvedNnlsOptions): Rule {
  const K = ARMIJO_FACTORS.length;
  const r = p.r;
  const eta0 = (o.learningRate ?? 1) / (p.lipschitz || 1);
  let eta = tf.fill([1, r], eta0) as tf.Tensor2D;
  // Candidate j occupies columns j·r … (j+1)·r − 1 of the n × K·r blocks.
  const factors = tf.tensor2d(
    ARMIJO_FACTORS.flatMap((f) => new Array<number>(r).fill(f)),
    [1, K * r],
  );
  const memory = bbMemory();
  return {
    incremental: true,
    next(it) {
      const g = tf.sub(it.gx, p.C) as tf.Tensor2D;
      const dir = uGradient(it.u, g, o.depth);
      const out = tf.tidy(() => {
        const tile = (t: tf.Tensor) => tf.tile(t, [1, K]);
        // First trial: the BB step where it is defined, else twice the last accepted step.
        const bb = memory.propose(it.u, dir);
        const base = bb ? tf.where(bb.ok, bb.eta, tf.mul(eta, 2)) : tf.mul(eta, 2);
        const etas = tf.mul(tile(tf.clipByValue(base, eta0 * 1e-12, eta0 * 1e9)), factors);
        const U = tf.sub(tile(it.u), tf.mul(tile(dir), etas)) as tf.Tensor2D;
        const X = power(U, o.depth);
        const D = tf.sub(X, tile(it.x));
        const GD = tf.matMul(p.G, D);
        // f(x + d) − f(x) = ⟨d, g + ½Gd⟩: exact, and free of the cancellation of f itself.
        const change = columnSums(tf.mul(D, tf.add(tile(g), tf.mul(GD, 0.5))));
        const wanted = tf.mul(tf.mul(etas, tile(columnSums(tf.square(dir)))), -ARMIJO_C);
        const ok = tf.reshape(
          tf.logicalAnd(
            tf.logicalAnd(tf.lessEqual(change, wanted), tf.logicalNot(tf.isNaN(change))),
            tf.greaterEqual(tf.min(U, 0, true), 0),
          ),
          [K, r],
        );
        const any = tf.any(ok, 0, true);
        const first = tf.transpose(tf.oneHot(tf.argMax(tf.cast(ok, 'int32'), 0), K));
        const chosen = tf.reshape(tf.logicalAnd(tf.cast(first, 'bool'), any), [1, K * r]);
        const pick = (T: tf.Tensor) =>
          tf.sum(tf.reshape(tf.where(chosen, T, tf.zerosLike(T)), [-1, K, r]), 1) as tf.Tensor2D;
        const nextEta = tf.where(
          any,
          pick(etas),
          tf.mul(tf.slice(etas, [0, (K - 1) * r], [1, r]), 0.5),
        );
        return {
          u: tf.where(any, pick(U), it.u) as tf.Tensor2D,
          x: tf.where(any, pick(X), it.x) as tf.Tensor2D,
          gx: tf.add(it.gx, pick(GD)) as tf.Tensor2D,
          eta: nextEta as tf.Tensor2D,
        };
      });
      memory.remember(it.u, dir);
      tf.dispose([g, dir, eta]);
      eta = out.eta;
      return { u: out.u, x: out.x, gx: out.gx };
    },
    shrink() {
      const smaller = tf.div(eta, 4) as tf.Tensor2D;
      eta.dispose();
      eta = smaller;
    },
    dispose() {
      tf.dispose([eta, factors]);
      memory.forget();
    },
  };
}

/** The exact minimizer of the objective along the multiplicative path (L = 2). */
function exactRule(p: NnlsProblem): Rule {
  const r = p.r;
  return {
    incremental: true,
    next(it) {
      return tf.tidy(() => {
        const g = tf.sub(it.gx, p.C);
        const pDir = tf.mul(tf.mul(it.x, g), -2);
        const qDir = tf.mul(it.x, tf.square(g));
        const GPQ = tf.matMul(p.G, tf.concat([pDir, qDir], 1));
        const Gp = tf.slice(GPQ, [0, 0], [-1, r]);
        const Gq = tf.slice(GPQ, [0, r], [-1, r]);
        const s = minimizeQuartic({
          a1: columnSums(tf.mul(g, pDir)),
          a2: columnSums(tf.add(tf.mul(g, qDir), tf.mul(tf.mul(pDir, Gp), 0.5))),
          a3: columnSums(tf.mul(pDir, Gq)),
          a4: tf.relu(columnSums(tf.mul(tf.mul(qDir, Gq), 0.5))) as tf.Tensor2D,
        });
        const u = tf.mul(it.u, tf.sub(1, tf.mul(s, g))) as tf.Tensor2D;
        const gx = tf.add(it.gx, tf.mul(s, tf.add(Gp, tf.mul(s, Gq)))) as tf.Tensor2D;
        return { u, x: tf.square(u) as tf.Tensor2D, gx };
      });
    },
    shrink() {},
    dispose() {},
  };
}

/** The step rule used when `step` is not given: safeguarded, never diverges or gives NaN. */
export function defaultStepRule(): StepRule {
  return 'bb';
}

function makeRule(p: NnlsProblem, o: ResolvedNnlsOptions): Rule {
  const name = o.step ?? defaultStepRule();
  if (name === 'exact' && o.depth !== 2) {
    throw usageError(
      `option step "exact" needs depth 2 (the multiplicative path is quadratic only for L = 2), ` +
        `got depth ${o.depth}; use step "armijo"`,
    );
  }
  if (name === 'fixed') return fixedRule(p, o);
  if (name === 'bb') return bbRule(p, o);
  if (name === 'armijo') return armijoRule(p, o);
  return exactRule(p);
}

export const overparam: NnlsSolver = (p, o) => {
  const rule = makeRule(p, o);
  const L = o.depth;
  let x = overparamStart(p, o);
  let u = root(x, L);
  let gx = tf.matMul(p.G, x) as tf.Tensor2D;
  // The gradient gx − C, made only when the driver asks for it (at check points).
  let grad: tf.Tensor2D | undefined;
  let gxExact = true;
  const dropGradient = () => {
    grad?.dispose();
    grad = undefined;
  };
  const refreshGradient = () => {
    dropGradient();
    gx.dispose();
    gx = tf.matMul(p.G, x) as tf.Tensor2D;
    gxExact = true;
  };
  const stepper: Stepper = {
    get x() {
      return x;
    },
    /** The gradient at x; G·x is recomputed here when the rule updated it incrementally. */
    get grad() {
      if (!gxExact) refreshGradient();
      grad ??= tf.sub(gx, p.C) as tf.Tensor2D;
      return grad;
    },
    step(k) {
      const next = rule.next({ u, x, gx }, k);
      dropGradient();
      tf.dispose([u, x, gx]);
      ({ u, x, gx } = next);
      gxExact = !rule.incremental;
    },
    recover(good) {
      rule.shrink();
      tf.dispose([u, x]);
      x = tf.clone(good);
      u = root(x, L);
      refreshGradient();
      return true;
    },
    dispose() {
      dropGradient();
      tf.dispose([u, x, gx]);
      rule.dispose();
    },
  };
  return iterate(p, o, o.step === undefined ? withApgFinish(p, o, stepper) : stepper, 'overparam');
};
