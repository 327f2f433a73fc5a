/** The typed-array `overparam` (bb rule) for small Gram problems against the tfjs solver. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { gramProblem } from './kernel-fixtures';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { wasmSweepsAvailable } from '../../src/kernels/wasm/sweep-wasm';
import { pairStateAvailable } from '../../src/kernels/bb-state';
import { transposeArray } from '../../src/linalg/sparse';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { sharedFloat64 } from '../../src/kernels/threads/kernel-threads';
import {
  GramBbWorkspace,
  gramKktResidual,
  overparamGramBb,
} from '../../src/kernels/overparam-gram';
import {
  BB_CHUNK_COLUMNS,
  NEVER_SWITCH,
  loopBbColumns,
  type BbColumns,
} from '../../src/kernels/js/bb-columns';
import { overparam } from '../../src/nnls/overparam';
import { resolveNnlsOptions } from '../../src/nnls/options';
import { disposeProblem, problemFromTensors } from '../../src/nnls/problem';
import { solverNames } from '../../src/nnls/registry';

async function tfjsSolve(
  p: ReturnType<typeof gramProblem>,
  n: number,
  r: number,
  opts: { maxIter: number; learningRate?: number; depth?: number },
) {
  const problem = problemFromTensors(
    tf.tensor2d(Float32Array.from(p.G), [n, n]),
    tf.tensor2d(Float32Array.from(p.C), [n, r]),
    { lipschitz: p.lipschitz },
  );
  const x0 = tf.tensor2d(Float32Array.from(p.x0), [n, r]);
  const o = resolveNnlsOptions(
    { ...opts, solver: 'overparam', step: 'bb', tol: 0, checkEvery: 1, x0, history: false },
    solverNames(),
  );
  const out = await overparam(problem, o);
  const x = Float64Array.from(out.x.dataSync());
  tf.dispose([out.x, x0]);
  disposeProblem(problem);
  return { x, iterations: out.iterations };
}

describe('nnls overparam: typed-array Gram path (overparamGramBb)', () => {
  for (const depth of [2, 3]) {
    it(`takes the iterates of the tfjs bb rule (depth ${depth})`, async () => {
      const [n, r] = [6, 5];
      const p = gramProblem(n, r, 11 + depth);
      for (const maxIter of [1, 3, 12]) {
        const ref = await tfjsSolve(p, n, r, { maxIter, depth });
        const fast = overparamGramBb(p.G, p.C, p.x0, n, r, {
          depth,
          lipschitz: p.lipschitz,
          tol: 0,
          maxIter,
          checkEvery: 1,
        });
        expect(fast.iterations).to.equal(ref.iterations);
        const scale = Math.max(...ref.x);
        fast.x.forEach((v, i) => expect(v).to.be.closeTo(ref.x[i], 2e-4 * scale));
      }
    });
  }

  it('converges to the KKT point and stops at tol', () => {
    const [n, r] = [8, 30];
    const p = gramProblem(n, r, 5);
    const out = overparamGramBb(p.G, p.C, p.x0, n, r, {
      depth: 2,
      lipschitz: p.lipschitz,
      tol: 1e-8,
      maxIter: 20000,
      checkEvery: 5,
    });
    expect(out.kktResidual).to.be.at.most(1e-8);
    expect(out.iterations % 5).to.equal(0);
    expect(gramKktResidual(p.G, p.C, out.x, n, r, p.lipschitz)).to.be.closeTo(
      out.kktResidual,
      1e-9,
    );
    out.x.forEach((v) => expect(v).to.be.at.least(0));
  });

  it('never leaves the orthant nor produces NaN, even with a huge learning rate', () => {
    const [n, r] = [5, 7];
    const p = gramProblem(n, r, 9);
    const objective = (x: ArrayLike<number>) => {
      let f = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < r; j++) {
          let gx = 0;
          for (let t = 0; t < n; t++) gx += p.G[i * n + t] * x[t * r + j];
          f += 0.5 * x[i * r + j] * gx - p.C[i * r + j] * x[i * r + j];
        }
      }
      return f;
    };
    const out = overparamGramBb(p.G, p.C, p.x0, n, r, {
      depth: 2,
      learningRate: 1e6,
      lipschitz: p.lipschitz,
      tol: 0,
      maxIter: 50,
      checkEvery: 10,
    });
    out.x.forEach((v) => expect(Number.isFinite(v) && v >= 0).to.equal(true));
    expect(objective(out.x)).to.be.at.most(objective(p.x0));
  });
});

/** A BbColumns state for the columns of gramProblem (column j of every n-vector at j·n). */
function columnsState(
  p: ReturnType<typeof gramProblem>,
  n: number,
  r: number,
  depth: number,
  switchAt = NEVER_SWITCH,
) {
  const byColumns = (a: ArrayLike<number>) => {
    const out = sharedFloat64(n * r);
    for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) out[j * n + i] = a[i * r + j];
    return out;
  };
  const eta0 = 1 / p.lipschitz;
  const S: BbColumns = {
    G: p.G,
    n,
    r,
    depth,
    eta0,
    lipschitz: p.lipschitz,
    floor: 1e-6,
    switchAt,
    c: byColumns(p.C),
    u: sharedFloat64(n * r),
    x: byColumns(p.x0),
    gx: sharedFloat64(n * r),
    prevU: sharedFloat64(n * r),
    prevDir: sharedFloat64(n * r),
    eta: sharedFloat64(r).fill(eta0),
    level: sharedFloat64(r),
    recent: sharedFloat64(r * 10),
    kkt: sharedFloat64(1),
    startKkt: sharedFloat64(1),
  };
  return S;
}

