import { expect } from 'chai';
import { NmflowError, verifyRiemannianEquivalence } from '../../src';
import { expectNoLeak } from '../helpers';

describe('riemannian: verifyRiemannianEquivalence', () => {
  it('passes all four checks on depths 2, 3, 4 with a gap of order 2, leaking nothing', async () => {
    const result = await expectNoLeak(() => verifyRiemannianEquivalence({ seed: 7 }));
    expect(result.checks.map((c) => c.check)).to.deep.equal([
      'chain-rule',
      'metric',
      'retraction',
      'gap-order',
    ]);
    for (const c of result.checks) {
      expect(c.passed, `${c.check}: ${c.maxError} > ${c.tolerance}`).to.equal(true);
      expect(c.maxError).to.be.at.most(c.tolerance);
      expect(c.description.length).to.be.greaterThan(10);
    }
    expect(result.gapOrder).to.be.within(1.9, 2.1);
    expect(result.passed).to.equal(true);
    expect(result.depths).to.deep.equal([2, 3, 4]);
    expect(result.problems).to.have.length(9);
  });

  it('is deterministic for a seed and runs the requested depths and trials', () => {
    const a = verifyRiemannianEquivalence({ depths: [5], trials: 2, seed: 3 });
    const b = verifyRiemannianEquivalence({ depths: [5], trials: 2, seed: 3 });
    expect(a).to.deep.equal(b);
    expect(a.problems).to.have.length(2);
    expect(a.problems[0]).to.match(/^L=5 /);
    expect(a.passed).to.equal(true);
  });

  it('rejects bad options, naming them', () => {
    expect(() => verifyRiemannianEquivalence({ depths: [1] })).to.throw(NmflowError, /depths\[0\]/);
    expect(() => verifyRiemannianEquivalence({ depths: [] })).to.throw(/depths/);
    expect(() => verifyRiemannianEquivalence({ trials: 0 })).to.throw(/trials/);
    expect(() => verifyRiemannianEquivalence({ seeds: 1 } as object)).to.throw(
      /unknown verify option "seeds"/,
    );
  });
});
