/** The speckled hold-out of cross-validation. */
import { expect } from 'chai';
import { speckledHoldOut } from '../../src/rank/holdout';

describe('rank: speckled hold-out', () => {
  it('holds out the asked share, keeps every row and column observed, follows the seed', () => {
    const a = speckledHoldOut(30, 20, 0.2, 4);
    expect(a.held.length).to.equal(120);
    for (let i = 0; i < 30; i++) {
      expect(a.mask.subarray(i * 20, (i + 1) * 20).some((v) => v === 1)).to.equal(true);
    }
    for (let j = 0; j < 20; j++) {
      expect(
        Array.from({ length: 30 }, (_, i) => a.mask[i * 20 + j]).some((v) => v === 1),
      ).to.equal(true);
    }
    for (const e of a.held) expect(a.mask[e]).to.equal(0);
    expect(a.mask.reduce((s, v) => s + v, 0)).to.equal(600 - 120);
    expect(Array.from(speckledHoldOut(30, 20, 0.2, 4).held)).to.deep.equal(Array.from(a.held));
    expect(Array.from(speckledHoldOut(30, 20, 0.2, 5).held)).to.not.deep.equal(Array.from(a.held));
    // Even at a share that would empty some lines, none is emptied.
    const b = speckledHoldOut(3, 3, 0.9, 1);
    for (let i = 0; i < 3; i++)
      expect(b.mask[i * 3] + b.mask[i * 3 + 1] + b.mask[i * 3 + 2]).to.be.at.least(1);
  });

  it('rejects a share outside (0, 1), naming the option', () => {
    expect(() => speckledHoldOut(5, 5, 1, 0)).to.throw(/option holdOut must be in \(0, 1\), got 1/);
    expect(() => speckledHoldOut(5, 5, 0, 0)).to.throw(/holdOut/);
  });
});
