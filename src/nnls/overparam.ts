/**
 * `overparam`: the paper's method (Chou et al., AISTATS 2025). Gradient descent on u for the
 * loss ℒ(u) = ½‖A u^L − B‖² with x = u^L (depth L = `depth`, default 2), started at
 * x₀ = alpha·1 (default DEFAULT_ALPHA, scaled units). For L = 2 one step is the multiplicative
 * update x⁺ = x ⊙ (1 − 2η∇f(x))², a Riemannian gradient step that never leaves the orthant.
 *
 * Step rules (`step`; η in units of 1/λmax(AᵀA) through `learningRate`):
 * - `fixed`: η_k = η/(k+2)^γ with γ = `decay` (the paper's schedule); learningRate default
 *   FIXED_LEARNING_RATE. Literal GD on u, the same iterates as the diagonal network trained by
 *   tf.train.sgd (src/riemannian/diagonal-network.ts).
 * - `bb`: Barzilai–Borwein (BB1) per column. For L = 2 it is safeguarded by the exact path
 *   objective φ below: the BB step is taken where it lowers the objective, else a
 *   guaranteed-descent step, so it is monotone, never diverges, and needs ≈half the iterations of `exact`
 *   (the default for L = 2). For L ≥ 3 it is clamped to [1e-4, 1e4]·η and so that no entry of
 *   u shrinks by more than half in one step (not monotone).
 * - `armijo`: backtracking, batched: six step sizes (2η … η/16, η per column, carried over
 *   between iterations) are tried at once with one product; the largest with sufficient
 *   decrease and u ≥ 0 wins. Monotone; the default for L ≥ 3.
 * - `exact` (L = 2 only): the exact minimizer along the multiplicative path
 *   x(s) = x ⊙ (1 − s∇f)² = x + s·p + s²·q (see quartic.ts); one product G·[p q] per step and
 *   G·x(s) = Gx + sGp + s²Gq. Monotone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { usageError } from '../errors';
import { iterate, type Stepper } from './driver';
import { columnSums, overparamStart, power, root, uGradient } from './overparam-common';
import { descentStep, minimizeQuartic, quarticValue } from './quartic';
import type { NnlsProblem, NnlsSolver, ResolvedNnlsOptions, StepRule } from './types';

/** Default learningRate (units of 1/λmax) of the `fixed` and `bb` rules. */
export const FIXED_LEARNING_RATE = 0.25;

/** An iterate: u (`n × r`), x = u^L and G·x. */
export interface OverparamIterate {
  u: tf.Tensor2D;
  x: tf.Tensor2D;
  gx: tf.Tensor2D;
}

/** One step rule. `next` returns new tensors and never disposes its arguments. */
interface Rule {
  /** The next iterate from `it` and its gradient g = Gx − C; k = iterations done. */
  next(it: OverparamIterate, g: tf.Tensor2D, k: number): OverparamIterate;
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
    next(it, g, k) {
      return tf.tidy(() => {
        const etaK = o.decay === 0 ? eta : eta / Math.pow(k + 2, o.decay);
        const u = tf.sub(it.u, tf.mul(uGradient(it.u, g, o.depth), etaK)) as tf.Tensor2D;
        const x = power(u, o.depth);
        return { u, x, gx: tf.matMul(p.G, x) as tf.Tensor2D };
      });
    },
    shrink() {
      eta /= 4;
    },
    dispose() {},
  };
}

/** max over rows of L·u^(L−2)·g: a step η with η·rate ≤ ½ shrinks no entry of u by over half. */
function shrinkRate(u: tf.Tensor2D, g: tf.Tensor2D, depth: number): tf.Tensor2D {
  return tf.tidy(() => {
    const rate = depth === 2 ? tf.mul(g, 2) : tf.mul(tf.mul(tf.pow(u, depth - 2), g), depth);
    return tf.max(rate, 0, true) as tf.Tensor2D;
  });
}

function bbRule(p: NnlsProblem, o: ResolvedNnlsOptions): Rule {
  const eta0 = (o.learningRate ?? FIXED_LEARNING_RATE) / (p.lipschitz || 1);
  let scale = 1;
  let prev: { u: tf.Tensor2D; dir: tf.Tensor2D } | undefined;
  const forget = () => {
    if (prev) tf.dispose([prev.u, prev.dir]);
    prev = undefined;
  };
  return {
    incremental: false,
    next(it, g) {
      const dir = uGradient(it.u, g, o.depth);
      const out = tf.tidy(() => {
        let eta: tf.Tensor = tf.fill([1, p.r], eta0);
        if (prev) {
          const du = tf.sub(it.u, prev.u);
          const sy = columnSums(tf.mul(du, tf.sub(dir, prev.dir)));
          const bb = tf.div(columnSums(tf.square(du)), sy);
          eta = tf.clipByValue(tf.where(tf.greater(sy, 0), bb, eta), eta0 * 1e-4, eta0 * 1e4);
        }
        const cap = tf.div(0.5, tf.maximum(shrinkRate(it.u, g, o.depth), 1e-30));
        eta = tf.mul(tf.minimum(eta, cap), scale);
        const u = tf.sub(it.u, tf.mul(dir, eta)) as tf.Tensor2D;
        const x = power(u, o.depth);
        return { u, x, gx: tf.matMul(p.G, x) as tf.Tensor2D };
      });
      forget();
      prev = { u: tf.clone(it.u), dir };
      return out;
    },
    shrink() {
      scale /= 4;
      forget();
    },
    dispose: forget,
  };
}

