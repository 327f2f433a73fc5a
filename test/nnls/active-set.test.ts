import { expect } from 'chai';
import { nnls } from '../../src';
import { toRows } from '../../src/linalg/matrix';
import { lawsonHanson } from '../../src/nnls/lawson-hanson';
import { Rng } from '../../src/random';
import { expectNoLeak, gaussian } from '../helpers';
import { referenceNnls } from '../reference';

/** A random problem whose shape, rank and scale vary with the seed. */
function randomProblem(seed: number) {
  const rng = new Rng(seed);
  const n = 2 + rng.int(8);
  const m = 1 + rng.int(12);
  const rank = 1 + rng.int(Math.min(m, n));
  const U = gaussian(m, rank, seed * 7 + 1);
  const V = gaussian(rank, n, seed * 7 + 2);
  const A = U.map((u) => V[0].map((_, j) => u.reduce((s, ui, k) => s + ui * V[k][j], 0)));
  return { A, B: gaussian(m, 2, seed * 7 + 3) };
}

describe('nnls active-set (Lawson–Hanson in float64)', () => {
  it('matches support enumeration on 40 random problems of every shape and rank', async () => {
    for (let seed = 0; seed < 40; seed++) {
      const { A, B } = randomProblem(seed);
      const ref = referenceNnls(A, B);
      const res = await nnls(A, B, { solver: 'active-set' });
      res.x.dispose();
      const floor = 1e-12 * B.flat().reduce((t, v) => t + v * v, 0);
      expect(
        Math.abs(res.objective - ref.objective) / Math.max(ref.objective, floor),
        `seed ${seed}`,
      ).to.be.at.most(1e-9);
      expect(res.converged).to.equal(true);
    }
  });

  it('warm starts from any non-negative point to the same answer, in fewer pivots', () => {
    const A = gaussian(60, 40, 5);
    const b = gaussian(60, 1, 6).map((row) => row[0]);
    const G = new Float64Array(40 * 40);
    const c = new Float64Array(40);
    for (let j = 0; j < 40; j++) {
      for (let k = 0; k < 40; k++) G[j * 40 + k] = A.reduce((s, row) => s + row[j] * row[k], 0);
      c[j] = A.reduce((s, row, i) => s + row[j] * b[i], 0);
    }
    const cold = lawsonHanson(G, c, 40, { maxPivots: 1000 });
    const rng = new Rng(3);
    const near = cold.x.map((v) => (v > 0 ? v * (1 + 0.1 * rng.normal()) : 0));
    const warm = lawsonHanson(G, c, 40, { maxPivots: 1000, start: near });
    const far = lawsonHanson(G, c, 40, { maxPivots: 1000, start: new Float64Array(40).fill(1) });
    for (const other of [warm, far]) {
      expect(other.converged).to.equal(true);
      other.x.forEach((v, i) => expect(v).to.be.closeTo(cold.x[i], 1e-10));
    }
    expect(warm.pivots).to.be.lessThan(cold.pivots);
  });

  it('reports maxIter when the pivot budget runs out, and honours an aborted signal', async () => {
    const A = gaussian(30, 20, 8);
    const B = gaussian(30, 3, 9);
    const capped = await expectNoLeak(
      () => nnls(A, B, { solver: 'active-set', maxIter: 2 }),
      (r) => [r.x],
    );
    capped.x.dispose();
    expect(capped.stopReason).to.equal('maxIter');
    expect(capped.converged).to.equal(false);
    const controller = new AbortController();
    controller.abort();
    const aborted = await nnls(A, B, { solver: 'active-set', signal: controller.signal });
    const X = toRows(aborted.x);
    aborted.x.dispose();
    expect(aborted.stopReason).to.equal('aborted');
    expect(X.map((row) => row[2])).to.deep.equal(new Array(20).fill(0));
  });
});
