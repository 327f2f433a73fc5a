/**
 * PairChunks (each chunk of columns taken through the whole solve in one task: anls's default
 * half-steps) against PairState's loop of tasks: the same solution bits, iterations and
 * residual, whatever the shape (one column, odd counts, several chunks), the check that stops
 * (the start, a middle one, the last) and the threads (1 and 3), and with two shapes taking turns
 * on one memory that grows under the workers' instances.
 */
import { expect } from 'chai';
import { gramProblem } from './kernel-fixtures';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { PairChunks } from '../../src/kernels/bb-state';
import { GramBbWorkspace, overparamGramBb } from '../../src/kernels/overparam-gram';
import { BB_CHUNK_COLUMNS } from '../../src/kernels/js/bb-columns';

const bits = (a: Float64Array | Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** A workspace without PairChunks: overparamGramBb takes PairState's loop. */
class LoopWorkspace extends GramBbWorkspace {
  override chunks(): PairChunks | undefined {
    return undefined;
  }
}

/** C and x0 of `gramProblem` as float32 rows (`r × n`, the `columns` layout). */
function asRows(a: Float64Array, n: number, r: number): Float32Array {
  const out = new Float32Array(r * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < r; j++) out[j * n + i] = a[i * r + j];
  return out;
}

describe('kernels: PairChunks solves chunk by chunk with the bits of the loop of tasks', () => {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  const solve = (
    p: ReturnType<typeof gramProblem>,
    n: number,
    r: number,
    o: { maxIter: number; checkEvery: number; tol: number | ((s: number) => number) },
    workspace: GramBbWorkspace,
    threads: number,
    pool?: DenseProducts,
  ) => {
    // The products' worker threads run the chunk tasks (a pool of their own unless given).
    const products = pool ?? new DenseProducts(new Float32Array(4), 2, 2, threads);
    try {
      const out = new Float32Array(r * n);
      const result = overparamGramBb(
        p.G,
        asRows(p.C, n, r),
        asRows(p.x0, n, r),
        n,
        r,
        { depth: 2, lipschitz: p.lipschitz, layout: 'columns', switchAt: 5, ...o },
        (t) => products.runTask(t),
        workspace,
        out,
      );
      return { ...result, x: out };
    } finally {
      if (!pool) products.dispose();
    }
  };

  for (const [n, r] of [
    [3, 1],
    [7, 5],
    [16, BB_CHUNK_COLUMNS],
    [5, BB_CHUNK_COLUMNS + 1],
    [12, 3 * BB_CHUNK_COLUMNS + 7],
  ]) {
    it(`n = ${n}, r = ${r}: every stopping check, 1 and 3 threads`, () => {
      const p = gramProblem(n, r, n + r);
      const loop = new LoopWorkspace();
      const chunked = new GramBbWorkspace();
      try {
        // The residual after 5 iterations, as a tolerance that stops the solve there.
        const atFive = solve(p, n, r, { maxIter: 5, checkEvery: 5, tol: 0 }, loop, 1);
        const variants = [
          { maxIter: 10, checkEvery: 5, tol: 0 }, // to the end
          { maxIter: 10, checkEvery: 5, tol: 1e9 }, // at the start pass
          { maxIter: 10, checkEvery: 5, tol: atFive.kktResidual }, // after the first segment
          { maxIter: 10, checkEvery: 5, tol: (s: number) => 1e-3 * s },
          { maxIter: 7, checkEvery: 5, tol: 0 }, // a short last segment
          { maxIter: 0, checkEvery: 5, tol: 0 },
        ];
        const stops = new Set<number>();
        for (const o of variants) {
          for (const threads of [1, 3]) {
            const want = solve(p, n, r, o, loop, threads);
            const got = solve(p, n, r, o, chunked, threads);
            const label = `${JSON.stringify({ ...o, tol: String(o.tol) })}, ${threads} threads`;
            expect(bits(got.x).equals(bits(want.x)), label).to.equal(true);
            expect(got.iterations, label).to.equal(want.iterations);
            expect(got.kktResidual, label).to.equal(want.kktResidual);
            stops.add(got.iterations);
          }
        }
        // The variants do stop at the start, after the first segment and at the end.
        for (const k of [0, 5, 7, 10]) expect(stops.has(k), `stops at ${k}`).to.equal(true);
      } finally {
        loop.dispose();
        chunked.dispose();
      }
    });
  }

  it('two shapes taking turns on one memory (the larger grows it under the smaller), 3 threads', () => {
    const n = 9;
    const shapes = [BB_CHUNK_COLUMNS + 3, 5 * BB_CHUNK_COLUMNS + 1];
    const problems = shapes.map((r, i) => gramProblem(n, r, 80 + i));
    const o = { maxIter: 10, checkEvery: 5, tol: 0 };
    const alone = problems.map((p, i) => {
      const workspace = new LoopWorkspace();
      try {
        return solve(p, n, shapes[i], o, workspace, 3);
      } finally {
        workspace.dispose();
      }
    });
    // One pool for every solve: its workers keep their instances on the memory as it grows.
    const pool = new DenseProducts(new Float32Array(4), 2, 2, 3);
    const workspace = new GramBbWorkspace();
    try {
      for (let round = 0; round < 3; round++) {
        problems.forEach((p, i) => {
          const got = solve(p, n, shapes[i], o, workspace, 3, pool);
          expect(bits(got.x).equals(bits(alone[i].x)), `round ${round}, shape ${i}`).to.equal(true);
          expect(got.kktResidual).to.equal(alone[i].kktResidual);
        });
      }
    } finally {
      workspace.dispose();
      pool.dispose();
    }
  });

  it('is what the default half-step takes (float32 rows, two segments), not the loop', () => {
    const [n, r] = [6, 40];
    const p = gramProblem(n, r, 9);
    const workspace = new GramBbWorkspace();
    try {
      solve(p, n, r, { maxIter: 10, checkEvery: 5, tol: 0 }, workspace, 1);
      expect(workspace.chunks(n, r)).to.be.instanceOf(PairChunks);
      // More checks than PairChunks runs: the loop of tasks.
      const many = new (class extends GramBbWorkspace {
        override chunks(): PairChunks | undefined {
          throw new Error('PairChunks taken for 20 checks');
        }
      })();
      try {
        solve(p, n, r, { maxIter: 20, checkEvery: 1, tol: 0 }, many, 1);
      } finally {
        many.dispose();
      }
    } finally {
      workspace.dispose();
    }
  });
});