const ARMIJO_FACTORS = [2, 1, 0.5, 0.25, 0.125, 0.0625];
const ARMIJO_C = 1e-4;

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
  return {
    incremental: true,
    next(it, g) {
      const out = tf.tidy(() => {
        const tile = (t: tf.Tensor2D) => tf.tile(t, [1, K]);
        const dir = uGradient(it.u, g, o.depth);
        const etas = tf.mul(tile(eta), factors);
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
        const nextEta = tf.where(any, pick(etas), tf.div(eta, 32));
        return {
          u: tf.where(any, pick(U), it.u) as tf.Tensor2D,
          x: tf.where(any, pick(X), it.x) as tf.Tensor2D,
          gx: tf.add(it.gx, pick(GD)) as tf.Tensor2D,
          eta: tf.clipByValue(nextEta, eta0 * 1e-12, eta0 * 1e9) as tf.Tensor2D,
        };
      });
      eta.dispose();
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
    },
  };
}

/**
 * Steps along the multiplicative path (L = 2): the exact minimizer of φ, or with `withBB` the
 * Barzilai–Borwein step wherever it lowers φ, else a cheap guaranteed-descent step
 * (quartic.ts `descentStep`): monotone either way.
 */
function exactRule(p: NnlsProblem, withBB: boolean): Rule {
  const r = p.r;
  let prev: { u: tf.Tensor2D; dir: tf.Tensor2D } | undefined;
  const forget = () => {
    if (prev) tf.dispose([prev.u, prev.dir]);
    prev = undefined;
  };
  return {
    incremental: true,
    next(it, g) {
      const dir = withBB ? uGradient(it.u, g, 2) : undefined;
      const out = tf.tidy(() => {
        const pDir = tf.mul(tf.mul(it.x, g), -2);
        const qDir = tf.mul(it.x, tf.square(g));
        const GPQ = tf.matMul(p.G, tf.concat([pDir, qDir], 1));
        const Gp = tf.slice(GPQ, [0, 0], [-1, r]);
        const Gq = tf.slice(GPQ, [0, r], [-1, r]);
        const move = (s: tf.Tensor) => {
          const u = tf.mul(it.u, tf.sub(1, tf.mul(s, g))) as tf.Tensor2D;
          const gx = tf.add(it.gx, tf.mul(s, tf.add(Gp, tf.mul(s, Gq)))) as tf.Tensor2D;
          return { u, x: tf.square(u) as tf.Tensor2D, gx };
        };
        const coef = {
          a1: columnSums(tf.mul(g, pDir)),
          a2: columnSums(tf.add(tf.mul(g, qDir), tf.mul(tf.mul(pDir, Gp), 0.5))),
          a3: columnSums(tf.mul(pDir, Gq)),
          a4: tf.relu(columnSums(tf.mul(tf.mul(qDir, Gq), 0.5))) as tf.Tensor2D,
        };
        if (!withBB) return move(minimizeQuartic(coef));
        let s: tf.Tensor = descentStep(coef);
        if (prev && dir) {
          // u⁺ = u − η·2u⊙g is x(s) with s = 2η; BB1: η = ⟨Δu, Δu⟩ / ⟨Δu, Δdir⟩.
          const du = tf.sub(it.u, prev.u);
          const sy = columnSums(tf.mul(du, tf.sub(dir, prev.dir)));
          const sBB = tf.div(tf.mul(columnSums(tf.square(du)), 2), sy);
          const better = tf.logicalAnd(tf.greater(sy, 0), tf.less(quarticValue(coef, sBB), 0));
          s = tf.where(better, sBB, s);
        }
        return move(s);
      });
      forget();
      if (dir) prev = { u: tf.clone(it.u), dir };
      return out;
    },
    shrink: forget,
    dispose: forget,
  };
}

/** The step rule used when `step` is not given: monotone, never diverges. */
export function defaultStepRule(depth: number): StepRule {
  return depth === 2 ? 'bb' : 'armijo';
}

function makeRule(p: NnlsProblem, o: ResolvedNnlsOptions): Rule {
  const name = o.step ?? defaultStepRule(o.depth);
  if (name === 'exact' && o.depth !== 2) {
    throw usageError(
      `option step "exact" needs depth 2 (the multiplicative path is quadratic only for L = 2), ` +
        `got depth ${o.depth}; use step "armijo"`,
    );
  }
  if (name === 'fixed') return fixedRule(p, o);
  if (name === 'bb') return o.depth === 2 ? exactRule(p, true) : bbRule(p, o);
  if (name === 'armijo') return armijoRule(p, o);
  return exactRule(p, false);
}

export const overparam: NnlsSolver = (p, o) => {
  const rule = makeRule(p, o);
  const L = o.depth;
  let x = overparamStart(p, o);
  let u = root(x, L);
  let gx = tf.matMul(p.G, x) as tf.Tensor2D;
  let grad = tf.sub(gx, p.C) as tf.Tensor2D;
  let gxExact = true;
  const refreshGradient = () => {
    tf.dispose([gx, grad]);
    gx = tf.matMul(p.G, x);
    grad = tf.sub(gx, p.C);
    gxExact = true;
  };
  const stepper: Stepper = {
    get x() {
      return x;
    },
    /** The gradient at x; G·x is recomputed here when the rule updated it incrementally. */
    get grad() {
      if (!gxExact) refreshGradient();
      return grad;
    },
    step(k) {
      const next = rule.next({ u, x, gx }, grad, k);
      tf.dispose([u, x, gx, grad]);
      ({ u, x, gx } = next);
      grad = tf.sub(gx, p.C);
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
      tf.dispose([u, x, gx, grad]);
      rule.dispose();
    },
  };
  return iterate(p, o, stepper, 'overparam');
};
