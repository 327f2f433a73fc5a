/**
 * gramHalfStep (kernels/gram-steps-op.ts), the fused inner solve of `anls` with the
 * off-default NNLS options: its host kernel (float64) follows the iterates of the tensor solvers
 * of src/nnls (float32, a separate implementation) within float32 rounding; the composite form
 * agrees with the host form; long solves reach the exact solution (active-set); no tensor is
 * left behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import {
  gramHalfStep,
  GRAM_METHODS,
  GRAM_STEP_OK,
  type GramMethod,
  type GramStepAttrs,
} from '../../src/kernels/gram-steps-op';
import { largestEigenvalueSmall } from '../../src/linalg/small';
import { resolveNnlsOptions } from '../../src/nnls/options';
import { DEFAULT_ALPHA } from '../../src/nnls/overparam-common';
import { FIXED_LEARNING_RATE } from '../../src/nnls/overparam';
import { MIRROR_LEARNING_RATE } from '../../src/nnls/overparam-mirror';
import { disposeProblem, problemFromTensors } from '../../src/nnls/problem';
import { getSolver, solverNames } from '../../src/nnls/registry';
import { Rng } from '../../src/random';
import { onCpu, relativeDistance } from './kernel-fixtures';

const k = 6;
const r = 9;
const m = 40;

/** A (`m × k`, ≥ 0) and B (`m × r`, mixed signs: some constraints active): G = AᵀA, C = AᵀB. */
function problem(seed: number) {
  const rng = new Rng(seed);
  const A = Float64Array.from({ length: m * k }, () => rng.uniform());
  const B = Float64Array.from({ length: m * r }, () => rng.uniform() * 2 - 0.6);
  const G = new Float64Array(k * k);
  const C = new Float64Array(k * r);
  for (let s = 0; s < m; s++) {
    for (let i = 0; i < k; i++) {
      for (let t = 0; t < k; t++) G[i * k + t] += A[s * k + i] * A[s * k + t];
      for (let j = 0; j < r; j++) C[i * r + j] += A[s * k + i] * B[s * r + j];
    }
  }
  const x0 = Float32Array.from({ length: k * r }, () => rng.uniform() * 0.3);
  return {
    G: Float32Array.from(G),
    C: Float32Array.from(C),
    x0,
    lipschitz: largestEigenvalueSmall(Float64Array.from(Float32Array.from(G)), k),
  };
}

/** The tensor solver and options of a method. */
function solverOf(method: GramMethod): { solver: string; step?: 'fixed' | 'armijo' | 'exact' } {
  if (method === 'fixed' || method === 'armijo' || method === 'exact') {
    return { solver: 'overparam', step: method };
  }
  return { solver: method };
}

function attrsOf(
  method: GramMethod,
  lipschitz: number,
  extra: Partial<GramStepAttrs> = {},
): GramStepAttrs {
  const rate =
    method === 'fixed'
      ? FIXED_LEARNING_RATE
      : method === 'overparam-mirror'
        ? MIRROR_LEARNING_RATE
        : 1;
  return {
    method,
    lipschitz,
    learningRate: rate,
    depth: 2,
    alpha: DEFAULT_ALPHA,
    decay: 0,
    tol: 0,
    tolFactor: 0.1,
    tolFloor: 1e-7,
    maxIter: 12,
    checkEvery: 4,
    ...extra,
  };
}

/** The kernel's x (`k × r`) and info, tensors disposed. */
function kernel(p: ReturnType<typeof problem>, attrs: GramStepAttrs) {
  const G = tf.tensor2d(p.G, [k, k]);
  const C = tf.tensor2d(p.C, [k, r]);
  const x0 = tf.tensor2d(p.x0, [k, r]);
  const { x, info } = gramHalfStep(G, C, x0, attrs);
  const out = { x: x.dataSync().slice(), info: Array.from(info.dataSync()) };
  tf.dispose([G, C, x0, x, info]);
  return out;
}

/** The tensor solver of src/nnls from the same start, with the same options. */
async function tensorSolver(p: ReturnType<typeof problem>, attrs: GramStepAttrs) {
  const x0 = tf.tensor2d(p.x0, [k, r]);
  const nnlsProblem = problemFromTensors(tf.tensor2d(p.G, [k, k]), tf.tensor2d(p.C, [k, r]), {
    lipschitz: p.lipschitz,
  });
  const { solver, step } = solverOf(attrs.method);
  const options = resolveNnlsOptions(
    {
      solver,
      step,
      depth: attrs.depth,
      tol: attrs.tol,
      maxIter: attrs.maxIter,
      checkEvery: attrs.checkEvery,
      x0,
      history: false,
    },
    solverNames(),
  );
  try {
    const out = await getSolver(solver)(nnlsProblem, options);
    const x = out.x.dataSync().slice();
    out.x.dispose();
    return { x, iterations: out.iterations };
  } finally {
    x0.dispose();
    disposeProblem(nnlsProblem);
  }
}

