/**
 * Property-based tests (fast-check) over the public entry points: random shapes, random
 * values over 60 orders of magnitude, random option combinations, random malformed inputs.
 * Every case either succeeds with a valid result or fails with an NmflowError naming the
 * input at fault; nothing hangs, nothing leaks tensors, no promise rejection goes unhandled.
 */
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { nnls, nnlsGram, NmflowError, solverNames, type NnlsOptions } from '../../src';
import { NNLS_DEFAULTS, STEP_RULES } from '../../src/nnls/options';
import {
  checkProperty,
  expectNamedError,
  propertyRuns,
  watchUnhandledRejections,
} from './property';

type Matrix = number[][];

/** A finite value: 0 in one case of five, else ±m·10^e with m ∈ [0.1, 10) and e ∈ [−30, 30]. */
const entry = (maxExp: number) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    {
      weight: 4,
      arbitrary: fc
        .tuple(
          fc.double({ min: 0.1, max: 10, noNaN: true }),
          fc.integer({ min: -maxExp, max: maxExp }),
          fc.boolean(),
        )
        .map(([m, e, neg]) => (neg ? -1 : 1) * m * 10 ** e),
    },
  );

const matrix = (rows: number, cols: number, value: fc.Arbitrary<number>) =>
  fc.array(fc.array(value, { minLength: cols, maxLength: cols }), {
    minLength: rows,
    maxLength: rows,
  });

/** A problem: A (m × n) and B (m × r) with a common scale 10^s and a per-entry spread. */
const problem = fc
  .record({
    m: fc.integer({ min: 1, max: 7 }),
    n: fc.integer({ min: 1, max: 7 }),
    r: fc.integer({ min: 1, max: 3 }),
    spread: fc.constantFrom(0, 3, 12),
    scaleA: fc.integer({ min: -30, max: 30 }),
    scaleB: fc.integer({ min: -30, max: 30 }),
  })
  .chain(({ m, n, r, spread, scaleA, scaleB }) =>
    fc.record({
      A: matrix(m, n, entry(spread)).map((M) => M.map((row) => row.map((v) => v * 10 ** scaleA))),
      B: matrix(m, r, entry(spread)).map((M) => M.map((row) => row.map((v) => v * 10 ** scaleB))),
    }),
  );

/** Every registered solver, and the default (no `solver` key) once it is registered. */
const SOLVERS = solverNames().includes(NNLS_DEFAULTS.solver)
  ? [...solverNames(), undefined]
  : solverNames();
/** A registered solver to pass to calls whose failure is about something else. */
const ANY_SOLVER = { solver: solverNames()[0] };

/** Random option combinations (each key present or not, `solver` always decided). */
const options: fc.Arbitrary<NnlsOptions> = fc.record(
  {
    solver: fc.constantFrom(...SOLVERS),
    tol: fc.constantFrom(0, 1e-8, 1e-6, 1e-3, 0.5),
    maxIter: fc.integer({ min: 0, max: 300 }),
    checkEvery: fc.integer({ min: 1, max: 50 }),
    alpha: fc.integer({ min: -8, max: 2 }).map((e) => 10 ** e),
    learningRate: fc.integer({ min: -3, max: 3 }).map((e) => 10 ** e),
    step: fc.constantFrom(...STEP_RULES),
    decay: fc.constantFrom(0, 0.25, 0.5, 1),
    depth: fc.integer({ min: 2, max: 4 }),
    history: fc.boolean(),
    polish: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1000 }),
  },
  { requiredKeys: ['solver', 'maxIter'] },
);

function transposeTimes(A: Matrix, B: Matrix): Matrix {
  return A[0].map((_, j) => B[0].map((_, c) => A.reduce((s, row, i) => s + row[j] * B[i][c], 0)));
}

/**
 * ½‖AX − B‖²_F in float64 with X `n × r` row-major, and the size of the terms it is computed
 * from, ½‖|A||X|‖² + ½‖B‖², which bounds float32 rounding (the Gram form cancels such terms).
 */
