/**
 * No NaN, ever: every registered NNLS solver, on inputs at extreme scales and with degenerate
 * structure, returns a finite non-negative result or fails with a clear NmflowError of kind
 * 'numeric' that names the option to change.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { nnls, nnlsGram, NmflowError, solverNames, type NnlsResult } from '../../src';
import { expectNoLeak, gaussian, matVec } from '../helpers';

type Matrix = number[][];

/** Options small enough for a fast suite; the checks do not depend on convergence. */
const BUDGET = { maxIter: 600, tol: 1e-6 };

/** A · x* for a fixed sparse x* with n entries. */
function rhs(A: Matrix): number[] {
  const n = A[0].length;
  return matVec(
    A,
    Array.from({ length: n }, (_, j) => (j % 3 === 0 ? 1 + j / n : 0)),
  );
}

function transpose(A: Matrix): Matrix {
  return A[0].map((_, j) => A.map((row) => row[j]));
}

function gram(A: Matrix, B: Matrix): { G: Matrix; C: Matrix } {
  const At = transpose(A);
  const Bt = transpose(B);
  const dot = (u: number[], v: number[]) => u.reduce((s, a, i) => s + a * v[i], 0);
  return { G: At.map((u) => At.map((v) => dot(u, v))), C: At.map((u) => Bt.map((v) => dot(u, v))) };
}

/** Degenerate and badly scaled problems: [name, A (m × n), B (m × r)]. */
function cases(): [string, Matrix, Matrix][] {
  const A = gaussian(12, 6, 11);
  const b = rhs(A);
  const col = (v: number[]) => v.map((x) => [x]);
  const scaled = (M: Matrix, s: number) => M.map((row) => row.map((v) => v * s));
  const wide = gaussian(12, 8, 12);
  const lowRank = gaussian(12, 2, 13).map((u) =>
    [0, 1, 2, 3, 4, 5, 6, 7].map((j) => u[0] * (j + 1) + u[1] * (7 - j)),
  );
  const zeroRowsCols = A.map((row, i) =>
    i % 4 === 1 ? row.map(() => 0) : row.map((v, j) => (j === 2 ? 0 : v)),
  );
  const dupCols = A.map((row) => [...row, row[0], row[0], row[3]]);
  const spread = A.map((row) => row.map((v, j) => v * 10 ** (12 * j - 30))); // column scales 1e-30 … 1e30
  return [
    ['entries near 1e-30', scaled(A, 1e-30), col(scaled([b], 1e-30)[0])],
    ['entries near 1e30', scaled(A, 1e30), col(scaled([b], 1e30)[0])],
    ['A near 1e-30, b near 1e30', scaled(A, 1e-30), col(scaled([b], 1e30)[0])],
    ['column scales from 1e-30 to 1e30', spread, col(rhs(spread))],
    ['B columns at 1e-30 and 1e30', A, b.map((v) => [v * 1e-30, v * 1e30])],
    ['all-zero rows and columns in A', zeroRowsCols, col(rhs(zeroRowsCols))],
    ['duplicate columns', dupCols, col(rhs(dupCols))],
    ['rank 2 with 8 columns', lowRank, col(rhs(lowRank))],
    ['more columns than rows', wide, col(gaussian(12, 1, 14).map((r) => r[0]))],
    ['constant data', A.map((row) => row.map(() => 3)), col(b.map(() => 3))],
    ['all-zero B', A, col(b.map(() => 0))],
    ['all-zero A', A.map((row) => row.map(() => 0)), col(b)],
    ['b with negative entries only', A, col(b.map((v) => -Math.abs(v) - 1))],
    ['single entry', [[1e-20]], [[1e20]]],
  ];
}

/** Checks a result: finite, x ≥ 0, finite measures and history. */
function expectValid(res: NnlsResult, what: string, objectiveSlack = 0): number[] {
  const x = Array.from(res.x.dataSync());
  res.x.dispose();
  expect(x.every(Number.isFinite), `${what}: x finite`).to.equal(true);
  expect(Math.min(...x), `${what}: x ≥ 0`).to.be.at.least(0);
  expect(res.objective, `${what}: objective`).to.satisfy(Number.isFinite);
  expect(res.objective, `${what}: objective ≥ 0`).to.be.at.least(-objectiveSlack);
  expect(res.kktResidual, `${what}: kkt`).to.satisfy(Number.isFinite);
  for (const h of res.history) {
    expect([h.objective, h.kktResidual].every(Number.isFinite), `${what}: history`).to.equal(true);
  }
  return x;
}

/** Solves and checks: a valid result, or a numeric NmflowError naming an option to change. */
async function solveChecked(
  what: string,
  run: () => Promise<NnlsResult>,
  objectiveSlack = 0,
): Promise<number[] | undefined> {
  try {
    const res = await expectNoLeak(run, (r) => [r.x]);
    return expectValid(res, what, objectiveSlack);
  } catch (err) {
    if (!(err instanceof NmflowError) || err.kind !== 'numeric') throw err;
    expect(err.message, what).to.match(/option|learningRate|step|alpha|tol|scale/);
    return undefined;
  }
}

const absolute = (M: Matrix): Matrix => M.map((row) => row.map(Math.abs));