/**
 * Iterations k0 ≤ k < k1 of projected BB (spectral projected gradient with the kernel's
 * non-monotone test) on each column of c, x (column after column, as BbColumns), continuing
 * the levels and their ring from the bb phase, first step eta0: an oracle for the kernel's
 * projected phase.
 */
function projectedOracle(
  G: Float64Array,
  S: BbColumns,
  n: number,
  r: number,
  k0: number,
  k1: number,
): Float64Array {
  const x = Float64Array.from(S.x);
  const gradient = (v: number[], j: number) =>
    v.map((_, i) => v.reduce((s, w, q) => s + G[i * n + q] * w, 0) - S.c[j * n + i]);
  const f = (v: number[], j: number) =>
    v.reduce((s, w, i) => s + w * (0.5 * (gradient(v, j)[i] + S.c[j * n + i]) - S.c[j * n + i]), 0);
  for (let j = 0; j < r; j++) {
    let xj = Array.from(x.subarray(j * n, (j + 1) * n));
    const recent = Array.from(S.recent.subarray(j * 10, j * 10 + 10));
    const offset = S.level[j] - f(xj, j); // levels are f − f(x₀)
    let level = S.level[j];
    let step = S.eta0;
    for (let k = k0; k < k1; k++) {
      const g = gradient(xj, j);
      const trial = Math.min(Math.max(step, S.eta0 * 1e-10), S.eta0 * 1e10);
      const xn = xj.map((v, i) => Math.max(0, v - trial * g[i]));
      const decrease = g.reduce((s, gi, i) => s + gi * (xn[i] - xj[i]), 0);
      const next = f(xn, j) + offset;
      if (next <= Math.max(...recent) + 1e-4 * decrease) {
        const gn = gradient(xn, j);
        const ss = xn.reduce((s, v, i) => s + (v - xj[i]) ** 2, 0);
        const sy = xn.reduce((s, v, i) => s + (v - xj[i]) * (gn[i] - g[i]), 0);
        step = sy > 0 ? ss / sy : S.eta0 * 1e10;
        xj = xn;
        level = next;
      } else {
        step = trial / 4;
      }
      recent[k % 10] = level;
    }
    x.set(xj, j * n);
  }
  return x;
}

