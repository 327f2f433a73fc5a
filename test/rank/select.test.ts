/**
 * selectRank on known-answer data: planted non-negative ranks k* ∈ {3, 5, 8} (several sizes,
 * noise up to 0.3 relative) and Swimmer (non-negative rank 16). Small matrices and 100
 * iterations per fit keep the file fast.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { generateSwimmer, selectRank } from '../../src';
import { errorOf } from '../helpers';
import { planted } from './planted';

const CASES = [
  { k: 3, n: 40, m: 30, noise: 0.3 },
  { k: 5, n: 60, m: 40, noise: 0.1 },
  { k: 5, n: 30, m: 60, noise: 0.3 },
  { k: 8, n: 80, m: 50, noise: 0.3 },
];

describe('rank: selectRank', () => {
  // "Picks k* on each of 3 seeds": selectRank run with each of 3 seeds (each scoring 3
  // hold-outs) chooses k*. A single hold-out's own minimum is noisier (at noise 0.3 the errors
  // of k* and k* + 1 can tie to 0.5 %): most of the 9 hold-outs' minima sit at k*.
  for (const c of CASES) {
    it(`cv picks the planted rank ${c.k} (${c.n} × ${c.m}, noise ${c.noise}) with each of 3 seeds`, async () => {
      const X = planted(c.n, c.m, c.k, c.noise, 1);
      const ranks = [c.k - 2, c.k - 1, c.k, c.k + 1, c.k + 2];
      let minimaAtK = 0;
      for (const seed of [0, 1, 2]) {
        const before = tf.memory().numTensors;
        const sel = await selectRank(X, { ranks, seeds: 3, maxIter: 100, seed });
        expect(tf.memory().numTensors).to.equal(before);
        expect(sel.chosen, `chosen with seed ${seed}`).to.equal(c.k);
        minimaAtK += sel.choices.cv!.bySeed.filter((k) => k === c.k).length;
        expect(sel.rule).to.match(/one-standard-error/);
        expect(sel.ranks).to.deep.equal(ranks);
        expect(sel.scores.heldOutError).to.have.length(5);
        expect(sel.spread.heldOutError!.every((s) => s >= 0)).to.equal(true);
        // The fit error keeps falling with k, the held-out error does not: that is the signal.
        const fit = sel.scores.fitError!;
        expect(fit[4]).to.be.below(fit[2]);
        expect(sel.scores.heldOutError![4]).to.be.above(sel.scores.heldOutError![2]);
      }
      expect(minimaAtK, 'hold-outs whose least error is at k*').to.be.at.least(5);
    });
  }

  it('Swimmer: cv picks 16 (its non-negative rank)', async function () {
    this.timeout(120000);
    const s = generateSwimmer();
    const sel = await selectRank(s.X, { ranks: [14, 16, 18], seeds: 3, maxIter: 100 });
    expect(sel.chosen).to.equal(16);
  });

  it('consensus: scores per rank, maps, stability; both: cv decides; threads change nothing', async () => {
    const X = planted(40, 30, 3, 0.1, 2);
    const options = { ranks: [2, 3, 4], seeds: 3, maxIter: 60, method: 'both' as const };
    const sel = await selectRank(X, options);
    for (const name of ['cophenetic', 'dispersion', 'pac', 'stability'] as const) {
      expect(sel.scores[name]).to.have.length(3);
      for (const v of sel.scores[name]!) expect(v).to.be.within(0, 1 + 1e-12);
    }
    expect(sel.consensusMaps!.map((c) => [c.rank, c.size, c.data.length])).to.deep.equal([
      [2, 40, 1600],
      [3, 40, 1600],
      [4, 40, 1600],
    ]);
    expect(sel.chosen).to.equal(sel.choices.cv!.rank);
    expect(sel.choices.consensus!.rank).to.be.oneOf([2, 3, 4]);
    // Past the planted rank the components stop being reproducible across seeds.
    expect(sel.scores.stability![1]).to.be.above(0.99);
    expect(sel.scores.stability![2]).to.be.below(sel.scores.stability![1]);
    const threaded = await selectRank(X, { ...options, concurrency: 2 });
    expect(threaded.scores).to.deep.equal(sel.scores);
    expect(threaded.heldOutErrorBySeed).to.deep.equal(sel.heldOutErrorBySeed);
  });

  it('rejects bad options, naming them', async () => {
    const X = planted(10, 8, 2, 0, 3);
    expect(await errorOf(() => selectRank(X, { ranks: [] }))).to.match(
      /option ranks must be a non-empty array/,
    );
    expect(await errorOf(() => selectRank(X, { ranks: [2, 9] }))).to.match(
      /option ranks must be an integer ≥ 1 ≤ 8, got 9/,
    );
    expect(await errorOf(() => selectRank(X, { ranks: [2], method: 'bic' as 'cv' }))).to.match(
      /option method must be one of cv, consensus, both/,
    );
    expect(
      await errorOf(() => selectRank(X, { ranks: [2], method: 'consensus', seeds: 1 })),
    ).to.match(/option seeds must be at least 2 for consensus/);
    expect(await errorOf(() => selectRank(X, { ranks: [2], holdOut: 1.5 }))).to.match(
      /option holdOut/,
    );
    expect(await errorOf(() => selectRank(X, { ranks: [2], maxIters: 3 } as never))).to.match(
      /unknown selectRank option "maxIters"/,
    );
  });
});
