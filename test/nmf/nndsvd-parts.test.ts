/**
 * nndsvd's passes over the singular vectors in WebAssembly (kernels/wasm/vector-parts.ts)
 * against their loop forms (nmf/nndsvd-parts.ts): the same bits, in both layouts (vectors as the
 * columns of a row-major matrix and as its rows) and from columns to rows (the scaled parts
 * transposed), with zeros, negative zeros, entries near the cut-off and NaN, from float32 and
 * float64 vectors.
 */
import { expect } from 'chai';
import { loopVectorParts, type Vectors } from '../../src/nmf/nndsvd-parts';
import { wasmVectorParts } from '../../src/kernels/wasm/vector-parts';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Rng } from '../../src/random';

const bits = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function vectors(len: number, k: number, seed: number, f32: boolean): Float32Array | Float64Array {
  const rng = new Rng(seed);
  const F = f32 ? new Float32Array(len * k) : new Float64Array(len * k);
  for (let e = 0; e < F.length; e++) F[e] = rng.uniform() * 2 - 1;
  F[0] = 0;
  F[1] = -0;
  F[2] = 1e-6;
  if (F.length > 7) F[7] = NaN;
  return F;
}

describe('nmf: nndsvd parts in WebAssembly have the bits of the loops', () => {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  for (const [len, k] of [
    [1, 1],
    [9, 4],
    [1000, 20],
  ]) {
    for (const f32 of [true, false]) {
      it(`${len} × ${k}, ${f32 ? 'float32' : 'float64'}, as columns, as rows, columns to rows`, () => {
        const F = vectors(len, k, len + k, f32);
        const scaledOf: Float32Array[] = [];
        for (const [rowStride, vecStride, outRowStride, outVecStride] of [
          [k, 1, k, 1],
          [1, len, 1, len],
          [k, 1, 1, len],
        ]) {
          const v: Vectors = { F, len, k, rowStride, vecStride, outRowStride, outVecStride };
          const want = loopVectorParts(v);
          const group = wasmVectorParts(v, v)!;
          const got = group.parts[1]; // past the first set's part of the memory
          const [wp, wn] = want.norms();
          const [gp, gn] = got.norms();
          expect(bits(gp).equals(bits(wp))).to.equal(true);
          expect(bits(gn).equals(bits(wn))).to.equal(true);
          const c = Float64Array.from({ length: k }, (_, t) => (t % 2 ? -1 : 1));
          const z = Float64Array.from({ length: k }, (_, t) => (t === 0 ? 1 : 0));
          const s = Float64Array.from({ length: k }, (_, t) => 0.5 + t);
          for (const fill of [0, 0.25]) {
            const w = want.scaled(c, z, s, 1e-6, fill);
            const g = got.scaled(c, z, s, 1e-6, fill);
            expect(bits(g).equals(bits(w)), `fill ${fill}`).to.equal(true);
            if (fill === 0) scaledOf.push(g.slice()); // g is a view the next call overwrites
          }
          group.release();
        }
        // Columns to rows: the columns' scaled parts, transposed.
        const [columns, , transposed] = scaledOf;
        const want = new Float32Array(len * k);
        for (let i = 0; i < len; i++)
          for (let t = 0; t < k; t++) want[t * len + i] = columns[i * k + t];
        expect(bits(transposed).equals(bits(want))).to.equal(true);
      });
    }
  }
});