const bits = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('nnls overparam: the column kernel (kernels/js/bb-columns.ts)', () => {
  for (const [n, depth] of [
    [1, 2],
    [3, 2],
    [16, 2],
    [5, 3],
  ]) {
    it(`n = ${n}, depth ${depth}: the same state bit for bit in one go or in pieces`, () => {
      const r = 7;
      const p = gramProblem(n, r, 20 + n);
      const a = columnsState(p, n, r, depth);
      const b = columnsState(p, n, r, depth);
      loopBbColumns(a, 0, r, 0, 0, true, 0);
      loopBbColumns(a, 0, r, 0, 12, false, 0);
      loopBbColumns(b, 0, r, 0, 0, true, 0);
      loopBbColumns(b, 0, 3, 0, 5, false, 0);
      loopBbColumns(b, 3, r, 0, 5, false, 0);
      loopBbColumns(b, 0, r, 5, 12, false, 0);
      for (const key of ['u', 'x', 'gx', 'eta', 'level', 'recent'] as const) {
        expect(bits(b[key]).equals(bits(a[key])), key).to.equal(true);
      }
      expect(b.kkt[0]).to.be.closeTo(a.kkt[0], 1e-12 * a.kkt[0]);
      expect(b.startKkt[0]).to.equal(a.startKkt[0]);
      // The start residual is the KKT residual of the warm start as given.
      const cNorm = Math.sqrt(p.C.reduce((s, v) => s + v * v, 0));
      expect(Math.sqrt(a.startKkt[0]) / cNorm).to.be.closeTo(
        gramKktResidual(p.G, p.C, p.x0, n, r, p.lipschitz),
        1e-12,
      );
    });
  }

  it('continues with projected BB steps from iteration switchAt: the same as an oracle from the bb state, in one go or in pieces', () => {
    const [n, r, switchAt] = [9, 6, 4];
    const p = gramProblem(n, r, 77);
    const bb = columnsState(p, n, r, 2);
    loopBbColumns(bb, 0, r, 0, 0, true, 0);
    loopBbColumns(bb, 0, r, 0, switchAt, false, 0);
    const oracle = projectedOracle(p.G, bb, n, r, switchAt, switchAt + 15);
    const a = columnsState(p, n, r, 2, switchAt);
    loopBbColumns(a, 0, r, 0, 0, true, 0);
    loopBbColumns(a, 0, r, 0, switchAt + 15, false, 0);
    a.x.forEach((v, e) => expect(v).to.be.closeTo(oracle[e], 1e-9 * (1 + Math.abs(oracle[e]))));
    expect(a.x.some((v) => v === 0)).to.equal(true); // the projection reaches the boundary
    const b = columnsState(p, n, r, 2, switchAt);
    loopBbColumns(b, 0, r, 0, 0, true, 0);
    for (const [k0, k1] of [
      [0, 3],
      [3, 7],
      [7, switchAt + 15],
    ])
      loopBbColumns(b, 0, r, k0, k1, false, 0);
    expect(bits(b.x).equals(bits(a.x))).to.equal(true);
    expect(b.kkt[0]).to.equal(a.kkt[0]);
    const x = new Float64Array(n * r);
    for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) x[i * r + j] = a.x[j * n + i];
    const cNorm = Math.sqrt(p.C.reduce((s, v) => s + v * v, 0));
    expect(Math.sqrt(a.kkt[0]) / cNorm).to.be.closeTo(
      gramKktResidual(p.G, p.C, x, n, r, p.lipschitz),
      1e-9,
    );
  });

  it('with the projected phase reaches a tight KKT residual in far fewer iterations than bb alone', () => {
    const [n, r] = [12, 20];
    const p = gramProblem(n, r, 5);
    const solve = (switchAt?: number) =>
      overparamGramBb(p.G, p.C, p.x0, n, r, {
        depth: 2,
        lipschitz: p.lipschitz,
        tol: 1e-8,
        maxIter: 5000,
        checkEvery: 5,
        switchAt,
      });
    const pure = solve();
    const finished = solve(5);
    expect(finished.kktResidual).to.be.at.most(1e-8);
    expect(finished.iterations * 3).to.be.below(pure.iterations);
  });

  for (const [n, r] of [
    [1, 5],
    [3, 8],
    [7, 9], // blocks of four and two rows of the packed G, one row from G
    [20, 11], // two blocks of eight, one of four
    [15, 6], // blocks of eight, four and two, one row
    [10, 4], // eight and two
    [16, 2 * BB_CHUNK_COLUMNS + 3],
  ]) {
    it(`wasm pairs give the JavaScript columns' solution bit for bit (n = ${n}, r = ${r})`, function () {
      if (!simdProductsAvailable()) this.skip();
      const p = gramProblem(n, r, 40 + n);
      const o = { depth: 2, lipschitz: p.lipschitz, maxIter: 23, checkEvery: 5 };
      for (const [tol, switchAt] of [
        [0, undefined],
        [(start: number) => 0.05 * start, undefined],
        [0, 7],
        [(start: number) => 1e-3 * start, 5],
      ] as const) {
        const [js, wasm] = [false, true].map((useWasm) =>
          overparamGramBb(
            p.G,
            p.C,
            p.x0,
            n,
            r,
            { ...o, tol, switchAt },
            undefined,
            new GramBbWorkspace(useWasm),
          ),
        );
        expect(bits(wasm.x).equals(bits(js.x))).to.equal(true);
        expect(wasm.iterations).to.equal(js.iterations);
        expect(wasm.kktResidual).to.equal(js.kktResidual);
        // anls's layout: C and x0 as float32 rows (`r × n`, staged into pairs by products.wat's
        // pairsFromRows32), the solution read back as float32 rows (pairsToRows32).
        const rowsOf = (a: ArrayLike<number>) => Float32Array.from(transposeArray(a, n, r));
        const [jsRows, wasmRows] = [false, true].map(
          (useWasm) =>
            overparamGramBb(
              p.G,
              rowsOf(p.C),
              rowsOf(p.x0),
              n,
              r,
              { ...o, tol, switchAt, layout: 'columns' },
              undefined,
              new GramBbWorkspace(useWasm),
              new Float32Array(n * r),
            ).x,
        );
        expect(bits(wasmRows).equals(bits(jsRows)), 'float32 rows').to.equal(true);
      }
    });
  }

  it('leaves problems too large for a wasm memory to the JavaScript columns', function () {
    if (!simdProductsAvailable()) this.skip();
    expect(pairStateAvailable(16, 10000)).to.equal(true);
    expect(pairStateAvailable(64, 1e8)).to.equal(false); // ≈ 50 GB of pairs
    expect(wasmSweepsAvailable(1e6)).to.equal(true);
    expect(wasmSweepsAvailable(2 ** 32)).to.equal(false);
  });

  for (const depth of [2, 3])
    it(`gives the same solution bit for bit on 1 and 3 threads (depth ${depth}), and a tolerance from the start residual`, function () {
      if (!simdProductsAvailable()) this.skip();
      const [n, r] = [6, 3 * BB_CHUNK_COLUMNS + 17];
      const p = gramProblem(n, r, 31);
      const o = { depth, lipschitz: p.lipschitz, maxIter: 20, checkEvery: 5, switchAt: 5 };
      let seen = -1;
      const tol = (start: number) => {
        seen = start;
        return 0.1 * start;
      };
      const solve = (threads: number) => {
        const products = new DenseProducts(new Float32Array(4), 2, 2, threads);
        try {
          return overparamGramBb(p.G, p.C, p.x0, n, r, { ...o, tol }, (task) =>
            products.runTask(task),
          );
        } finally {
          products.dispose();
        }
      };
      const one = solve(1);
      const three = solve(3);
      expect(bits(three.x).equals(bits(one.x))).to.equal(true);
      expect(three.iterations).to.equal(one.iterations);
      expect(seen).to.be.closeTo(gramKktResidual(p.G, p.C, p.x0, n, r, p.lipschitz), 1e-12);
      expect(one.kktResidual <= 0.1 * seen || one.iterations === 20).to.equal(true);
    });
});
