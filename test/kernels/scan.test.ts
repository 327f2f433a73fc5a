/**
 * scanEntries (the wasm statistics of a dense float32 array) against a float64 loop;
 * firstBadEntry (the wasm form of checkCsr's entry checks) against its loop.
 */
import { expect } from 'chai';
import { firstBadEntryLoop } from '../../src/linalg/csr';
import {
  align,
  residentAvailable,
  residentCsrArrays,
  residentCsrLayout,
  residentFloats,
  simdProductsAvailable,
} from '../../src/kernels/wasm/kernel-memory';
import { SCAN_BLOCK, firstBadEntry, scanEntries } from '../../src/kernels/wasm/scan';
import { randomArray } from './product-checks';

function reference(x: Float32Array) {
  let sum = 0;
  let sqNorm = 0;
  let max = 0;
  let zeros = 0;
  for (const v of x) {
    sum += v;
    sqNorm += v * v;
    max = Math.max(max, v);
    if (v === 0) zeros++;
  }
  return { sum, sqNorm, max, zeros };
}

describe('kernels: scanEntries', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  for (const length of [1, 3, 4, 7, SCAN_BLOCK + 5, 3 * SCAN_BLOCK]) {
    it(`sums, maximum and zeros of ${length} entries match float64`, () => {
      const x = randomArray(length, length, 0.3);
      const got = scanEntries(x);
      const want = reference(x);
      expect(got.bad).to.equal(-1);
      expect(got.zeros).to.equal(want.zeros);
      expect(got.max).to.equal(want.max);
      expect(got.sum).to.be.closeTo(want.sum, 1e-12 * want.sum + 1e-300);
      expect(got.sqNorm).to.be.closeTo(want.sqNorm, 1e-12 * want.sqNorm + 1e-300);
    });
  }

  for (const bad of [-1, NaN, Infinity, -Infinity]) {
    for (const at of [0, 2, 5, SCAN_BLOCK + 1, 2 * SCAN_BLOCK - 1]) {
      it(`stops at the first ${bad} (index ${at}), also when a later one follows`, () => {
        const x = randomArray(2 * SCAN_BLOCK, 7, 0.5);
        x[at] = bad;
        x[at + 1 < x.length ? at + 1 : at] = bad;
        expect(scanEntries(x).bad).to.equal(at);
      });
    }
  }

  it('scans a residentFloats array where it lies, with the bits of its copy, leaving it free', () => {
    for (const at of [-1, SCAN_BLOCK + 3]) {
      const x = residentFloats(2 * SCAN_BLOCK + 5);
      x.set(randomArray(x.length, 9, 0.3));
      if (at >= 0) x[at] = -2;
      // An earlier user of its memory may have left anything past it.
      new Float64Array(x.buffer, align(x.byteLength), 4).fill(7);
      expect(scanEntries(x)).to.deep.equal(scanEntries(Float32Array.from(x)));
      expect(residentAvailable(x)).to.equal(true);
    }
  });

  it('takes −0 as a zero and the largest finite float32 as a value', () => {
    const x = Float32Array.from([-0, 3.4028234663852886e38, 0, 1]);
    const got = scanEntries(x);
    expect(got.bad).to.equal(-1);
    expect(got.zeros).to.equal(2);
    expect(got.max).to.equal(3.4028234663852886e38);
  });
});

describe('kernels: firstBadEntry', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  const cols = 37;
  /** A CSR's indices and values of `nnz` good entries (the indptr is not read). */
  function entries(nnz: number, seed: number) {
    const values = randomArray(nnz, seed, 0.2);
    const indices = Int32Array.from(values, (_, p) => (p * 7 + seed) % cols);
    return { indptr: new Int32Array(2), indices, values };
  }
  const badIndices = [-1, cols, 2 ** 31 - 1];
  const badValues = [NaN, Infinity, -Infinity];

  for (const nnz of [1, 3, 4, 9, SCAN_BLOCK + 6]) {
    it(`finds no bad entry among ${nnz} good ones, as its loop`, () => {
      const x = entries(nnz, nnz);
      expect(firstBadEntry(x, cols)).to.equal(-1);
      expect(firstBadEntryLoop(x, cols)).to.equal(-1);
      // Negative values and the largest finite float32 are good entries here.
      x.values[0] = -3.4028234663852886e38;
      expect(firstBadEntry(x, cols)).to.equal(-1);
    });
  }

  for (const at of [0, 2, 5, 8, SCAN_BLOCK - 1, SCAN_BLOCK + 4]) {
    it(`stops where its loop does: a bad index or value at ${at}, another after it`, () => {
      for (const [k, bad] of [...badIndices, ...badValues].entries()) {
        const x = entries(SCAN_BLOCK + 6, at + k);
        const next = Math.min(at + 1 + (k % 3), x.values.length - 1);
        if (k < badIndices.length) x.indices[at] = bad;
        else x.values[at] = bad;
        x.indices[next] = -5;
        expect(firstBadEntry(x, cols), `${bad}`).to.equal(at);
        expect(firstBadEntryLoop(x, cols), `${bad}`).to.equal(at);
      }
    });
  }

  it('checks a residentCsrArrays matrix where it lies and leaves its memory free', () => {
    const nnz = SCAN_BLOCK + 9;
    const x = residentCsrArrays(3, nnz);
    const plain = entries(nnz, 4);
    x.indices.set(plain.indices);
    x.values.set(plain.values);
    x.indptr.set([0, 5, 9, nnz]);
    expect(firstBadEntry(x, cols)).to.equal(-1);
    x.values[SCAN_BLOCK + 2] = NaN;
    expect(firstBadEntry(x, cols)).to.equal(SCAN_BLOCK + 2);
    // Its statistics, read in place, are those of a copy.
    x.values[SCAN_BLOCK + 2] = 1;
    expect(scanEntries(x.values, x)).to.deep.equal(scanEntries(Float32Array.from(x.values)));
    expect(residentCsrLayout(x)).to.not.equal(undefined);
  });
});
