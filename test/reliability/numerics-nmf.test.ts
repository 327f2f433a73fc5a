/**
 * No NaN, ever, in NMF: every NMF solver, on data at extreme scales and with degenerate
 * structure, returns finite non-negative factors or fails with a clear NmflowError; the memory
 * guard refuses a fit that cannot fit before converting the data.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF_SOLVERS, NmflowError, type NmfResult } from '../../src';
import { expectNoLeak, gaussian } from '../helpers';

type Matrix = number[][];

/** A non-negative rank-3 matrix 12 × 9 plus structure-specific edits. */
function cases(): [string, Matrix, number][] {
  const W = gaussian(12, 3, 31).map((r) => r.map(Math.abs));
  const H = gaussian(3, 9, 32).map((r) => r.map(Math.abs));
  const X = W.map((w) => H[0].map((_, j) => w.reduce((s, v, t) => s + v * H[t][j], 0)));
  const scaled = (s: number) => X.map((r) => r.map((v) => v * s));
  return [
    ['entries near 1e-30', scaled(1e-30), 3],
    ['entries near 1e30', scaled(1e30), 3],
    ['entries from 1e-30 to 1e30', X.map((r, i) => r.map((v) => v * 10 ** (5 * i - 30))), 3],
    [
      'all-zero rows and columns',
      X.map((r, i) => r.map((v, j) => (i % 4 === 0 || j === 2 ? 0 : v))),
      3,
    ],
    ['duplicate columns', X.map((r) => [...r, r[0], r[0]]), 3],
    ['rank above the numerical rank', X, 8],
    ['rank above min(nSamples, nFeatures)', X.slice(0, 4), 6],
    ['constant data', X.map((r) => r.map(() => 2.5)), 3],
    ['a single non-zero entry', X.map((r, i) => r.map((_, j) => (i === 3 && j === 4 ? 7 : 0))), 2],
    ['one sample', [X[0]], 2],
  ];
}

function expectFiniteFactors(res: NmfResult, what: string): void {
  for (const [name, t] of [
    ['W', res.W],
    ['H', res.H],
  ] as const) {
    const v = t.dataSync();
    expect(
      v.every((x) => Number.isFinite(x) && x >= 0),
      `${what}: ${name} finite and ≥ 0`,
    ).to.equal(true);
  }
  tf.dispose([res.W, res.H]);
  expect(
    [res.reconstructionError, res.relativeError].every(Number.isFinite),
    `${what}: errors`,
  ).to.equal(true);
  for (const h of res.history) {
    expect(
      Number.isFinite(h.loss) && Number.isFinite(h.relativeError),
      `${what}: history`,
    ).to.equal(true);
  }
}

describe('reliability: numerics of every NMF solver', function () {
  this.timeout(120000);
  for (const solver of NMF_SOLVERS) {
    describe(solver, () => {
      for (const [name, X, rank] of cases()) {
        it(`${name}: finite non-negative factors or a clear error`, async () => {
          try {
            const res = await expectNoLeak(
              () => factorize(X, { rank, solver, maxIter: 30, seed: 1 }),
              (r) => [r.W, r.H],
            );
            expectFiniteFactors(res, `${solver}, ${name}`);
          } catch (err) {
            if (!(err instanceof NmflowError) || err.kind !== 'numeric') throw err;
            expect(err.message).to.match(/option|learningRate|scale|rescale/);
          }
        });
      }
    });
  }

  it('all-zero data fails with an input error or gives zero factors', async () => {
    for (const solver of NMF_SOLVERS) {
      try {
        const res = await factorize(
          [
            [0, 0],
            [0, 0],
          ],
          { rank: 1, solver, maxIter: 5 },
        );
        expectFiniteFactors(res, solver);
      } catch (err) {
        expect(err, solver).to.be.instanceOf(NmflowError);
        expect((err as NmflowError).kind, solver).to.be.oneOf(['input', 'usage']);
      }
    }
  });

  it('the memory guard refuses a fit that cannot fit, before converting the data', async () => {
    // 1e6 × 1e5 dense would need ≥ 1.2 TB; the input is a fake CSR whose arrays are tiny.
    const X = { indptr: [0, 1], indices: [0], values: [1], shape: [1, 1] as [number, number] };
    const huge = { ...X, shape: [1e6, 1e5] as [number, number] };
    const before = tf.memory().numTensors;
    let err: unknown;
    try {
      await factorize(huge, { rank: 50, solver: 'mu', memoryLimit: 1e9 });
    } catch (e) {
      err = e;
    }
    expect(tf.memory().numTensors).to.equal(before);
    expect(err).to.be.instanceOf(NmflowError);
    expect((err as NmflowError).kind).to.equal('memory');
    expect((err as Error).message).to.match(
      /NMF of a 1000000 × 100000 sparse matrix with rank 50 needs about .* more than the limit of 953\.7 MiB \(option memoryLimit\); lower rank/,
    );
    const dense = await factorize(
      [
        [1, 2],
        [3, 4],
      ],
      { rank: 1, solver: 'mu', memoryLimit: 1e6 },
    );
    tf.dispose([dense.W, dense.H]);
  });
});