/**
 * overparam-mirror as a plain float64 loop (x, z `k × r`, row-major), tol 0: the oracle of the
 * mirror kernel. (Its tensor solver is not one: in float32, e^(log x) rounds to x ± 1 ulp, and
 * the sign of that noise decides its restarts right after a start or a restart.) Where z = log x
 * the average ((k+2)x + 2e^z)/(k+4) is x itself, exactly.
 */
function mirrorOracle(p: ReturnType<typeof problem>, a: GramStepAttrs): Float64Array {
  const eta = a.learningRate / p.lipschitz;
  const x = Float64Array.from(p.x0, (v) => Math.max(v, a.alpha * 1e-3));
  const z = x.map((v) => Math.log(v));
  const since = new Float64Array(r);
  const fresh = new Array<boolean>(r).fill(true);
  for (let it = 0; it < a.maxIter; it++) {
    const previous = Float64Array.from(x);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < r; j++) {
        if (!fresh[j]) {
          const e = i * r + j;
          x[e] = ((since[j] + 2) * x[e] + 2 * Math.exp(z[e])) / (since[j] + 4);
        }
      }
    }
    const g = new Float64Array(k * r);
    const uphill = new Float64Array(r);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < r; j++) {
        let v = -p.C[i * r + j];
        for (let t = 0; t < k; t++) v += p.G[i * k + t] * x[t * r + j];
        g[i * r + j] = v;
        uphill[j] += v * (x[i * r + j] - previous[i * r + j]);
      }
    }
    for (let j = 0; j < r; j++) {
      for (let i = 0; i < k; i++) {
        const e = i * r + j;
        z[e] = uphill[j] > 0 ? Math.log(x[e]) : z[e] - (since[j] + 2) * (eta / 2) * g[e];
      }
      fresh[j] = uphill[j] > 0;
      since[j] = uphill[j] > 0 ? 0 : since[j] + 1;
    }
  }
  return x;
}

/** ‖min(λx, Gx − C)‖/‖C‖ in float64. */
function kkt(p: ReturnType<typeof problem>, x: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < r; j++) {
      let g = -p.C[i * r + j];
      for (let t = 0; t < k; t++) g += p.G[i * k + t] * x[t * r + j];
      const v = Math.min(p.lipschitz * x[i * r + j], g);
      s += v * v;
      c += p.C[i * r + j] ** 2;
    }
  }
  return Math.sqrt(s / c);
}

const CASES: { method: GramMethod; depth: number }[] = [
  ...GRAM_METHODS.map((method) => ({ method, depth: 2 })),
  { method: 'fixed', depth: 3 },
  { method: 'armijo', depth: 3 },
  { method: 'overparam-nesterov', depth: 3 },
];

