/**
 * betaDivergence against scikit-learn's `_beta_divergence` (test/fixtures/sklearn/
 * beta-divergence.json, written by make_sklearn_beta_fixtures.py) on an X with zeros, dense and
 * CSR, for β = 0, 0.5, 1, 1.5, 2, 3: sklearn's treatment of the zeros (IS counts −1 for each,
 * a general β keeps (WH)^β/β there) and its sparse branch, to 1e-6 relative. Ports the checks of
 * sklearn's test_nmf.py `test_beta_divergence` (dense against sparse against a loop form).
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { betaDivergence, relativeError } from '../../src';
import { expectNoLeak, relDiff } from '../helpers';
import { fixture } from '../io/fixtures';
import { toCsr } from './fixtures';

interface Reference {
  X: number[][];
  W: number[][];
  H: number[][];
  zeros: number;
  divergence: { beta: number; dense: number; csr: number }[];
}

describe('nmf: β-divergence against scikit-learn', () => {
  const ref = JSON.parse(
    readFileSync(fixture('sklearn', 'beta-divergence.json'), 'utf8'),
  ) as Reference;

  it('the fixture has zeros in X (the entries sklearn treats apart)', () => {
    expect(ref.zeros).to.be.greaterThan(10);
  });

  for (const { beta, dense, csr } of ref.divergence) {
    it(`β = ${beta}: dense and CSR X give sklearn's value (within 1e-6 relative)`, async () => {
      const [d, s] = await expectNoLeak(() => [
        betaDivergence(ref.X, ref.W, ref.H, beta),
        betaDivergence(toCsr(ref.X), ref.W, ref.H, beta),
      ]);
      expect(relDiff(d, dense), `dense: ${d} vs sklearn ${dense}`).to.be.below(1e-6);
      expect(relDiff(s, csr), `CSR: ${s} vs sklearn ${csr}`).to.be.below(1e-6);
    });
  }

  it('the named losses are β = 2, 1, 0', () => {
    const at = (beta: number) => ref.divergence.find((r) => r.beta === beta)!.dense;
    expect(relDiff(betaDivergence(ref.X, ref.W, ref.H, 'frobenius'), at(2))).to.be.below(1e-6);
    expect(relDiff(betaDivergence(ref.X, ref.W, ref.H, 'kl'), at(1))).to.be.below(1e-6);
    expect(relDiff(betaDivergence(toCsr(ref.X), ref.W, ref.H, 'is'), at(0))).to.be.below(1e-6);
  });

  it('an exact fit on a CSR X has error 0, never a negative loss', () => {
    // X = W·H exactly at its stored entries and zero elsewhere: a block-diagonal product.
    const W = [
      [1, 0],
      [2, 0],
      [0, 3],
      [0, 0.5],
    ];
    const H = [
      [0.3, 0.7, 0, 0, 0],
      [0, 0, 1.1, 0.2, 0.9],
    ];
    const X = W.map((w) => H[0].map((_, j) => w[0] * H[0][j] + w[1] * H[1][j]));
    for (const loss of ['frobenius', 'kl'] as const) {
      const v = betaDivergence(toCsr(X), W, H, loss);
      expect(v, loss).to.be.at.least(0);
      expect(v, loss).to.be.below(1e-12);
    }
    expect(relativeError(toCsr(X), W, H)).to.be.below(1e-7);
  });
});
