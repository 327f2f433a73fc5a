import { expect } from 'chai';
import { nnls } from '../../src';
import { expectNoLeak, gaussian, matVec } from '../helpers';

describe('nnls pgd', () => {
  it('recovers a non-negative solution of a consistent over-determined system', async () => {
    const A = gaussian(30, 8, 1);
    const xStar = [0, 1, 0.5, 0, 2, 0, 0.1, 0];
    const b = matVec(A, xStar);
    const res = await expectNoLeak(
      () => nnls(A, b, { solver: 'pgd', tol: 1e-6 }),
      (r) => [r.x],
    );
    const x = Array.from(res.x.dataSync());
    res.x.dispose();
    expect(res.converged).to.equal(true);
    x.forEach((v, i) => expect(v).to.be.closeTo(xStar[i], 1e-4));
  });

  it('rejects an unknown solver name with the list of known ones', async () => {
    let msg = '';
    try {
      await nnls([[1]], [1], { solver: 'nope' });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).to.match(/unknown NNLS solver "nope"; known solvers: .*pgd/);
  });
});
