/** Thin64 (products.wat's gramRows and thinTimes) against the loop forms, bit for bit. */
import { expect } from 'chai';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Thin64, gramLoop, thinProducts, timesLoop } from '../../src/kernels/wasm/thin64';
import { gramFor } from '../../src/kernels/wasm/gram-wasm';
import { gramKernel } from '../../src/kernels/js/sweep-kernel';
import { Rng } from '../../src/random';

/** Signed entries over ten orders of magnitude, with +0 and −0 among them. */
function entries(length: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length }, () => {
    const u = rng.uniform();
    if (u < 0.15) return u < 0.075 ? 0 : -0;
    return (rng.uniform() - 0.3) * Math.exp(10 * rng.uniform() - 5);
  });
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

describe('kernels: Thin64 float64 products', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  // Rows across the 2048-row blocks; l with remainders 0 … 3 mod 4 (gramRows' 4 × 4 tiles,
  // then its 4 × 2 tiles of the next two columns, then single entries) and k odd (thinTimes'
  // pairs).
  for (const [rows, l, k] of [
    [1, 1, 1],
    [10, 6, 7],
    [3001, 10, 10],
    [517, 11, 3],
    [2048, 3, 1],
    [4097, 17, 5],
    [5000, 26, 16],
    [64, 40, 40],
  ]) {
    it(`FᵀF and F·M equal the loop forms for ${rows} × ${l}, k = ${k}`, () => {
      const F = entries(rows * l, rows + l);
      const M = entries(l * k, k);
      const thin = Thin64.create(Math.max(l, k))!;
      expect(sameBits(thin.gram(F, rows, l), gramLoop(F, rows, l))).to.equal(true);
      expect(sameBits(thin.times(F, rows, l, M, k), timesLoop(F, rows, l, M, k))).to.equal(true);
      // float32 operands, the result into F itself
      const square = entries(l * l, 3);
      const F32 = Float32Array.from(F);
      const expected = Float32Array.from(timesLoop(F32, rows, l, square, l));
      thin.times(F32, rows, l, square, l, F32);
      expect(sameBits(F32, expected)).to.equal(true);
    });
  }

  it('the rules’ Gram kernel is the generated JavaScript kernel’s, bit for bit', () => {
    for (const k of [1, 3, 16, 17]) {
      const F = entries(3001 * k, k);
      expect(sameBits(gramFor(k)(F, 3001), gramKernel(k)(F, 3001))).to.equal(true);
    }
  });

  it('refuses more columns than it has room for; thinProducts gives the same bits', () => {
    const thin = Thin64.create(4)!;
    expect(() => thin.gram(new Float64Array(10), 2, 5)).to.throw(
      RangeError,
      /5 columns, room for 4/,
    );
    const F = entries(30, 1);
    const products = thinProducts(6);
    expect(sameBits(products.gram(F, 5, 6), gramLoop(F, 5, 6))).to.equal(true);
  });
});
