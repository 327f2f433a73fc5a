/** Average linkage and the consensus summaries against hand-computed cases and a naive oracle. */
import { expect } from 'chai';
import { averageLinkage } from '../../src/rank/linkage';
import { argmaxLabels, consensusMatrix, consensusScores } from '../../src/rank/consensus';
import { Rng } from '../../src/random';

/** Naive UPGMA: merge the closest pair of clusters (mean pairwise distance), O(n³). */
function naiveUpgma(D: number[][]): { heights: number[]; coph: number[][] } {
  let clusters = D.map((_, i) => [i]);
  const heights: number[] = [];
  const coph = D.map((r) => r.map(() => 0));
  while (clusters.length > 1) {
    let best = Infinity;
    let pa = 0;
    let pb = 1;
    for (let a = 0; a < clusters.length; a++) {
      for (let b = a + 1; b < clusters.length; b++) {
        let s = 0;
        for (const p of clusters[a]) for (const q of clusters[b]) s += D[p][q];
        s /= clusters[a].length * clusters[b].length;
        if (s < best) [best, pa, pb] = [s, a, b];
      }
    }
    for (const p of clusters[pa]) for (const q of clusters[pb]) coph[p][q] = coph[q][p] = best;
    heights.push(best);
    const merged = clusters[pa].concat(clusters[pb]);
    clusters = clusters.filter((_, c) => c !== pa && c !== pb).concat([merged]);
  }
  return { heights, coph };
}

function pearson(x: number[], y: number[]): number {
  const mx = x.reduce((s, v) => s + v, 0) / x.length;
  const my = y.reduce((s, v) => s + v, 0) / y.length;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((v, i) => {
    sxy += (v - mx) * (y[i] - my);
    sxx += (v - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('rank: average linkage and consensus', () => {
  it('average linkage of a hand-computed 4-point case: merges, order, cophenetic correlation', () => {
    // a–b at 1, c–d at 2, then {a,b}–{c,d} at (4 + 5 + 3 + 6) / 4 = 4.5; the cophenetic
    // distances (1, 4.5, 4.5, 4.5, 4.5, 2) against (1, 4, 5, 3, 6, 2) correlate √(5/7).
    const D = [0, 1, 4, 5, 1, 0, 3, 6, 4, 3, 0, 2, 5, 6, 2, 0];
    const link = averageLinkage(D, 4);
    expect(link.merges.map((mg) => mg.height)).to.deep.equal([1, 2, 4.5]);
    expect(link.merges[0]).to.include({ a: 0, b: 1, size: 2 });
    expect(link.merges[1]).to.include({ a: 2, b: 3, size: 2 });
    expect(link.merges[2]).to.include({ a: 4, b: 5, size: 4 });
    expect(Array.from(link.order)).to.deep.equal([0, 1, 2, 3]);
    expect(link.copheneticCorrelation).to.be.closeTo(Math.sqrt(5 / 7), 1e-12);
  });

  it('agrees with a naive closest-pair UPGMA on random points (heights and cophenetic r)', () => {
    const rng = new Rng(11);
    const n = 15;
    const pts = Array.from({ length: n }, () => [rng.uniform(), rng.uniform(), rng.uniform()]);
    const D = pts.map((p) => pts.map((q) => Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])));
    const link = averageLinkage(D.flat(), n);
    const naive = naiveUpgma(D);
    const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
    const got = sorted(link.merges.map((mg) => mg.height));
    sorted(naive.heights).forEach((h, i) => expect(got[i]).to.be.closeTo(h, 1e-12));
    const x: number[] = [];
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        x.push(D[i][j]);
        y.push(naive.coph[i][j]);
      }
    }
    expect(link.copheneticCorrelation).to.be.closeTo(pearson(x, y), 1e-12);
    expect(Array.from(link.order).sort((a, b) => a - b)).to.deep.equal([...Array(n).keys()]);
  });

  it('consensus matrix, dispersion and PAC of hand-computed labellings', () => {
    expect(Array.from(argmaxLabels([0.1, 0.5, 0, 0, 2, 1], 3, 2))).to.deep.equal([1, -1, 0]);
    const stable = consensusMatrix(
      [Int32Array.from([0, 0, 1, 1]), Int32Array.from([1, 1, 0, 0])],
      4,
    );
    const s = consensusScores(stable, 4);
    expect(s.cophenetic).to.be.closeTo(1, 1e-12);
    expect(s).to.include({ dispersion: 1, pac: 0 });
    // Two crossing labellings: pairs (0,1), (2,3), (0,2), (1,3) together half the time,
    // (0,3), (1,2) never: dispersion (4·1 + 8·0 + 4·1) / 16, PAC 4 of 6 pairs.
    const C = consensusMatrix([Int32Array.from([0, 0, 1, 1]), Int32Array.from([0, 1, 0, 1])], 4);
    expect(Array.from(C)).to.deep.equal([
      1, 0.5, 0.5, 0, 0.5, 1, 0, 0.5, 0.5, 0, 1, 0.5, 0, 0.5, 0.5, 1,
    ]);
    const m = consensusScores(C, 4);
    expect(m.dispersion).to.equal(0.5);
    expect(m.pac).to.be.closeTo(4 / 6, 1e-15);
    // A sample without a label (all-zero row of W) is never with anyone.
    const lonely = consensusMatrix([Int32Array.from([0, -1, 0])], 3);
    expect(Array.from(lonely)).to.deep.equal([1, 0, 1, 0, 0, 0, 1, 0, 1]);
  });
});
