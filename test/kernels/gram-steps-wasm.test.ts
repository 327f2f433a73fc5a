/**
 * gramHalfStep's host form on a WebAssembly memory (products.wat's gramColumns64,
 * armijoColumns64, exactCoefficients64, exactMove64, mirrorColumns64, nesterovColumns64) against
 * its loop form on plain shared buffers: the same bits for every method, at depths 2 and 3, for
 * k with and without a remainder mod 8 and odd, under the relative tolerance of anls and with
 * restarts after non-finite values. And exp64 (the port of fdlibm's exp that the mirror step
 * uses) and expInto (its SIMD form for arrays, four entries at a time), against Math.exp bit for
 * bit.
 */
import { expect } from 'chai';
import { gramStepsProblem } from './kernel-fixtures';
import { gramHalfStepHost, gramStepsWasm } from '../../src/kernels/gram-steps-host';
import { GRAM_METHODS, type GramStepAttrs } from '../../src/kernels/gram-steps-op';
import { kernelModule, simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { Rng } from '../../src/random';
import { kernelInstance } from '../../src/kernels/wasm/kernel-imports';

/** A gram-steps problem with A of 2k + 5 rows. */
const problem = (k: number, r: number, seed: number) => gramStepsProblem(k, r, 2 * k + 5, seed);

function solve(
  wasm: boolean,
  k: number,
  r: number,
  p: ReturnType<typeof problem>,
  a: GramStepAttrs,
) {
  gramStepsWasm.enabled = wasm;
  try {
    const x = new Float32Array(k * r);
    const info = gramHalfStepHost(p.G, p.C, p.x0, k, r, a, x);
    return { x, info };
  } finally {
    gramStepsWasm.enabled = true;
  }
}

describe('gramHalfStep host form: WebAssembly kernels against the loop form', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  const r = 150;
  const cases: [string, Partial<GramStepAttrs>][] = [
    ['depth 2', {}],
    ['depth 3', { depth: 3 }],
    ['restarts after non-finite values', { learningRate: 1e155 }],
  ];
  for (const k of [16, 9, 5]) {
    for (const method of GRAM_METHODS) {
      for (const [name, extra] of cases) {
        if (method === 'exact' && extra.depth === 3) continue;
        it(`${method}, k = ${k}, ${name}: the same bits`, () => {
          const p = problem(k, r, 100 + k);
          const a: GramStepAttrs = {
            method,
            lipschitz: p.lipschitz,
            learningRate: method === 'fixed' ? 0.5 : 1,
            depth: 2,
            alpha: 1,
            decay: method === 'fixed' ? 0.3 : 0,
            tol: -1,
            tolFactor: 0.01,
            tolFloor: 1e-7,
            maxIter: 40,
            checkEvery: 5,
            ...extra,
          };
          const loop = solve(false, k, r, p, a);
          const wasm = solve(true, k, r, p, a);
          expect(Array.from(wasm.info)).to.deep.equal(Array.from(loop.info));
          expect(Buffer.from(wasm.x.buffer).equals(Buffer.from(loop.x.buffer))).to.equal(true);
          // Without restarts a real solve: iterations ran and x moved from the warm start
          // (after restarts the last good iterate may be the warm start itself).
          if (extra.learningRate === undefined) {
            expect(loop.info[0]).to.be.greaterThan(0);
            expect(Array.from(loop.x).some((v, i) => v !== p.x0[i])).to.equal(true);
          }
        });
      }
    }
  }

  it('exp64 and expInto equal Math.exp bit for bit (ranges, every reduction branch, specials)', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    const { exp64, expInto } = kernelInstance(kernelModule()!, memory).exports as {
      exp64: (x: number) => number;
      expInto: (src: number, dst: number, n: number) => void;
    };
    const src = new Float64Array(memory.buffer, 16, 7);
    const dst = new Float64Array(memory.buffer, 16 + 8 * 7, 7);
    let n = 0;
    const expectExp = (x: number, y: number) => {
      expect(Object.is(exp64(x), Math.exp(x)), `exp(${x})`).to.equal(true);
      // 1 … 7 entries in turn (four at a time, then one by one): the four fast, or, with one
      // past the fast range, the four through exp64.
      n = (n % 7) + 1;
      const inputs = [x, y, 0.3 * y, -0.5, 0.1 * x, y, x].slice(0, n);
      src.set(inputs);
      expInto(src.byteOffset, dst.byteOffset, n);
      inputs.forEach((v, i) => {
        expect(Object.is(dst[i], Math.exp(v)), `expInto entry ${i} of ${n}: exp(${v})`).to.equal(
          true,
        );
      });
    };
    const rng = new Rng(5);
    // Around 0 (k = 0, and below 2⁻²⁸), ½ln2 … 1.5·ln2 (k = ±1), the general reduction, and
    // past ±704 where expInto hands its entries to exp64.
    const ranges = [
      [-1e-8, 1e-8],
      [-0.5, 0.5],
      [-2, 2],
      [0.3, 1.1],
      [-100, 10],
      [-760, 760],
    ];
    let checked = 0;
    for (const [a, b] of ranges) {
      for (let i = 0; i < 40000; i++) {
        expectExp(a + (b - a) * rng.uniform(), a + (b - a) * rng.uniform());
        checked++;
      }
    }
    const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 709.78, -745.1, -708.5, 1e-300];
    const edges = [Math.log(Number.MAX_VALUE), -1021.5 * Math.LN2, 0.5 * Math.LN2, 1.5 * Math.LN2];
    for (const x of [...specials, ...edges, ...edges.map((v) => -v), 703.9, -703.9]) {
      expectExp(x, 0.7);
      expectExp(0.7, x);
    }
    expect(checked).to.equal(240000);
  });
});
