/**
 * Every registered solver (solvers merged later are covered automatically) on the problems of
 * problems.ts, checked in float64 against the independent reference of test/reference.ts.
 *
 * Relative objective gap: (f − f*) / max(f*, 1e-6·½‖B‖²). The floor matters when f* is 0 or
 * tiny (consistent systems): a float32 solution resolves the residual only to ≈1e-7·‖B‖, so
 * the gap is measured against a millionth of the objective at X = 0 instead of against 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { needsNonNegativeData, nnls, nnlsGram, NmflowError, solverNames } from '../../src';
import { toRows } from '../../src/linalg/matrix';
import { expectNoLeak } from '../helpers';
import { columnOf, halfSquaredResidual, referenceNnls, type ReferenceSolution } from '../reference';
import { testProblems, type TestProblem } from './problems';

const EXACT_GAP = 1e-9;
const FIRST_ORDER_GAP = 1e-4;

/** Float64 objective and KKT residual ‖min(s·X, ∇f)‖_F/‖AᵀB‖_F (s = ‖AᵀA‖_F ≥ L). */
function evaluate(A: number[][], B: number[][], X: number[][]) {
  const n = A[0].length;
  const r = B[0].length;
  let objective = 0;
  let kkt = 0;
  let cNormSq = 0;
  let s = 0;
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < n; k++) s += A.reduce((t, row) => t + row[j] * row[k], 0) ** 2;
  }
  s = Math.sqrt(s);
  for (let c = 0; c < r; c++) {
    const x = X.map((row) => row[c]);
    const b = columnOf(B, c);
    objective += halfSquaredResidual(A, x, b);
    const res = A.map((row, i) => row.reduce((t, a, j) => t + a * x[j], -b[i]));
    for (let j = 0; j < n; j++) {
      const g = A.reduce((t, row, i) => t + row[j] * res[i], 0);
      const cj = A.reduce((t, row, i) => t + row[j] * b[i], 0);
      kkt += Math.min(s * x[j], g) ** 2;
      cNormSq += cj * cj;
    }
  }
  return { objective, kkt: cNormSq > 0 ? Math.sqrt(kkt / cNormSq) : 0 };
}

/**
 * δ = Σ over the columns x of ½xᵀEx − eᵀx with E = Ĝ − AᵀA, e = Ĉ − AᵀB (AᵀA, AᵀB in float64):
 * how much the objective of the problem (Ĝ, Ĉ) differs from the true one at those columns.
 */
function roundingShift(
  A: number[][],
  B: number[][],
  Ghat: number[][],
  Chat: number[][],
  columns: number[][],
): number {
  const n = A[0].length;
  const dot = (j: number, k: number) => A.reduce((t, row) => t + row[j] * row[k], 0);
  let total = 0;
  columns.forEach((x, c) => {
    for (let j = 0; j < n; j++) {
      for (let k = 0; k < n; k++) total += 0.5 * x[j] * x[k] * (Ghat[j][k] - dot(j, k));
      const cj = A.reduce((t, row, i) => t + row[j] * B[i][c], 0);
      total -= x[j] * (Chat[j][c] - cj);
    }
  });
  return total;
}

function gap(f: number, ref: ReferenceSolution, B: number[][]): number {
  const zeroObjective = 0.5 * B.flat().reduce((t, v) => t + v * v, 0);
  return (f - ref.objective) / Math.max(ref.objective, 1e-6 * zeroObjective, 1e-300);
}