describe('gramHalfStep (fused anls half-step, off-default NNLS options)', () => {
  for (const { method, depth } of CASES) {
    it(`${method}, depth ${depth}: the host kernel follows the tensor solver's iterates`, async () => {
      for (const seed of [1, 2]) {
        const p = problem(seed);
        const attrs = attrsOf(method, p.lipschitz, { depth });
        const before = tf.memory().numTensors;
        const fused = kernel(p, attrs);
        const reference =
          method === 'overparam-mirror'
            ? { x: mirrorOracle(p, attrs), iterations: attrs.maxIter }
            : await tensorSolver(p, attrs);
        expect(tf.memory().numTensors).to.equal(before);
        expect(fused.info[0]).to.equal(reference.iterations);
        expect(fused.info[2]).to.equal(GRAM_STEP_OK);
        // The start moved: the comparison is not of two copies of x0.
        expect(relativeDistance(fused.x, p.x0)).to.be.greaterThan(1e-2);
        expect(relativeDistance(fused.x, reference.x), `seed ${seed}`).to.be.below(2e-4);
        // info[1] is the residual of the returned x.
        expect(fused.info[1]).to.be.closeTo(kkt(p, fused.x), 1e-4 * (1 + fused.info[1]));
      }
    });
  }

  for (const method of GRAM_METHODS) {
    it(`${method}: the composite form agrees with the host form (cpu)`, async () => {
      const p = problem(3);
      const attrs = attrsOf(method, p.lipschitz);
      const host = await onCpu('host', () => kernel(p, attrs));
      const before = tf.memory().numTensors;
      const composite = await onCpu('composite', () => kernel(p, attrs));
      expect(tf.memory().numTensors).to.equal(before);
      expect(composite.info[0]).to.equal(host.info[0]);
      // The mirror composite's restarts follow float32 noise (see mirrorOracle): looser.
      const within = method === 'overparam-mirror' ? 0.1 : 2e-4;
      expect(relativeDistance(composite.x, host.x)).to.be.below(within);
    });
  }

  it('the row layout (C, x0, x as r × k) gives the transpose of the column layout: the same bits on the host, within float32 rounding as composites', async () => {
    const p = problem(4);
    const transposed = (a: ArrayLike<number>, rows: number, cols: number) =>
      Float32Array.from(
        { length: rows * cols },
        (_, e) => a[(e % rows) * cols + Math.floor(e / rows)],
      );
    /** The same problem with C and x0 handed over `r × k`; x read back `k × r`. */
    const rowKernel = (attrs: GramStepAttrs) => {
      const G = tf.tensor2d(p.G, [k, k]);
      const C = tf.tensor2d(transposed(p.C, k, r), [r, k]);
      const x0 = tf.tensor2d(transposed(p.x0, k, r), [r, k]);
      const { x, info } = gramHalfStep(G, C, x0, { ...attrs, rows: true });
      expect(x.shape).to.deep.equal([r, k]);
      const out = { x: transposed(x.dataSync(), r, k), info: Array.from(info.dataSync()) };
      tf.dispose([G, C, x0, x, info]);
      return out;
    };
    for (const method of GRAM_METHODS) {
      const attrs = attrsOf(method, p.lipschitz);
      for (const form of ['host', 'composite'] as const) {
        const before = tf.memory().numTensors;
        const columns = await onCpu(form, () => kernel(p, attrs));
        const rows = await onCpu(form, () => rowKernel(attrs));
        expect(tf.memory().numTensors).to.equal(before);
        expect(rows.info, `${method}, ${form}`).to.deep.equal(columns.info);
        if (form === 'host')
          expect(Array.from(rows.x), method).to.deep.equal(Array.from(columns.x));
        else expect(relativeDistance(rows.x, columns.x), method).to.be.below(1e-6);
      }
    }
  });

  it('solved to a tight tolerance, every method reaches the exact solution (active-set)', async () => {
    const p = problem(4);
    const G = tf.tensor2d(p.G, [k, k]);
    const C = tf.tensor2d(p.C, [k, r]);
    const exactProblem = problemFromTensors(G, C, { lipschitz: p.lipschitz });
    const exact = await getSolver('active-set')(
      exactProblem,
      resolveNnlsOptions({ solver: 'active-set', history: false }, solverNames()),
    );
    const xStar = exact.x.dataSync().slice();
    exact.x.dispose();
    disposeProblem(exactProblem);
    expect(kkt(p, xStar)).to.be.below(1e-5);
    const active = Array.from(xStar).filter((v) => v === 0).length;
    expect(active, 'some constraints active').to.be.greaterThan(0);
    for (const method of GRAM_METHODS) {
      const attrs = attrsOf(method, p.lipschitz, { tol: 1e-6, maxIter: 50000, checkEvery: 10 });
      const { x, info } = kernel(p, attrs);
      expect(info[1], method).to.be.at.most(1e-6);
      expect(kkt(p, x), method).to.be.below(1e-5);
      expect(relativeDistance(x, xStar), method).to.be.below(1e-4);
    }
  });

  it('the tolerance relative to the warm start stops the solve early, as anls asks', () => {
    const p = problem(5);
    const loose = kernel(
      p,
      attrsOf('apg', p.lipschitz, { tol: -1, tolFactor: 0.5, maxIter: 1000 }),
    );
    const tight = kernel(
      p,
      attrsOf('apg', p.lipschitz, { tol: -1, tolFactor: 1e-3, maxIter: 1000 }),
    );
    const start = kkt(p, p.x0);
    expect(loose.info[1]).to.be.at.most(0.5 * start);
    expect(tight.info[1]).to.be.at.most(1e-3 * start);
    expect(loose.info[0]).to.be.lessThan(tight.info[0]);
  });

  it('‖C‖ not finite: x is 0 and info says overflow; C = 0: x is 0', () => {
    const p = problem(6);
    const bad = { ...p, C: p.C.map((v, i) => (i === 3 ? Infinity : v)) };
    const out = kernel(bad, attrsOf('pgd', p.lipschitz));
    expect(out.info[2]).to.equal(1);
    expect(Array.from(out.x).every((v) => v === 0)).to.equal(true);
    const zero = kernel({ ...p, C: new Float32Array(k * r) }, attrsOf('armijo', p.lipschitz));
    expect(zero.info).to.deep.equal([0, 0, 0]);
  });

  it('rejects operands of mismatched shapes, naming them', () => {
    const G = tf.zeros([3, 3]) as tf.Tensor2D;
    const C = tf.zeros([4, 2]) as tf.Tensor2D;
    expect(() => gramHalfStep(G, C, C, attrsOf('pgd', 1))).to.throw(/G must be 3 × 3 and C 3 × r/);
    tf.dispose([G, C]);
  });
});
