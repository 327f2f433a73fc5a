import { expect } from 'chai';
import { nnls } from '../../src';
import { sparseRecoveryProblem } from '../reference-bruteforce';

describe('nnls overparam: accelerated variants', () => {
  // The paper's acceleration setup (PAPER-EXPERIMENTS.md): n = 50, m = 20, s = 3, seed 42.
  const { A, b } = sparseRecoveryProblem(20, 50, 3, 42);
  const budget = 4000;

  it('Nesterov-on-u and mirror descent reach KKT 1e-5 in under half the iterations plain GD cannot', async () => {
    const plain = await nnls(A, b, { step: 'fixed', learningRate: 1, tol: 1e-5, maxIter: budget });
    plain.x.dispose();
    expect(plain.stopReason, 'plain GD with η = 1/λ').to.equal('maxIter');
    for (const solver of ['overparam-nesterov', 'overparam-mirror']) {
      const res = await nnls(A, b, { solver, tol: 1e-5, maxIter: budget });
      res.x.dispose();
      expect(res.converged, solver).to.equal(true);
      expect(res.iterations, solver).to.be.at.most(budget / 2);
    }
  });
});
