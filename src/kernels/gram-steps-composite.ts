/**
 * The composite form of gramHalfStep (gram-steps-op.ts) in tf ops, for the backends without
 * nmflow's host code: all r columns advanced together (G `k × k`, iterates `k × r`, per-column
 * state `1 × r`), each iteration one fused NNLS kernel (nnls-ops.ts: fixed, nesterov, mirror,
 * apg) or a handful of tf ops (armijo, exact, pgd: the tensor rules of src/nnls/overparam.ts
 * and pgd.ts), one read of a scalar per check point. Float32 throughout.
 */
import * as tf from '@tensorflow/tfjs-core';
import { X0_FLOOR } from './overparam-maps';
import { minimizeQuartic } from './quartic';
import {
  GRAM_STEP_DIVERGED,
  GRAM_STEP_MAX_RECOVERIES,
  kktDiverged,
  GRAM_STEP_OK,
  GRAM_STEP_OVERFLOW,
  type GramStepAttrs,
} from './gram-steps-attrs';
import { ARMIJO_FACTORS } from './gram-steps-methods';
import { ARMIJO_C } from './js/bb-columns';
import { apgStep, mirrorStep, nesterovStep, overparamStep } from './nnls-ops';

type T2 = tf.Tensor2D;

/** A method's state on tensors; every method owns (and disposes) what it holds. */
interface State {
  readonly x: T2;
  /** Gx − C at x (a new tensor). */
  gradient(): T2;
  step(iteration: number): void;
  restart(good: T2): void;
  dispose(): void;
}

const colSums = (t: tf.Tensor) => tf.sum(t, 0, true) as T2;
const power = (u: tf.Tensor, L: number) => (L === 2 ? tf.square(u) : tf.pow(u, L)) as T2;
const root = (x: tf.Tensor, L: number) => (L === 2 ? tf.sqrt(x) : tf.pow(x, 1 / L)) as T2;

/** Replaces the tensors of `holder` by `next`'s, disposing the old ones. */
function swap<S extends Record<string, tf.Tensor>>(holder: S, next: S): void {
  for (const key of Object.keys(next) as (keyof S)[]) {
    if (holder[key] !== next[key]) holder[key].dispose();
    holder[key] = next[key];
  }
}

