/**
 * Thin64 (products.wat's gramRows, thinTimes and inverseCholesky64) against the loop forms, bit
 * for bit.
 */
import { expect } from 'chai';
import { defaultThreads, simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Thin64, gramLoop, thinProducts, timesLoop } from '../../src/kernels/wasm/thin64';
import { inverseCholeskyLoop } from '../../src/linalg/thin';
import { gramFor } from '../../src/kernels/wasm/gram-wasm';
import { gramKernel } from '../../src/kernels/js/sweep-kernel';
import { Rng } from '../../src/random';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { runKernelTaskNow } from '../../src/kernels/task-threads';
import { sharedFloat64 } from '../../src/kernels/threads/kernel-threads';
import { forgetReleased, ownMemory } from '../../src/kernels/wasm/own-memory';

const PAGE = 65536;

/** A probe task's payload (task-registry.ts) for `chunks` chunks. */
const probeOf = (chunks: number) => ({
  out: sharedFloat64(3 * chunks),
  seen: new Int32Array(new SharedArrayBuffer(4 * chunks)),
  live: sharedFloat64(1),
  tag: 0,
  spin: 10,
});

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

  // Rows across the 1024-row blocks; l with remainders 0 … 3 mod 4 (gramRows' 4 × 4 tiles,
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

  it('float32 F·M in place on the threads of a live kernel memory, a scratch array where it lies: the bits of the loop form', () => {
    // A live pool of the default threads (whose pools tasks borrow), started and ready (a task
    // waits for every worker).
    const threads = defaultThreads();
    const products = new DenseProducts(Float32Array.from(entries(256 * 256, 9)), 256, 256, threads);
    try {
      products.runTask({ task: 'probe', payload: probeOf(8), chunks: 8 });
      for (const [rows, l] of [
        [4096, 5],
        [10001, 20],
      ]) {
        const M = entries(l * l, l);
        const F32 = Float32Array.from(entries(rows * l, rows));
        const expected = Float32Array.from(timesLoop(F32, rows, l, M, l));
        const thin = Thin64.create(l, runKernelTaskNow)!;
        // A scratch array (F·M where it lies), before and after the copy of a plain array.
        const scratch = thin.scratch32(rows * l);
        scratch.set(F32);
        thin.times(F32, rows, l, M, l, F32);
        expect(sameBits(F32, expected), `${rows} × ${l}`).to.equal(true);
        thin.times(scratch, rows, l, M, l, scratch, false);
        expect(sameBits(scratch, expected), `${rows} × ${l} in place`).to.equal(true);
        thin.release();
      }
    } finally {
      products.dispose();
    }
  });

  it('the rules’ Gram kernel is the generated JavaScript kernel’s, bit for bit', () => {
    for (const k of [1, 3, 16, 17]) {
      const F = entries(3001 * k, k);
      expect(sameBits(gramFor(k)(F, 3001), gramKernel(k)(F, 3001))).to.equal(true);
    }
  });

  it('gives its memories back: the next ownMemory takes them; it refuses calls after that', () => {
    forgetReleased();
    const thin = Thin64.create(32)!;
    const F = entries(5000 * 32, 2);
    const expected = gramLoop(F, 5000, 32);
    expect(sameBits(thin.gram(F, 5000, 32), expected)).to.equal(true);
    thin.release();
    const taken = ownMemory(2 * PAGE);
    expect(new Uint8Array(taken.memory.buffer, 0, 3 * PAGE).every((b) => b === 0)).to.equal(true);
    // Thin64's (its 1024 × 32 float64 block and more); a new memory for two pages has three
    expect(taken.memory.buffer.byteLength).to.be.above(3 * PAGE);
    expect(() => thin.gram(F, 5000, 32)).to.throw(/used after release/);
    // a new one computes the same, on a memory of its own
    expect(sameBits(Thin64.create(32)!.gram(F, 5000, 32), expected)).to.equal(true);
  });

  it('scratch32: zeroed arrays one after the other, kept through growth, given back with it', () => {
    forgetReleased();
    const thin = Thin64.create(4)!;
    const a = thin.scratch32(10);
    a.fill(1);
    const b = thin.scratch32(100000); // grows the memory
    expect(b.every((v) => v === 0)).to.equal(true);
    expect(b.buffer === a.buffer || b.byteOffset >= a.byteOffset + a.byteLength).to.equal(true);
    expect(Array.from(a)).to.deep.equal(new Array(10).fill(1));
    thin.release();
    expect(() => thin.scratch32(1)).to.throw(/used after release/);
    const taken = ownMemory(400000).memory;
    expect(taken.buffer.byteLength).to.be.at.least(400000);
    expect(new Uint8Array(taken.buffer, 0, 400000).every((v) => v === 0)).to.equal(true);
  });

  it('R⁻¹ of a Gram matrix’s Cholesky factor: the loop form’s bits, null where it is, R·R⁻¹ = I', () => {
    const thin = Thin64.create(30)!;
    for (const [rows, l] of [
      [1, 1],
      [40, 7],
      [500, 30],
    ]) {
      const G = gramLoop(entries(rows * l, l), rows, l);
      const want = inverseCholeskyLoop(G, l, 1e-6)!;
      const got = thin.inverseCholesky(G, l, 1e-6)!;
      expect(sameBits(got, want), `${rows} × ${l}`).to.equal(true);
      // Rᵀ·R = G and R·R⁻¹ = I: Gram·R⁻¹ = Rᵀ, so (R⁻¹)ᵀ·G·R⁻¹ = I.
      for (let a = 0; a < l; a++) {
        for (let b = 0; b < l; b++) {
          let s = 0;
          for (let i = 0; i < l; i++)
            for (let j = 0; j < l; j++) s += got[i * l + a] * G[i * l + j] * got[j * l + b];
          expect(s).to.be.closeTo(a === b ? 1 : 0, 1e-8);
        }
      }
    }
    // Short of rank (a repeated column): a pivot falls below the floor, null from both forms.
    const F = entries(50 * 4, 9);
    for (let i = 0; i < 50; i++) F[i * 4 + 3] = F[i * 4 + 1];
    const G = gramLoop(F, 50, 4);
    expect(inverseCholeskyLoop(G, 4, 1e-6)).to.equal(null);
    expect(thin.inverseCholesky(G, 4, 1e-6)).to.equal(null);
    // thinProducts gives the kernel's bits.
    const H = gramLoop(entries(60 * 5, 2), 60, 5);
    const products = thinProducts(5);
    expect(
      sameBits(products.inverseCholesky(H, 5, 1e-6)!, inverseCholeskyLoop(H, 5, 1e-6)!),
    ).to.equal(true);
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

  it('normals: the values of Rng.normals and its state after, bit for bit (spare, odd n, blocks, a zero uniform)', () => {
    const kernels = Thin64.create(4)!;
    try {
      // Across NORMAL_BLOCK (8192) draws; with a spare cached before; odd and even n.
      for (const [seed, before, n] of [
        [0, 0, 20001],
        [3, 1, 7],
        [5, 0, 1],
        [9, 1, 16384],
        [11, 2, 0],
      ]) {
        const [a, b] = [new Rng(seed), new Rng(seed)];
        for (let i = 0; i < before; i++) expect(a.normal()).to.equal(b.normal());
        const drawn = kernels.normals(a, n);
        const want = b.normals(n);
        expect(sameBits(drawn, want), `seed ${seed}, ${before} before, n = ${n}`).to.equal(true);
        expect(a.getState()).to.deep.equal(b.getState());
        expect(a.normal(), 'the next draw').to.equal(b.normal());
      }
      // [7, 0, 7, 9]: the next two words are 0, a pair's first uniform exactly 0, drawn again.
      const [a, b] = [new Rng(), new Rng()];
      a.setState([7, 0, 7, 9, NaN]);
      b.setState([7, 0, 7, 9, NaN]);
      const f32 = kernels.normals(a, 6, new Float32Array(6));
      expect(Array.from(f32)).to.deep.equal(Array.from(b.normals(6, new Float32Array(6))));
      expect(f32.every(Number.isFinite)).to.equal(true);
    } finally {
      kernels.release();
    }
  });
});
