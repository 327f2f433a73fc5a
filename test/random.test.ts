/**
 * The seeded generator: `normals(n)` draws exactly the values of n calls of `normal()` (pairs
 * drawn at once, a cached spare used first and left for the next call, a zero first uniform
 * drawn again), and the state round
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

  it('normals(n) redraws a first uniform of 0 as normal() does, into a Float32Array too', () => {
    // From the state [a, 0, a, b] the next two words are 0 (s1 = 0, then s1 ^ s2 ^ s0 = 0): the
    // pair's first uniform is exactly 0 and is drawn again.
    const state = [7, 0, 7, 9, NaN];
    const a = new Rng();
    const b = new Rng();
    a.setState(state);
    b.setState(state);
    const oneByOne = Array.from({ length: 6 }, () => b.normal());
    expect(oneByOne.every(Number.isFinite)).to.equal(true);
    expect(Array.from(a.normals(6))).to.deep.equal(oneByOne);
    a.setState(state);
    expect(Array.from(a.normals(6, new Float32Array(6)))).to.deep.equal(
      Array.from(Float32Array.from(oneByOne)),
    );
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
