/**
 * PairStates of different shapes (anls's W half, `k × n`, and H half, `k × m`) take turns on one
 * growable WebAssembly memory: the solves give the bits of states of their own, on 1 and 3
 * threads, also after the memory grew under a state made before; one memory, not one each.
 */
import { expect } from 'chai';
import { gramProblem } from './kernel-fixtures';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { PairState } from '../../src/kernels/bb-state';
import { GramBbWorkspace, overparamGramBb } from '../../src/kernels/overparam-gram';
import { BB_CHUNK_COLUMNS } from '../../src/kernels/js/bb-columns';

const bits = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

describe('kernels: PairStates share one memory', () => {
  const n = 7;
  // The small shape first: the larger one grows the memory under it.
  const shapes = [BB_CHUNK_COLUMNS + 5, 4 * BB_CHUNK_COLUMNS + 3];
  const problems = shapes.map((r, i) => gramProblem(n, r, 60 + i));
  const options = (p: ReturnType<typeof gramProblem>) => ({
    depth: 2,
    lipschitz: p.lipschitz,
    maxIter: 17,
    checkEvery: 4,
    tol: (start: number) => 1e-3 * start,
    switchAt: 9,
  });

  /** Each problem solved with a state of its own (the workspace disposed after). */
  function alone(threads: number) {
    return problems.map((p, i) => {
      const products = new DenseProducts(new Float32Array(4), 2, 2, threads);
      try {
        return overparamGramBb(p.G, p.C, p.x0, n, shapes[i], options(p), (t) =>
          products.runTask(t),
        );
      } finally {
        products.dispose();
      }
    });
  }

  for (const threads of [1, 3]) {
    it(`alternating solves of two shapes on one workspace give each shape's own bits (${threads} thread${threads > 1 ? 's' : ''})`, function () {
      if (!simdProductsAvailable()) this.skip();
      const expected = alone(threads);
      const products = new DenseProducts(new Float32Array(4), 2, 2, threads);
      const workspace = new GramBbWorkspace();
      try {
        for (let round = 0; round < 3; round++) {
          problems.forEach((p, i) => {
            const got = overparamGramBb(
              p.G,
              p.C,
              p.x0,
              n,
              shapes[i],
              options(p),
              (t) => products.runTask(t),
              workspace,
            );
            expect(bits(got.x).equals(bits(expected[i].x))).to.equal(true);
            expect(got.iterations).to.equal(expected[i].iterations);
            expect(got.kktResidual).to.equal(expected[i].kktResidual);
          });
        }
      } finally {
        workspace.dispose();
        products.dispose();
      }
    });
  }

  it('makes at most one WebAssembly memory for live states of two shapes', function () {
    if (!simdProductsAvailable()) this.skip();
    const Original = WebAssembly.Memory;
    let made = 0;
    WebAssembly.Memory = function (d: WebAssembly.MemoryDescriptor) {
      made++;
      return new Original(d);
    } as unknown as typeof WebAssembly.Memory;
    try {
      // (none when states of earlier tests are still alive: then the two join theirs)
      const a = new PairState(n, shapes[0]);
      const b = new PairState(n, shapes[1]);
      const c = new PairState(n, shapes[1] + 2);
      expect(made).to.be.at.most(1);
      a.dispose();
      a.dispose(); // twice: counted once
      b.dispose();
      c.dispose();
    } finally {
      WebAssembly.Memory = Original;
    }
  });
});