const rejectsNegative = new Map<string, boolean>();
/**
 * Whether `solver` is defined only for data without negative entries (it says so with an input
 * error naming other solvers, e.g. `mu`); such solvers get the absolute values of each case.
 */
async function needsNonNegativeData(solver: string): Promise<boolean> {
  if (!rejectsNegative.has(solver)) {
    try {
      (await nnls([[1, -1]], [1], { solver, maxIter: 1 })).x.dispose();
      rejectsNegative.set(solver, false);
    } catch (err) {
      const clear = err instanceof NmflowError && err.kind === 'input';
      if (!clear || !/negative entries.*use solver/.test(err.message)) throw err;
      rejectsNegative.set(solver, true);
    }
  }
  return rejectsNegative.get(solver)!;
}

/** ½‖Ax − b‖² in float64. */
function objective(A: Matrix, B: Matrix, x: number[]): number {
  const r = B[0].length;
  let s = 0;
  A.forEach((row, i) => {
    for (let c = 0; c < r; c++) {
      const ax = row.reduce((acc, a, j) => acc + a * x[j * r + c], 0);
      s += (ax - B[i][c]) ** 2;
    }
  });
  return s / 2;
}

describe('reliability: numerics of every NNLS solver', function () {
  this.timeout(120000);
  for (const solver of solverNames()) {
    describe(solver, () => {
      for (const [name, rawA, rawB] of cases()) {
        it(`${name}: finite, non-negative, objective no worse than x = 0`, async () => {
          const positive = await needsNonNegativeData(solver);
          const [A, B] = positive ? [absolute(rawA), absolute(rawB)] : [rawA, rawB];
          const x = await solveChecked(`${solver}, ${name}`, () =>
            nnls(A, B, { solver, ...BUDGET }),
          );
          if (x) {
            const atZero = objective(A, B, new Array<number>(x.length).fill(0));
            expect(objective(A, B, x)).to.be.at.most(atZero * (1 + 1e-4));
          }
          // The Gram form computes ½xᵀGx − cᵀx + ½‖B‖², which cancels in float32: allow 1e-4.
          const { G, C } = gram(A, B);
          const bNormSq = B.flat().reduce((s, v) => s + v * v, 0);
          if ([...G.flat(), ...C.flat(), bNormSq].every(Number.isFinite)) {
            await solveChecked(
              `${solver}, Gram form, ${name}`,
              () => nnlsGram(G, C, { solver, bNormSq, ...BUDGET }),
              1e-4 * bNormSq,
            );
          }
        });
      }

      it('is invariant to scaling A and B by 1e-30 … 1e30', async () => {
        const A = absolute(gaussian(10, 5, 21));
        const b = rhs(A);
        const solve = async (sA: number, sB: number) => {
          const res = await nnls(
            A.map((row) => row.map((v) => v * sA)),
            b.map((v) => v * sB),
            { solver, ...BUDGET },
          );
          return expectValid(res, `${solver} scaled ${sA}, ${sB}`).map((v) => (v * sA) / sB);
        };
        const ref = await solve(1, 1);
        for (const [sA, sB] of [
          [1e-30, 1e-30],
          [1e30, 1e30],
          [1e-20, 1e10],
          [1e25, 1e-5],
        ]) {
          const x = await solve(sA, sB);
          x.forEach((v, i) =>
            expect(v, `scale ${sA}, ${sB}`).to.be.closeTo(ref[i], 1e-4 * (1 + Math.abs(ref[i]))),
          );
        }
      });

      it('a solution beyond float32 range fails with a numeric error, not Infinity or 0', async () => {
        const tinyA = gaussian(6, 3, 23).map((row) => row.map((v) => Math.abs(v) * 1e-30));
        for (const [A, b, message] of [
          [[[1e-20]], [1e20], /near 1\.0e\+40, beyond float32's range .*rescale the inputs/],
          [tinyA, [1e30, 1, 2, 3, 4, 5], /beyond float32's range/],
          [
            [[1e14]],
            [1e-31],
            /near 1\.0e-45, below float32's normal range .*divide A or multiply B/,
          ],
        ] as [Matrix, number[], RegExp][]) {
          let err: unknown;
          try {
            await expectNoLeak(() => nnls(A, b, { solver, ...BUDGET }));
          } catch (e) {
            err = e;
          }
          expect(err).to.be.instanceOf(NmflowError);
          expect((err as NmflowError).kind).to.equal('numeric');
          expect((err as Error).message).to.match(message);
        }
      });

      it('an absurd learningRate ends finite or with a numeric error naming the option', async () => {
        const A = absolute(gaussian(10, 5, 22));
        await solveChecked(`${solver} learningRate 1e6`, () =>
          nnls(A, rhs(A), { solver, learningRate: 1e6, maxIter: 200 }),
        );
      });
    });
  }

  it('leaves no tensors behind when a solve fails', async () => {
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      await nnls([[1, 2]], [[1], [2]], { solver: solverNames()[0] });
    } catch (e) {
      caught = e;
    }
    expect(caught).to.be.instanceOf(NmflowError);
    expect(tf.memory().numTensors).to.equal(before);
  });
});
