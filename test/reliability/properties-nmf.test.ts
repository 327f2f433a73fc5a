/**
 * Property-based tests of `factorize`: random shapes, dense or CSR data over many orders of
 * magnitude, random option combinations. Each case returns finite non-negative factors of the
 * right shapes or fails with an NmflowError naming the option or input; no tensor leaks.
 */
import * as fc from 'fast-check';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { factorize, NMF_INITS, NMF_SOLVERS, type NmfLoss, type NmfOptions } from '../../src';
import { denseToCsr } from '../../src/io';
import { checkProperty, expectNamedError, watchUnhandledRejections } from './property';

const data = fc
  .record({
    rows: fc.integer({ min: 1, max: 8 }),
    cols: fc.integer({ min: 1, max: 8 }),
    scale: fc.integer({ min: -30, max: 30 }),
    spread: fc.constantFrom(0, 2, 8),
    sparse: fc.boolean(),
  })
  .chain(({ rows, cols, scale, spread, sparse }) =>
    fc
      .array(
        fc.oneof(
          fc.constant(0),
          fc
            .tuple(
              fc.double({ min: 0.1, max: 10, noNaN: true }),
              fc.integer({ min: -spread, max: spread }),
            )
            .map(([m, e]) => m * 10 ** (e + scale)),
        ),
        { minLength: rows * cols, maxLength: rows * cols },
      )
      .map((v) => ({ rows, cols, values: Float32Array.from(v), sparse })),
  );

const options: fc.Arbitrary<NmfOptions> = fc.record(
  {
    rank: fc.integer({ min: 1, max: 6 }),
    solver: fc.constantFrom(...NMF_SOLVERS),
    maxIter: fc.integer({ min: 1, max: 12 }),
    tol: fc.constantFrom(0, 1e-4, 0.1),
    init: fc.constantFrom(...NMF_INITS.filter((i) => i !== 'custom')),
    loss: fc.constantFrom<NmfLoss>('frobenius', 'kl', 'is', 0.5),
    alphaW: fc.constantFrom(0, 0.01, 1),
    l1Ratio: fc.constantFrom(0, 0.5, 1),
    checkEvery: fc.integer({ min: 1, max: 5 }),
    seed: fc.nat({ max: 100 }),
  },
  { requiredKeys: ['rank', 'maxIter'] },
);

describe('reliability: NMF properties', function () {
  this.timeout(300000);
  let rejections: ReturnType<typeof watchUnhandledRejections>;
  before(() => (rejections = watchUnhandledRejections()));
  after(() => expect(rejections.stop(), 'unhandled promise rejections').to.deep.equal([]));

  it('factorize: random data and options give valid factors or a named error', async () => {
    await checkProperty(
      'factorize on random data with random options',
      [data, options],
      async ({ rows, cols, values, sparse }, opts) => {
        const dense = { data: values, shape: [rows, cols] as [number, number] };
        const X = sparse ? denseToCsr(dense) : dense;
        const before = tf.memory().numTensors;
        try {
          const r = await factorize(X, opts);
          expect(r.W.shape).to.deep.equal([rows, opts.rank]);
          expect(r.H.shape).to.deep.equal([opts.rank, cols]);
          const factors = [...r.W.dataSync(), ...r.H.dataSync()];
          tf.dispose([r.W, r.H]);
          expect(
            factors.every((v) => Number.isFinite(v) && v >= 0),
            'factors',
          ).to.equal(true);
          expect([r.reconstructionError, r.relativeError].every(Number.isFinite)).to.equal(true);
          expect(r.nIter).to.be.at.most(opts.maxIter!);
          for (const h of r.history) {
            expect(Number.isFinite(h.loss) && Number.isFinite(h.relativeError), 'history').to.equal(
              true,
            );
          }
        } catch (err) {
          const e = expectNamedError(err, /option|solver|loss|X|beta|sparse|rank|scale/);
          expect(['usage', 'input', 'numeric'], e.message).to.include(e.kind);
        }
        expect(tf.memory().numTensors, 'tensors leaked').to.equal(before);
      },
      40,
    );
  });
});
