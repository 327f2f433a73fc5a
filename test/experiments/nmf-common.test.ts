/** fitNmf's equal-error stopping: a fit stops at the first iteration that reaches the target. */
import { expect } from 'chai';
import { fitNmf, loadSpec, type NmfMethod } from '../../src/experiments/nmf-common';
import { expectNoLeak } from '../helpers';

describe('experiments: fitNmf with a target relative error', () => {
  const spec = { name: 'swimmer', options: { limit: 48 }, rank: 4 };
  const mu: NmfMethod = { label: 'mu', options: { solver: 'mu' }, initScale: 1 };

  it('stops at the first iteration whose error reaches the target', async () => {
    const d = await loadSpec(spec);
    const reference = await fitNmf(d, spec.rank, mu, 3, 8);
    const target = reference.relativeError;
    const fit = await expectNoLeak(() => fitNmf(d, spec.rank, mu, 3, 50, target));
    expect(fit.reachedTarget).to.equal(true);
    expect(fit.iterations).to.be.at.most(8);
    expect(fit.relativeError).to.be.at.most(target);
    const errors = fit.history.map((h) => h.relativeError);
    expect(errors.length).to.equal(fit.iterations + 1);
    expect(errors.slice(0, -1).every((e) => e > target)).to.equal(true);
  });

  it('reports a fit that runs out of iterations before the target', async () => {
    const d = await loadSpec(spec);
    const fit = await fitNmf(d, spec.rank, mu, 3, 4, 1e-6);
    expect(fit.reachedTarget).to.equal(false);
    expect(fit.iterations).to.equal(4);
  });
});