describe('nnls: every registered solver', () => {
  const problems = testProblems();
  const references = new Map<TestProblem, ReferenceSolution>();
  before(() => problems.forEach((p) => references.set(p, referenceNnls(p.A, p.B))));

  for (const solver of solverNames()) {
    describe(solver, () => {
      for (const problem of problems) {
        if (needsNonNegativeData(solver) && !problem.nonNegative) continue;
        it(`solves ${problem.name}`, async () => {
          const ref = references.get(problem)!;
          const res = await expectNoLeak(
            () => nnls(problem.A, problem.B, { solver }),
            (r) => [r.x],
          );
          const X = toRows(res.x);
          res.x.dispose();
          const flat = X.flat();
          expect(
            flat.every((v) => Number.isFinite(v) && v >= 0),
            'X ≥ 0, finite',
          ).to.equal(true);
          const { objective, kkt } = evaluate(problem.A, problem.B, X);
          if (solver === 'active-set') {
            expect(gap(res.objective, ref, problem.B), 'objective gap').to.be.at.most(EXACT_GAP);
            expect(gap(res.objective, ref, problem.B)).to.be.at.least(-EXACT_GAP);
            expect(kkt, 'float64 KKT residual').to.be.at.most(1e-6);
            if (problem.unique) {
              const xRef = ref.columns.flatMap((col, c) => col.map((v, j) => [j, c, v]));
              for (const [j, c, v] of xRef) expect(X[j][c]).to.be.closeTo(v, 1e-6 * (1 + v));
            }
          } else {
            expect(gap(objective, ref, problem.B), 'objective gap').to.be.at.most(FIRST_ORDER_GAP);
            expect(kkt, 'float64 KKT residual').to.be.at.most(1e-5);
          }
          // KKT at the solution: the default tol is 1e-6, but a float32 solver may stall just
          // above it (accelerated methods on rank-deficient problems reach ≈2e-6).
          expect(res.kktResidual, `reported KKT residual (${res.stopReason})`).to.be.at.most(1e-5);
          expect(res.history.length).to.be.greaterThan(0);
          expect(res.polished).to.equal(false);
          if (process.env.NMFLOW_TEST_VERBOSE) {
            console.log(
              `      ${solver}: gap ${gap(objective, ref, problem.B).toExponential(2)}, kkt ${kkt.toExponential(2)}, ` +
                `reported kkt ${res.kktResidual.toExponential(2)}, ${res.iterations} it, ${res.stopReason}`,
            );
          }
        });
      }

      it('rejects NaN and Inf entries, naming the argument and the entry', async () => {
        const A = [
          [1, 2],
          [3, 4],
        ];
        await expectError(
          () => nnls([[1, NaN], ...A.slice(1)], [1, 2], { solver }),
          /A .*NaN.*row 0, column 1/,
        );
        await expectError(
          () => nnls(A, [1, Infinity], { solver }),
          /B .*Infinity.*row 1, column 0/,
        );
      });
    });
  }

  it('nnlsGram with bNormSq agrees with nnls (active-set)', async () => {
    const p = problems[0];
    const At = tf.tensor2d(p.A);
    const Bt = tf.tensor2d(p.B);
    const G = tf.matMul(At, At, true);
    const C = tf.matMul(At, Bt, true);
    const bNormSq = p.B.flat().reduce((t, v) => t + v * v, 0);
    const res = await expectNoLeak(
      () => nnlsGram(G, C, { solver: 'active-set', bNormSq }),
      (r) => [r.x],
    );
    res.x.dispose();
    const Ghat = toRows(G as tf.Tensor2D);
    const Chat = toRows(C as tf.Tensor2D);
    tf.dispose([At, Bt, G, C]);
    // G and C were formed in float32 here (in whatever order the backend sums), so nnlsGram
    // minimizes f̂(x) = f(x) + δ(x), δ(x) = ½xᵀEx − eᵀx, E = Ĝ − AᵀA, e = Ĉ − AᵀB (float64).
    // Its exact minimum f̂* = f̂(x̂) lies in [f* + δ(x̂), f* + δ(x*)]: f̂* ≤ f̂(x*) and
    // f̂(x̂) = f(x̂) + δ(x̂) ≥ f* + δ(x̂). Checked with the solver's float64 x̂ and the reference x*.
    const ref = references.get(p)!;
    const r = p.B[0].length;
    const xHat = Array.from({ length: r }, (_, c) =>
      Array.from({ length: p.A[0].length }, (_, j) => res.xFloat64![j * r + c]),
    );
    const dHat = roundingShift(p.A, p.B, Ghat, Chat, xHat);
    const dStar = roundingShift(p.A, p.B, Ghat, Chat, ref.columns);
    const slack = EXACT_GAP * ref.objective;
    const shift = res.objective - ref.objective;
    expect(shift).to.be.at.least(Math.min(dHat, dStar) - slack);
    expect(shift).to.be.at.most(Math.max(dHat, dStar) + slack);
  });

  it('mu rejects data with negative entries and suggests another solver', async () => {
    await expectError(
      () => nnls(problems[0].A, problems[0].B, { solver: 'mu' }),
      /solver "mu" .*without negative entries.*use solver "hals"/,
    );
  });

  it('rejects mismatched shapes and unknown solvers', async () => {
    await expectError(
      () => nnls([[1, 2]], [1, 2], { solver: 'pgd' }),
      /shape mismatch: A is 1 × 2 but B has 2 rows/,
    );
    await expectError(() => nnlsGram([[1, 0]], [[1]], { solver: 'pgd' }), /G must be square/);
    await expectError(
      () => nnls([[1]], [1], { solver: 'simplex' }),
      new RegExp(`unknown NNLS solver "simplex"; known solvers: ${solverNames().join(', ')}`),
    );
  });
});

export async function expectError(fn: () => Promise<unknown>, pattern: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  let error: unknown;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'an NmflowError').to.be.instanceOf(NmflowError);
  expect((error as Error).message).to.match(pattern);
  expect(tf.memory().numTensors, 'tensors leaked on error').to.equal(before);
}