function objective(A: Matrix, B: Matrix, x: Float32Array): { f: number; terms: number } {
  const r = B[0].length;
  let f = 0;
  let terms = 0;
  A.forEach((row, i) => {
    for (let c = 0; c < r; c++) {
      f += (row.reduce((acc, a, j) => acc + a * x[j * r + c], 0) - B[i][c]) ** 2;
      terms += row.reduce((acc, a, j) => acc + Math.abs(a * x[j * r + c]), 0) ** 2 + B[i][c] ** 2;
    }
  });
  return { f: f / 2, terms: terms / 2 };
}

describe('reliability: properties', function () {
  this.timeout(300000);
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  before(() => {
    rejections = watchUnhandledRejections();
  });
  after(() => {
    expect(rejections.stop(), 'unhandled promise rejections').to.deep.equal([]);
  });

  it('nnls / nnlsGram: random problems and options give a valid result or a named error', async () => {
    await checkProperty(
      'nnls and nnlsGram on random problems with random options',
      [problem, options, fc.boolean()],
      async ({ A, B }, opts, gramForm) => {
        const before = tf.memory().numTensors;
        const bNormSq = B.flat().reduce((s, v) => s + v * v, 0);
        // Products of entries near 1e30 overflow float64: the Gram form then rejects them.
        const gramInputs = gramForm && [transposeTimes(A, A), transposeTimes(A, B)];
        try {
          const res = gramInputs
            ? await nnlsGram(gramInputs[0], gramInputs[1], { ...opts, bNormSq })
            : await nnls(A, B, opts);
          const x = res.x.dataSync() as Float32Array;
          expect(res.x.shape).to.deep.equal([A[0].length, B[0].length]);
          res.x.dispose();
          expect(
            x.every((v) => Number.isFinite(v) && v >= 0),
            'x finite and ≥ 0',
          ).to.equal(true);
          expect(res.iterations).to.be.at.most(opts.maxIter ?? 20000);
          const measures = [res.objective, res.kktResidual, res.seconds];
          expect(measures.every(Number.isFinite), 'finite measures').to.equal(true);
          for (const h of res.history) {
            expect(Number.isFinite(h.objective) && Number.isFinite(h.kktResidual)).to.equal(true);
          }
          // The reported objective is that of the returned X, up to float32 rounding.
          const { f, terms } = objective(A, B, x);
          if (Number.isFinite(terms)) {
            expect(Math.abs(res.objective - f), 'objective').to.be.at.most(1e-4 * terms);
          }
        } catch (err) {
          const e = expectNamedError(err, /\S/);
          expect(['numeric', 'usage', 'input'], e.message).to.include(e.kind);
          // Input errors: Gram products overflowing, or data a solver is not defined for.
          if (e.kind === 'input') {
            expect(e.message).to.match(
              /^(G|C) has a non-finite entry|negative entries.*use solver/,
            );
          }
          // Usage errors: option combinations a solver rejects (each names the option).
          if (e.kind === 'usage') expect(e.message).to.match(/option \w+|bNormSq/);
        }
        expect(tf.memory().numTensors, 'tensors leaked').to.equal(before);
      },
      40,
    );
  });

  /** A malformed call: the arguments and the pattern the error must match. */
  type BadCall = {
    what: string;
    A: unknown;
    B: unknown;
    opts: Record<string, unknown>;
    names: RegExp;
  };

  const badCalls: fc.Arbitrary<BadCall> = fc
    .record({
      m: fc.integer({ min: 1, max: 5 }),
      n: fc.integer({ min: 1, max: 5 }),
      i: fc.nat(),
      bad: fc.constantFrom(NaN, Infinity, -Infinity),
      kind: fc.integer({ min: 0, max: 14 }),
      // Never a valid option value nor a matrix.
      junk: fc.oneof(
        fc.string(),
        fc.constant(null),
        fc.constant(NaN),
        fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
      ),
    })
    .map(({ m, n, i, bad, kind, junk }): BadCall => {
      const A = Array.from({ length: m }, (_, r) => Array.from({ length: n }, (_, c) => r + c + 1));
      const b = Array.from({ length: m }, () => 1);
      const at = i % (m * n);
      const opts = ANY_SOLVER;
      switch (kind) {
        case 0:
          A[Math.floor(at / n)][at % n] = bad;
          return { what: 'non-finite A', A, B: b, opts, names: /^A has a non-finite entry/ };
        case 1:
          b[i % m] = bad;
          return { what: 'non-finite b', A, B: b, opts, names: /^B has a non-finite entry/ };
        case 2:
          A[i % m] = A[i % m].concat([1]);
          return {
            what: 'ragged A',
            A: m > 1 ? A : [...A, [1]],
            B: b,
            opts,
            names: /^A is ragged/,
          };
        case 3:
          return { what: 'short b', A, B: b.concat([1]), opts, names: /shape mismatch: A is/ };
        case 4:
          return { what: 'flat A', A: A.flat(), B: b, opts, names: /^A must be a matrix/ };
        case 5:
          return {
            what: 'shape/data mismatch',
            A: { data: A.flat(), shape: [m, n + 1] },
            B: b,
            opts,
            names: /^A\.data has/,
          };
        case 6:
          return { what: 'empty A', A: [], B: b, opts, names: /^A / };
        case 7:
          return { what: 'A not a matrix', A: junk, B: b, opts, names: /^A must be/ };
        case 8:
          return {
            what: 'unknown option',
            A,
            B: b,
            opts: { ...ANY_SOLVER, maxIters: 5 },
            names: /unknown nnls option "maxIters"/,
          };
        case 9:
          return {
            what: 'bad tol',
            A,
            B: b,
            opts: { ...ANY_SOLVER, tol: junk ?? -1 },
            names: /option tol must be/,
          };
        case 10:
          return {
            what: 'bad maxIter',
            A,
            B: b,
            opts: { ...ANY_SOLVER, maxIter: 0.5 + (i % 3) },
            names: /option maxIter must be an integer/,
          };
        case 11:
          return {
            what: 'bad solver',
            A,
            B: b,
            opts: { solver: String(junk) + '?' },
            names: /unknown NNLS solver/,
          };
        case 12:
          return {
            what: 'x0 wrong shape',
            A,
            B: b,
            opts: { ...ANY_SOLVER, x0: new Array(n + 1).fill(1) },
            names: /option x0 must be/,
          };
        case 13:
          return {
            what: 'x0 negative',
            A,
            B: b,
            opts: { ...ANY_SOLVER, x0: new Array(n).fill(-1) },
            names: /option x0 must be non-negative/,
          };
        default:
          return {
            what: 'bad depth',
            A,
            B: b,
            opts: { ...ANY_SOLVER, depth: 1 },
            names: /option depth must be an integer ≥ 2/,
          };
      }
    });

  it('nnls: malformed inputs and options fail with an NmflowError naming them', async () => {
    await checkProperty(
      'nnls on malformed inputs and options',
      [badCalls],
      async (call) => {
        const before = tf.memory().numTensors;
        let err: unknown;
        try {
          const res = await nnls(call.A as Matrix, call.B as number[], call.opts as NnlsOptions);
          res.x.dispose();
        } catch (e) {
          err = e;
        }
        expect(err, `${call.what}: should fail`).to.be.instanceOf(NmflowError);
        expectNamedError(err, call.names);
        expect(tf.memory().numTensors, 'tensors leaked').to.equal(before);
      },
      60,
    );
  });

  it('reports its run counts from NMFLOW_PROPERTY_RUNS', () => {
    const saved = process.env.NMFLOW_PROPERTY_RUNS;
    process.env.NMFLOW_PROPERTY_RUNS = '7';
    expect(propertyRuns(40)).to.equal(7);
    process.env.NMFLOW_PROPERTY_RUNS = 'many';
    expect(propertyRuns(40)).to.equal(40);
    if (saved === undefined) delete process.env.NMFLOW_PROPERTY_RUNS;
    else process.env.NMFLOW_PROPERTY_RUNS = saved;
  });
});
