/** bench:nmf's figures over its rounds (scripts/bench-rounds.ts). */
import { expect } from 'chai';
import { median, medians, pairedRatio, type Row } from '../../scripts/bench-rounds';
import type { Measure } from '../../scripts/bench-nmf-peers';

const run = (seconds: number, reached = true, peakDeltaMB = 1): Measure => ({
  solver: 's',
  reached,
  seconds,
  iterations: 1,
  relativeError: 0.5,
  peakDeltaMB,
});

describe('scripts: bench:nmf rounds', () => {
  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).to.equal(2);
    expect(median([4, 1, 3, 2])).to.equal(2.5);
  });

  it('medians: the median time and peak growth, the rest from the first run', () => {
    const m = medians([run(3, true, 10), run(1, true, 30), run(2, false, 20)]);
    expect(m.seconds).to.equal(2);
    expect(m.peakDeltaMB).to.equal(20);
    expect(m.reached).to.equal(true);
  });

  it('pairedRatio: each run over the sklearn cd run of its round, their median', () => {
    // sklearn slow in round 1, the solver slow in round 2: the ratio of medians (2/1.5 = 1.33)
    // mixes rounds; the paired ratios are 0.5, 0.5 (round 1: 1/2), 3 and their median 0.5
    const cd: Row = { label: 'sklearn cd', runs: [run(1), run(2), run(1)], rounds: [0, 1, 2] };
    const row: Row = { label: 'hals', runs: [run(0.5), run(1), run(3)], rounds: [0, 1, 2] };
    expect(pairedRatio(row, cd)).to.equal(0.5);
  });

  it('pairedRatio: rounds without a peer or where either missed the target are left out', () => {
    const cd: Row = { label: 'sklearn cd', runs: [run(1), run(2, false)], rounds: [0, 2] };
    const row: Row = { label: 'anls', runs: [run(0.4), run(5), run(1)], rounds: [0, 1, 2] };
    expect(pairedRatio(row, cd)).to.be.closeTo(0.4, 1e-12);
    expect(pairedRatio({ ...row, runs: [run(1, false)], rounds: [0] }, cd)).to.equal(undefined);
    expect(pairedRatio(row, undefined)).to.equal(undefined);
  });
});
