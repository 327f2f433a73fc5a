/**
 * The seeded generator: `normals(n)` draws exactly the values of n calls of `normal()` (pairs
 * drawn at once, a cached spare used first and left for the next call), and the state round
 * trips through getState/setState.
 */
import { expect } from 'chai';
import { Rng } from '../src/random';

describe('Rng', () => {
  it('normals(n) equals n calls of normal(), before and after a cached spare', () => {
    for (const [seed, before, n] of [
      [0, 0, 1001],
      [3, 1, 7],
      [5, 0, 1],
      [9, 1, 10],
      [11, 2, 0],
    ]) {
      const a = new Rng(seed);
      const b = new Rng(seed);
      for (let i = 0; i < before; i++) expect(a.normal()).to.equal(b.normal());
      const drawn = Array.from(a.normals(n));
      const oneByOne = Array.from({ length: n }, () => b.normal());
      expect(drawn, `seed ${seed}, ${before} before, n = ${n}`).to.deep.equal(oneByOne);
      expect(a.normal(), 'the next draw').to.equal(b.normal());
    }
  });

  it('getState/setState resume the same stream, spare normal included', () => {
    const a = new Rng(4);
    a.normal();
    const state = a.getState();
    const next = a.normals(5);
    const b = new Rng(0);
    b.setState(state);
    expect(Array.from(b.normals(5))).to.deep.equal(Array.from(next));
  });
});