/** fixed, armijo, exact: u, x = u^L, gx = G·x (armijo and exact update gx by increments). */
function overparamRule(G: T2, C: T2, a: GramStepAttrs, x0: T2): State {
  const L = a.depth;
  const r = C.shape[1];
  const x = tf.maximum(x0, a.alpha * X0_FLOOR) as T2;
  const s = { u: root(x, L), x, gx: tf.matMul(G, x) as T2 };
  let eta = a.learningRate / (a.lipschitz || 1);
  const eta0 = eta;
  let etas = tf.fill([1, r], eta0) as T2; // armijo's last steps
  let prev: { u: T2; dir: T2 } | undefined; // armijo's BB memory
  const refresh = () => swap(s, { ...s, gx: tf.matMul(G, s.x) as T2 });

  const armijoStep = () => {
    const K = ARMIJO_FACTORS.length;
    const next = tf.tidy(() => {
      const g = tf.sub(s.gx, C);
      const dir = tf.mul(L === 2 ? tf.mul(s.u, 2) : tf.mul(tf.pow(s.u, L - 1), L), g) as T2;
      let base = tf.mul(etas, 2);
      if (prev) {
        const du = tf.sub(s.u, prev.u);
        const sy = colSums(tf.mul(du, tf.sub(dir, prev.dir)));
        base = tf.where(tf.greater(sy, 0), tf.div(colSums(tf.square(du)), sy), base);
      }
      const tile = (t: tf.Tensor) => tf.tile(t, [1, K]);
      const factors = tf.tensor2d(
        ARMIJO_FACTORS.flatMap((f) => new Array<number>(r).fill(f)),
        [1, K * r],
      );
      const steps = tf.mul(tile(tf.clipByValue(base, eta0 * 1e-12, eta0 * 1e9)), factors);
      const U = tf.sub(tile(s.u), tf.mul(tile(dir), steps));
      const X = power(U, L);
      const D = tf.sub(X, tile(s.x));
      const GD = tf.matMul(G, D);
      const change = colSums(tf.mul(D, tf.add(tile(g), tf.mul(GD, 0.5))));
      const wanted = tf.mul(tf.mul(steps, tile(colSums(tf.square(dir)))), -ARMIJO_C);
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
        tf.sum(tf.reshape(tf.where(chosen, T, tf.zerosLike(T)), [-1, K, r]), 1) as T2;
      const last = tf.mul(tf.slice(steps, [0, (K - 1) * r], [1, r]), 0.5);
      return {
        u: tf.where(any, pick(U), s.u) as T2,
        x: tf.where(any, pick(X), s.x) as T2,
        gx: tf.add(s.gx, pick(GD)) as T2,
        etas: tf.where(any, pick(steps), last) as T2,
        prev: { u: tf.clone(s.u), dir },
      };
    });
    if (prev) tf.dispose([prev.u, prev.dir]);
    prev = next.prev;
    etas.dispose();
    etas = next.etas;
    swap(s, { u: next.u, x: next.x, gx: next.gx });
  };

  const exactStep = () => {
    const next = tf.tidy(() => {
      const g = tf.sub(s.gx, C);
      const p = tf.mul(tf.mul(s.x, g), -2);
      const q = tf.mul(s.x, tf.square(g));
      const Gp = tf.matMul(G, p);
      const Gq = tf.matMul(G, q);
      const step = minimizeQuartic({
        a1: colSums(tf.mul(g, p)),
        a2: colSums(tf.add(tf.mul(g, q), tf.mul(tf.mul(p, Gp), 0.5))),
        a3: colSums(tf.mul(p, Gq)),
        a4: tf.relu(colSums(tf.mul(tf.mul(q, Gq), 0.5))) as T2,
      });
      const u = tf.mul(s.u, tf.sub(1, tf.mul(step, g))) as T2;
      const gx = tf.add(s.gx, tf.mul(step, tf.add(Gp, tf.mul(step, Gq)))) as T2;
      return { u, x: tf.square(u) as T2, gx };
    });
    swap(s, next);
  };

  const incremental = a.method !== 'fixed';
  return {
    get x() {
      return s.x;
    },
    gradient() {
      if (incremental) refresh();
      return tf.sub(s.gx, C) as T2;
    },
    step(iteration) {
      if (a.method === 'armijo') return armijoStep();
      if (a.method === 'exact') return exactStep();
      const etaK = a.decay === 0 ? eta : eta / Math.pow(iteration + 2, a.decay);
      const [u, x, gx] = overparamStep(G, C, { u: s.u, gx: s.gx }, { depth: L, eta: etaK });
      swap(s, { u, x, gx });
    },
    restart(good) {
      eta /= 4;
      const smaller = tf.div(etas, 4) as T2;
      etas.dispose();
      etas = smaller;
      swap(s, { u: root(good, L), x: tf.clone(good), gx: tf.matMul(G, good) as T2 });
    },
    dispose() {
      tf.dispose([s.u, s.x, s.gx, etas, ...(prev ? [prev.u, prev.dir] : [])]);
    },
  };
}

/** overparam-nesterov, overparam-mirror, apg, pgd: their own state, the gradient from x. */
function momentumRule(G: T2, C: T2, a: GramStepAttrs, x0: T2): State {
  const r = C.shape[1];
  const L = a.depth;
  const lip = a.lipschitz || 1;
  let rate = a.learningRate;
  const overparam = a.method === 'overparam-nesterov' || a.method === 'overparam-mirror';
  // x, and per method: nesterov u, uPrev, since; mirror z, since; apg y, t.
  const s: Record<string, tf.Tensor> = {};
  const start = (x: T2) => {
    s.x = x;
    if (a.method === 'overparam-nesterov') {
      s.u = root(x, L);
      s.uPrev = tf.clone(s.u);
      s.since = tf.zeros([1, r]);
    } else if (a.method === 'overparam-mirror') {
      s.z = tf.tidy(() => tf.log(tf.maximum(x, 1e-38)));
      s.since = tf.zeros([1, r]);
    } else if (a.method === 'apg') {
      s.y = tf.clone(x);
      s.t = tf.ones([1, r]);
    }
  };
  start(overparam ? (tf.maximum(x0, a.alpha * X0_FLOOR) as T2) : (tf.clone(x0) as T2));
  const gradient = (x: tf.Tensor) => tf.tidy(() => tf.sub(tf.matMul(G, x), C)) as T2;
  return {
    get x() {
      return s.x as T2;
    },
    gradient: () => gradient(s.x),
    step() {
      const eta = rate / lip;
      const st = s as Record<string, T2>;
      const { u: u0, uPrev: uPrev0, since: since0, x: x0s, z: z0, y: y0, t: t0 } = st;
      if (a.method === 'overparam-nesterov') {
        const [u, x, since] = nesterovStep(
          G,
          C,
          { u: u0, uPrev: uPrev0, since: since0 },
          {
            depth: L,
            rate,
            lipschitz: lip,
          },
        );
        tf.dispose([s.uPrev, s.x, s.since]);
        Object.assign(s, { uPrev: s.u, u, x, since });
      } else if (a.method === 'overparam-mirror') {
        const [x, z, since] = mirrorStep(G, C, { x: x0s, z: z0, since: since0 }, eta);
        tf.dispose([s.x, s.z, s.since]);
        Object.assign(s, { x, z, since });
      } else if (a.method === 'apg') {
        const [x, y, t] = apgStep(G, C, { x: x0s, y: y0, t: t0 }, eta);
        tf.dispose([s.x, s.y, s.t]);
        Object.assign(s, { x, y, t });
      } else {
        const x = tf.tidy(() => tf.relu(tf.sub(s.x, tf.mul(gradient(s.x), eta))));
        s.x.dispose();
        s.x = x;
      }
    },
    restart(good) {
      rate /= 4;
      tf.dispose(Object.values(s));
      for (const key of Object.keys(s)) delete s[key];
      start(tf.clone(good));
    },
    dispose() {
      tf.dispose(Object.values(s));
    },
  };
}

