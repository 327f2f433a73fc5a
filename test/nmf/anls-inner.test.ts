import { expect } from 'chai';
import { ETA_MAX, ETA_MIN, nextEta } from '../../src/nmf/anls-inner';

describe('anls inner policy', () => {
  it('sets η from the relative outer progress, clamped to [ETA_MIN, ETA_MAX]', () => {
    expect(nextEta(0.05, undefined, 1)).to.equal(0.05);
    expect(nextEta(0.05, 1, 0.97)).to.be.closeTo(0.03, 1e-12);
    expect(nextEta(0.05, 1, 0.5)).to.equal(ETA_MAX);
    expect(nextEta(0.05, 1, 1)).to.equal(ETA_MIN);
  });
});
