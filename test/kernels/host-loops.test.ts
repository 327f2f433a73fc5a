/**
 * The fit's loops over whole factors in WebAssembly (kernels/wasm/host-loops.ts) against their
 * JavaScript forms, bit for bit: Σ a², the error's cross term (h float32 or float64), the
 * transpose, float64 arrays rounded to float32 and λmax of a Gram matrix, for sizes that grow the
 * scratch memory between calls, and on arrays read where they lie (a kernel memory's).
 */
import { expect } from 'chai';
import {
  crossTerm,
  largestEigenvalue,
  rounded32,
  scratchBytes,
  sumSquares32,
  transpose32,
  dot64,
} from '../../src/kernels/wasm/host-loops';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { WasmSweeps } from '../../src/kernels/wasm/sweep-wasm';
import { float32Arena, kernelsOn } from '../../src/kernels/wasm/wasm-arrays';
import { largestEigenvalueSmall } from '../../src/linalg/small';
import { transposeArray } from '../../src/linalg/sparse';
import { Rng } from '../../src/random';

function floats(length: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from(
    { length },
    () => (rng.uniform() - 0.3) * Math.exp(8 * rng.uniform() - 4),
  );
}

describe('kernels: host loops in WebAssembly have the bits of the JavaScript loops', () => {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  for (const [m, k] of [
    [1, 1],
    [37, 5],
    [20000, 20],
  ]) {
    it(`Σ a², ⟨w, hᵀ⟩ and the transpose for ${m} × ${k}`, () => {
      const w = floats(k * m, m + k);
      const h = floats(m * k, m + 2 * k);
      let squares = 0;
      for (let i = 0; i < w.length; i++) squares += w[i] * w[i];
      expect(Object.is(sumSquares32(w), squares)).to.equal(true);
      let cross = 0;
      for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) cross += w[t * m + j] * h[j * k + t];
      expect(Object.is(crossTerm(w, h, m, k), cross)).to.equal(true);
      // h in float64 (hals's Hᵀ), not float32-representable: crossTerm32x64.
      const h64 = Float64Array.from(h, (v, i) => v * (1 + 1e-9 * (i % 7)));
      let cross64 = 0;
      for (let t = 0; t < k; t++)
        for (let j = 0; j < m; j++) cross64 += w[t * m + j] * h64[j * k + t];
      expect(Object.is(crossTerm(w, h64, m, k), cross64)).to.equal(true);
      // Both ways: a wide array (whole columns a tile) and a thin one (whole rows).
      const out = new Float32Array(m * k);
      transpose32(w, k, m, out);
      expect(Buffer.from(out.buffer).equals(Buffer.from(transposeArray(w, k, m).buffer))).to.equal(
        true,
      );
      transpose32(h, m, k, out);
      expect(Buffer.from(out.buffer).equals(Buffer.from(transposeArray(h, m, k).buffer))).to.equal(
        true,
      );
    });
  }

  it('goes through its scratch memory in blocks: Σ a² and transposes of 4 MB arrays leave it small', () => {
    const [m, k] = [50000, 20];
    const w = floats(k * m, 11);
    const before = scratchBytes(); // what earlier calls (crossTerm copies whole arrays) left
    let squares = 0;
    for (let i = 0; i < w.length; i++) squares += w[i] * w[i];
    expect(Object.is(sumSquares32(w), squares)).to.equal(true);
    const out = new Float32Array(m * k);
    for (const [rows, cols] of [
      [k, m],
      [m, k],
      [400, 2500],
    ]) {
      transpose32(w, rows, cols, out);
      const want = transposeArray(w, rows, cols);
      expect(
        Buffer.from(out.buffer).equals(Buffer.from(want.buffer)),
        `${rows} × ${cols}`,
      ).to.equal(true);
    }
    expect(scratchBytes())
      .to.be.above(0)
      .and.at.most(Math.max(before, 1 << 20));
  });

  it('reads arrays on one kernel memory where they lie, with the bits of their copies', () => {
    const [m, k] = [301, 7];
    const arena = float32Arena(4 * 4 * (m * k + 16))!;
    const [w, h, out, other] = [arena(k * m), arena(m * k), arena(m * k), arena(m * k)];
    w.set(floats(k * m, 3));
    h.set(floats(m * k, 4));
    const [w0, h0] = [Float32Array.from(w), Float32Array.from(h)];
    expect(kernelsOn(w, h, out)).to.not.equal(undefined);
    expect(Object.is(sumSquares32(w), sumSquares32(w0))).to.equal(true);
    expect(Object.is(crossTerm(w, h, m, k), crossTerm(w0, h0, m, k))).to.equal(true);
    transpose32(w, k, m, out);
    transpose32(w0, k, m, other);
    expect(
      Buffer.from(out.buffer, out.byteOffset, out.byteLength).equals(
        Buffer.from(other.buffer, other.byteOffset, other.byteLength),
      ),
    ).to.equal(true);
    // An array off the memory: the copies, the same answer.
    expect(kernelsOn(w, h0)).to.equal(undefined);
    expect(Object.is(crossTerm(w, h0, m, k), crossTerm(w0, h0, m, k))).to.equal(true);
  });

  it('rounds float64 arrays to float32 as Float32Array.set does, on a kernel memory or off it', () => {
    const most = 1003;
    const sweeps = new WasmSweeps(16, 1, 12 * most + 64);
    try {
      const [a, stage] = [sweeps.f64(most), sweeps.f32(most)];
      const rng = new Rng(5);
      // Every exponent from float32's subnormals to past its largest, ties between floats, and
      // the values that are not numbers.
      for (let i = 0; i < most; i++)
        a[i] = (rng.uniform() - 0.5) * 2 ** (320 * rng.uniform() - 160);
      const special = [0, -0, NaN, Infinity, -Infinity, 1 + 2 ** -24, 1 + 3 * 2 ** -24, 2 ** -150];
      special.push(-(2 ** -150), 3 * 2 ** -150, 3.4028235677973366e38, 3.4028236e38, 0.1);
      a.set(special, 3);
      for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, most]) {
        const from = a.subarray(most - n);
        const expected = Float32Array.from(from);
        const [onMemory, viaStage, offMemory] = [
          stage.subarray(0, n),
          new Float32Array(n),
          new Float32Array(n),
        ];
        expect(kernelsOn(from, onMemory)).to.not.equal(undefined);
        rounded32(from, onMemory);
        rounded32(from, viaStage, stage);
        rounded32(Float64Array.from(from), offMemory, stage);
        for (const got of [onMemory, viaStage, offMemory])
          expect(
            got.every((v, i) => Object.is(v, expected[i])),
            `n = ${n}`,
          ).to.equal(true);
      }
      rounded32(a, stage);
      expect(stage.every((v, i) => Object.is(v, Math.fround(a[i])))).to.equal(true);
    } finally {
      sweeps.dispose();
    }
  });

  it('λmax of Gram matrices as linalg/small.ts computes it, zero included', () => {
    for (const n of [1, 2, 7, 20, 64]) {
      const F = floats(3 * n * n, n);
      const G = new Float64Array(n * n);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          for (let r = 0; r < 3 * n; r++) G[i * n + j] += F[r * n + i] * F[r * n + j];
      expect(Object.is(largestEigenvalue(G, n), largestEigenvalueSmall(G, n)), `n = ${n}`).to.equal(
        true,
      );
    }
    expect(largestEigenvalue(new Float64Array(9), 3)).to.equal(0);
  });

  it('Σ a·b in float64 in order, as the loop sums it, for every length mod 4 and none', () => {
    const rng = new Rng(5);
    for (const n of [0, 1, 2, 3, 5, 64, 4096]) {
      const a = Float64Array.from(
        { length: n },
        () => (rng.uniform() - 0.3) * 1e3 ** rng.uniform(),
      );
      const b = Float64Array.from({ length: n + 2 }, () => rng.uniform() - 0.5);
      let want = 0;
      for (let i = 0; i < n; i++) want += a[i] * b[i];
      expect(Object.is(dot64(a, b), want), `n ${n}`).to.equal(true);
    }
  });
});
