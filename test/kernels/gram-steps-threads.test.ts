/**
 * gramHalfStep's host form on the kernel threads (kernels/gram-steps-host.ts, the chunk task of
 * gram-steps-chunk.ts): every method gives the same bits on 1 and 3 threads (the columns are cut
 * into fixed chunks, the checks and restarts are the calling thread's), on a problem of several
 * chunks (the last one short), with the relative tolerance of anls and with restarts after
 * non-finite values.
 */
import { expect } from 'chai';
import { gramStepsProblem } from './kernel-fixtures';
import { GRAM_CHUNK_COLUMNS } from '../../src/kernels/gram-steps-chunk';
import { gramHalfStepHost } from '../../src/kernels/gram-steps-host';
import {
  GRAM_METHODS,
  GRAM_STEP_OK,
  type GramMethod,
  type GramStepAttrs,
} from '../../src/kernels/gram-steps-op';
import { threadsAvailable } from '../../src/kernels/threads/kernel-threads';
import { simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';

const k = 7;
const r = 4 * GRAM_CHUNK_COLUMNS + 29;
const m = 30;

const problem = (seed: number) => gramStepsProblem(k, r, m, seed);

function attrs(method: GramMethod, lipschitz: number, extra: Partial<GramStepAttrs>) {
  return {
    method,
    lipschitz,
    learningRate: method === 'fixed' ? 0.5 : 1,
    depth: 2,
    alpha: 1,
    decay: method === 'fixed' ? 0.3 : 0,
    tol: 0,
    tolFactor: 0.1,
    tolFloor: 1e-7,
    maxIter: 23,
    checkEvery: 5,
    ...extra,
  };
}

/** x and info of the host kernel on `threads` threads. */
function solveOn(threads: string, p: ReturnType<typeof problem>, a: GramStepAttrs) {
  const saved = process.env.NMFLOW_THREADS;
  process.env.NMFLOW_THREADS = threads;
  try {
    const x = new Float32Array(k * r);
    const info = gramHalfStepHost(p.G, p.C, p.x0, k, r, a, x);
    return { x, info };
  } finally {
    if (saved === undefined) delete process.env.NMFLOW_THREADS;
    else process.env.NMFLOW_THREADS = saved;
  }
}

describe('gramHalfStep host form on the kernel threads', () => {
  it('runs here on worker threads (else the comparisons below would be of one thread)', () => {
    expect(threadsAvailable()).to.equal(true);
    expect(simdProductsAvailable()).to.equal(true);
  });

  const cases: [string, Partial<GramStepAttrs>][] = [
    ['fixed tolerance', {}],
    ['depth 3', { depth: 3 }],
    ['tolerance relative to the warm start', { tol: -1, maxIter: 200 }],
    ['restarts after non-finite values', { learningRate: 1e155 }],
  ];
  for (const method of GRAM_METHODS) {
    for (const [name, extra] of cases) {
      if (method === 'exact' && extra.depth === 3) continue;
      it(`${method}, ${name}: the same bits on 1 and 3 threads`, () => {
        const p = problem(11);
        const a = attrs(method, p.lipschitz, extra);
        const one = solveOn('1', p, a);
        const three = solveOn('3', p, a);
        expect(three.info).to.deep.equal(one.info);
        expect(Buffer.from(three.x.buffer).equals(Buffer.from(one.x.buffer))).to.equal(true);
        // x ≥ 0 (after restarts the last good iterate, finite in float64, maybe not in
        // float32); without restarts a real solve that moved from the warm start.
        expect(Array.from(one.x).every((v) => v >= 0)).to.equal(true);
        if (extra.learningRate === undefined) {
          expect(Array.from(one.x).every((v) => Number.isFinite(v))).to.equal(true);
          expect(one.info[2]).to.equal(GRAM_STEP_OK);
          expect(Array.from(one.x).some((v, i) => v !== p.x0[i])).to.equal(true);
        }
      });
    }
  }
});
