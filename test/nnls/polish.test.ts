import { expect } from 'chai';
import { isExactSolver, needsNonNegativeData, nnls, solverNames } from '../../src';
import { expectNoLeak } from '../helpers';
import { referenceNnls } from '../reference';
import { testProblems } from './problems';

describe('nnls polish', () => {
  const problems = testProblems();
  const mixed = problems.find((p) => p.name.startsWith('larger'))!;
  const nonNegative = problems.find((p) => p.nonNegative)!;

  for (const solver of solverNames().filter((s) => !isExactSolver(s))) {
    it(`${solver}: turns 30 iterations into the exact solution`, async () => {
      const p = needsNonNegativeData(solver) ? nonNegative : mixed;
      const ref = referenceNnls(p.A, p.B);
      const plain = await nnls(p.A, p.B, { solver, maxIter: 30 });
      plain.x.dispose();
      const seen: number[] = [];
      const res = await expectNoLeak(
        () =>
          nnls(p.A, p.B, {
            solver,
            maxIter: 30,
            polish: true,
            onIteration: (info) => seen.push(info.objective),
          }),
        (r) => [r.x],
      );
      res.x.dispose();
      expect(res.polished).to.equal(true);
      expect(res.converged).to.equal(true);
      expect(res.stopReason).to.equal('tolerance');
      expect(res.iterations).to.equal(plain.iterations);
      expect((res.objective - ref.objective) / ref.objective).to.be.within(-1e-9, 1e-9);
      expect(res.history.at(-1)!.objective).to.equal(res.objective);
      expect(res.history.length).to.equal(plain.history.length + 1);
      expect(seen).to.deep.equal(res.history.map((h) => h.objective));
    });
  }

  it('does not apply to the exact solver', async () => {
    const res = await nnls(mixed.A, mixed.B, { solver: 'active-set', polish: true });
    res.x.dispose();
    expect(res.polished).to.equal(false);
  });
});
