import { expect } from 'chai';
import { loadDataset } from '../../src/datasets';
import { generateNnlsProblem } from '../../src/datasets/nnls-synthetic';

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function meanVar(v: Float64Array): [number, number] {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return [mean, v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length];
}

describe('datasets: nnls-synthetic', () => {
  it('draws the paper’s Gaussian problem: shapes, unit sparse ground truth, b = A x*', () => {
    const p = generateNnlsProblem({ m: 40, n: 60, s: 5, seed: 3 });
    expect([p.m, p.n, p.A.length, p.b.length, p.xStar.length]).to.deep.equal([
      40, 60, 2400, 40, 60,
    ]);
    expect(norm(p.xPlus)).to.be.closeTo(1, 1e-12);
    p.xPlus.forEach((v, j) => (j < 5 ? expect(v).to.be.greaterThan(0) : expect(v).to.equal(0)));
    expect(Array.from(p.xMinus).every((v) => v === 0)).to.equal(true);
    expect(Array.from(p.xStar)).to.deep.equal(Array.from(p.xPlus));
    const [mean, variance] = meanVar(p.A);
    expect(mean).to.be.closeTo(0, 0.01);
    expect(variance * 40).to.be.closeTo(1, 0.08);
    for (let i = 0; i < 40; i++) {
      let s = 0;
      for (let j = 0; j < 60; j++) s += p.A[i * 60 + j] * p.xStar[j];
      expect(p.b[i]).to.be.closeTo(s, 1e-14);
    }
  });

  it('is deterministic per seed and differs across seeds', () => {
    const a = generateNnlsProblem({ m: 10, n: 20, s: 3, seed: 7 });
    const b = generateNnlsProblem({ m: 10, n: 20, s: 3, seed: 7 });
    const c = generateNnlsProblem({ m: 10, n: 20, s: 3, seed: 8 });
    expect(Array.from(a.A)).to.deep.equal(Array.from(b.A));
    expect(Array.from(a.b)).to.deep.equal(Array.from(b.b));
    expect(Array.from(a.A)).to.not.deep.equal(Array.from(c.A));
  });

  it('draws Bernoulli 0/1 and biased-Gaussian N(20,1) entries scaled by 1/√m', () => {
    const m = 25;
    const ber = generateNnlsProblem({ m, n: 80, s: 2, matrix: 'bernoulli', seed: 1 });
    const values = new Set(Array.from(ber.A).map((v) => Math.round(v * Math.sqrt(m) * 1e9)));
    expect([...values].sort()).to.deep.equal([0, 1e9]);
    expect(meanVar(ber.A)[0] * Math.sqrt(m)).to.be.closeTo(0.5, 0.03);
    const big = generateNnlsProblem({ m, n: 80, s: 2, matrix: 'biased-gaussian', seed: 1 });
    const [mean, variance] = meanVar(big.A);
    expect(mean * Math.sqrt(m)).to.be.closeTo(20, 0.05);
    expect(variance * m).to.be.closeTo(1, 0.1);
  });

  it('adds a negative part of the requested norm off the support, and noise to b', () => {
    const clean = generateNnlsProblem({ m: 30, n: 40, s: 4, negativePart: 0.05, seed: 2 });
    expect(norm(clean.xMinus)).to.be.closeTo(0.05, 1e-12);
    clean.xMinus.forEach((v, j) => {
      expect(v).to.be.at.least(0);
      if (j < 4 || j >= 8) expect(v).to.equal(0);
      expect(clean.xStar[j]).to.equal(clean.xPlus[j] - v);
    });
    const noisy = generateNnlsProblem({
      m: 30,
      n: 40,
      s: 4,
      negativePart: 0.05,
      noise: 0.1,
      seed: 2,
    });
    expect(Array.from(noisy.A)).to.deep.equal(Array.from(clean.A));
    const e = noisy.b.map((v, i) => v - clean.b[i]);
    expect(norm(e) / Math.sqrt(30)).to.be.within(0.05, 0.15);
  });

  it('rejects bad options, naming them', () => {
    expect(() => generateNnlsProblem({ m: 10, n: 5, s: 6 })).to.throw(/option s must be/);
    expect(() =>
      generateNnlsProblem({ m: 10, n: 5, s: 2, matrix: 'cauchy' as 'gaussian' }),
    ).to.throw(/option matrix must be one of gaussian, bernoulli, biased-gaussian/);
    expect(() => generateNnlsProblem({ m: 10, n: 5, s: 5, negativePart: 0.1 })).to.throw(
      /negativePart needs s < n/,
    );
    expect(() => generateNnlsProblem({ m: 10, n: 5, s: 2, sd: 1 } as never)).to.throw(
      /unknown nnls-synthetic option "sd"/,
    );
  });

  it('is registered as the data set nnls-synthetic: X = A, b = A x* in extras', async () => {
    const d = await loadDataset('nnls-synthetic', { m: 12, n: 20, s: 3, seed: 4 });
    const p = generateNnlsProblem({ m: 12, n: 20, s: 3, seed: 4 });
    expect(d.kind).to.equal('synthetic');
    expect(d.shape).to.deep.equal([12, 20]);
    expect(Array.from((d.X as { data: Float32Array }).data)).to.deep.equal(
      Array.from(Float32Array.from(p.A)),
    );
    expect(Array.from(d.extras!.b as Float64Array)).to.deep.equal(Array.from(p.b));
    expect(Array.from(d.extras!.xStar as Float64Array)).to.deep.equal(Array.from(p.xStar));
    const defaults = await loadDataset('nnls-synthetic');
    expect(defaults.shape).to.deep.equal([200, 500]);
    let message = '';
    await loadDataset('nnls-synthetic', { limit: 5 }).catch((e: Error) => (message = e.message));
    expect(message).to.match(/takes no limit or normalize option/);
  });
});
