import { expect } from 'chai';
import {
  ETA_MAX,
  ETA_MIN,
  INNER_MAX_ITER,
  INNER_MAX_ITER_SMALL,
  innerMaxIter,
  nextEta,
} from '../../src/nmf/anls-inner';

describe('anls inner policy', () => {
  it('gives the thin half-step (≤ ¼ of the other columns) the larger cap, the other the usual', () => {
    expect(INNER_MAX_ITER_SMALL).to.be.greaterThan(INNER_MAX_ITER);
    expect(innerMaxIter(784, 10000)).to.equal(INNER_MAX_ITER_SMALL); // MNIST's H half
    expect(innerMaxIter(10000, 784)).to.equal(INNER_MAX_ITER); // MNIST's W half
    expect(innerMaxIter(2500, 10000)).to.equal(INNER_MAX_ITER_SMALL);
    expect(innerMaxIter(2501, 10000)).to.equal(INNER_MAX_ITER);
    expect(innerMaxIter(6046, 10000)).to.equal(INNER_MAX_ITER); // SpamAssassin: not thin
    expect(innerMaxIter(100, 100)).to.equal(INNER_MAX_ITER);
  });

  it('sets η from the relative outer progress, clamped to [ETA_MIN, ETA_MAX]', () => {
    expect(nextEta(0.05, undefined, 1)).to.equal(0.05);
    expect(nextEta(0.05, 1, 0.97)).to.be.closeTo(0.03, 1e-12);
    expect(nextEta(0.05, 1, 0.5)).to.equal(ETA_MAX);
    expect(nextEta(0.05, 1, 1)).to.equal(ETA_MIN);
  });
});
