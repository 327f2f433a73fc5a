/** Results crossing Redis as JSON: packDeep/unpackDeep are exact. */
import { expect } from 'chai';
import { packDeep, unpackDeep } from '../../src/distributed/codec';

describe('distributed: codec', () => {
  it('packDeep/unpackDeep keep typed arrays bit for bit and non-finite numbers', () => {
    const v = {
      a: Float32Array.of(0.1, -3, 1e-30),
      b: [Float64Array.of(Math.PI), Int32Array.of(-7)],
      c: { n: NaN, p: Infinity, m: -Infinity, x: 0.30000000000000004, s: 'text', z: null },
    };
    const back = unpackDeep(JSON.parse(JSON.stringify(packDeep(v)))) as typeof v;
    expect(back.a).to.be.instanceOf(Float32Array);
    expect(Array.from(back.a)).to.deep.equal(Array.from(v.a));
    expect(back.b[0]).to.be.instanceOf(Float64Array);
    expect(back.b[1]).to.be.instanceOf(Int32Array);
    expect(back.b[0][0]).to.equal(Math.PI);
    expect(back.b[1][0]).to.equal(-7);
    expect(Number.isNaN(back.c.n)).to.equal(true);
    expect([back.c.p, back.c.m, back.c.x, back.c.s, back.c.z]).to.deep.equal([
      Infinity,
      -Infinity,
      0.30000000000000004,
      'text',
      null,
    ]);
  });
});