/**
 * [x (`k × r`; `r × k` with `a.rows`), info [iterations, relative KKT residual, status]]
 * (gram-steps-op.ts). The row layout runs on the transposes.
 */
export function gramHalfStepComposite(G: T2, C: T2, x0: T2, a: GramStepAttrs): tf.Tensor[] {
  if (!a.rows) return columnsComposite(G, C, x0, a);
  const [Ct, x0t] = [tf.transpose(C), tf.transpose(x0)];
  const [xt, info] = columnsComposite(G, Ct, x0t, { ...a, rows: false });
  const x = tf.transpose(xt);
  tf.dispose([Ct, x0t, xt]);
  return [x, info];
}

function columnsComposite(G: T2, C: T2, x0: T2, a: GramStepAttrs): tf.Tensor[] {
  const done = (x: tf.Tensor, info: number[]) => [x, tf.tensor1d(info)];
  const cNormSq = tf.tidy(() => tf.sum(tf.square(C))).dataSync()[0];
  if (!Number.isFinite(cNormSq)) return done(tf.zerosLike(C), [0, Infinity, GRAM_STEP_OVERFLOW]);
  if (cNormSq === 0) return done(tf.zerosLike(C), [0, 0, GRAM_STEP_OK]);
  const cNorm = Math.sqrt(cNormSq);
  const lip = a.lipschitz || 1;
  const kktOf = (x: T2, g: T2) => {
    const both = tf.tidy(() =>
      tf.stack([
        tf.sqrt(tf.sum(tf.square(tf.minimum(tf.mul(x, lip), g)))),
        tf.sum(tf.mul(x, tf.sub(g, C))),
      ]),
    );
    const [residual, objective] = both.dataSync();
    both.dispose();
    return Number.isFinite(objective) ? residual / cNorm : NaN;
  };
  let tol = a.tol;
  if (tol < 0) {
    const g0 = tf.tidy(() => tf.sub(tf.matMul(G, x0), C)) as T2;
    tol = Math.max(a.tolFloor, a.tolFactor * kktOf(x0, g0));
    g0.dispose();
  }
  const overparamMethods = ['fixed', 'armijo', 'exact'];
  const state = (overparamMethods.includes(a.method) ? overparamRule : momentumRule)(G, C, a, x0);
  let good = tf.clone(state.x);
  let goodIteration = 0;
  let recoveries = 0;
  let iteration = 0;
  let kkt = Infinity;
  let startKkt = NaN;
  let status = GRAM_STEP_OK;
  try {
    for (;;) {
      if (iteration % a.checkEvery === 0 || iteration >= a.maxIter) {
        const g = state.gradient();
        kkt = kktOf(state.x, g);
        g.dispose();
        if (iteration === 0 && recoveries === 0) startKkt = kkt;
        if (kktDiverged(kkt, startKkt)) {
          if (recoveries++ < GRAM_STEP_MAX_RECOVERIES) {
            state.restart(good);
            iteration = goodIteration;
            continue;
          }
          status = GRAM_STEP_DIVERGED;
          break;
        }
        good.dispose();
        good = tf.clone(state.x);
        goodIteration = iteration;
        if (kkt <= tol || iteration >= a.maxIter) break;
      }
      state.step(iteration);
      iteration++;
    }
  } finally {
    state.dispose();
  }
  return done(good, [iteration, kkt, status]);
}
