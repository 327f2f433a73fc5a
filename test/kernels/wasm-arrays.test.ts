/**
 * The elementwise kernels on a kernel memory (kernels/wasm/wasm-arrays.ts): the factors'
 * extrapolation in products.wat (extrapolate32 / extrapolate64) computes the bits of
 * extrapolation.ts's loop, and arrays elsewhere keep the loop.
 */
import { expect } from 'chai';
import * as vm from 'vm';
import { Rng } from '../../src/random';
import { extrapolateInto } from '../../src/nmf/extrapolation';
import { Worker } from 'worker_threads';
import {
  extrapolateWasm,
  float32Arena,
  kernelBuffer,
  lazyExports,
} from '../../src/kernels/wasm/wasm-arrays';
import { kernelModule } from '../../src/kernels/wasm/kernel-memory';
import { ownMemory } from '../../src/kernels/wasm/own-memory';
import { sameBits } from './kernel-fixtures';
import { kernelInstance } from '../../src/kernels/wasm/kernel-imports';

/** Whether two float64 arrays hold the same bits. */
function sameBits64(a: Float64Array, b: Float64Array): boolean {
  const [u, v] = [a, b].map((x) => new BigUint64Array(Float64Array.from(x).buffer));
  return u.length === v.length && u.every((bits, i) => bits === v[i]);
}

/** Values around 0 (some exactly 0) so that [·]₊ clips some entries. */
function values(n: number, seed: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, (_, i) => (i % 7 === 3 ? 0 : rng.uniform() - 0.3));
}

/** The loop of extrapolation.ts on plain copies: [out, previous] after it. */
function loop<T extends Float32Array | Float64Array>(
  make: (a: number[]) => T,
  current: number[],
  previous: number[],
  beta: number,
): [T, T] {
  const out = make(current.map(() => 0));
  const prev = make(previous);
  extrapolateInto(out, make(current), prev, beta);
  return [out, prev];
}

describe('kernels: elementwise kernels on a kernel memory', () => {
  before(function () {
    if (!kernelModule()) this.skip();
  });

  for (const n of [1, 2, 7, 1000, 1001]) {
    it(`extrapolate32 equals the loop bit for bit (n = ${n}, β 0, 0.7, 1.3)`, () => {
      for (const beta of [0, 0.7, 1.3]) {
        const arena = float32Arena(3 * 4 * n + 64)!;
        const [c, p] = [values(n, n), values(n, n + 1)];
        const [out, cur, prev] = [arena(n), arena(n), arena(n)];
        cur.set(c);
        prev.set(p);
        expect(extrapolateWasm(out, cur, prev, beta)).to.equal(true);
        const [wantOut, wantPrev] = loop((a) => Float32Array.from(a), c, p, beta);
        expect(sameBits(out, wantOut), `out, β ${beta}`).to.equal(true);
        expect(sameBits(prev, wantPrev), `previous, β ${beta}`).to.equal(true);
      }
    });

    it(`extrapolate32 and extrapolate64 in place (out = current) equal the loop (n = ${n})`, () => {
      const { memory } = ownMemory(2 * 8 * n + 64);
      const kernels = lazyExports(() => kernelInstance(kernelModule()!, memory).exports);
      const buffer = kernelBuffer(memory, kernels);
      const [c, p] = [values(n, 3 * n), values(n, 3 * n + 1)];
      for (const make of [
        (i: number) => new Float32Array(buffer, 4 * n * i, n),
        (i: number) => new Float64Array(buffer, 8 * n * i, n),
      ]) {
        const [cur, prev] = [make(0), make(1)];
        cur.set(c);
        prev.set(p);
        expect(extrapolateWasm(cur, cur, prev, 0.7)).to.equal(true);
        const from = (a: number[]) =>
          make(0).constructor === Float32Array ? Float32Array.from(a) : Float64Array.from(a);
        const [wantOut, wantPrev] = loop(from, c, p, 0.7);
        expect(Array.from(cur), `out, ${cur.constructor.name}`).to.deep.equal(Array.from(wantOut));
        expect(Array.from(prev), `previous, ${cur.constructor.name}`).to.deep.equal(
          Array.from(wantPrev),
        );
      }
    });

    it(`extrapolate64 equals the loop bit for bit (n = ${n})`, () => {
      const { memory } = ownMemory(3 * 8 * n + 64);
      const kernels = lazyExports(() => kernelInstance(kernelModule()!, memory).exports);
      const buffer = kernelBuffer(memory, kernels);
      const [out, cur, prev] = [0, 1, 2].map((i) => new Float64Array(buffer, 8 * n * i, n));
      const [c, p] = [values(n, 2 * n), values(n, 2 * n + 1)];
      cur.set(c);
      prev.set(p);
      extrapolateInto(out, cur, prev, 0.9);
      const [wantOut, wantPrev] = loop((a) => Float64Array.from(a), c, p, 0.9);
      expect(sameBits64(out, wantOut)).to.equal(true);
      expect(sameBits64(prev, wantPrev)).to.equal(true);
    });
  }

  it('finds the kernels of arrays made on different buffer objects of one memory', async () => {
    const n = 33;
    const { memory } = ownMemory(3 * 8 * n + 64);
    const other = new WebAssembly.Memory({ initial: 1, maximum: 4, shared: true });
    // Once a worker shares the memory, V8 gives it a new buffer object whenever the process
    // grows a shared memory (any of them), as a fit's kernel memories do.
    const worker = new Worker(
      "require('worker_threads').parentPort.postMessage(require('worker_threads').workerData.memory.buffer.byteLength)",
      { eval: true, workerData: { memory } },
    );
    await new Promise((resolve) => worker.once('message', resolve));
    await worker.terminate();
    const kernels = lazyExports(() => kernelInstance(kernelModule()!, memory).exports);
    const make = (i: number) => new Float64Array(kernelBuffer(memory, kernels), 8 * n * i, n);
    const out = make(0);
    other.grow(1);
    const [cur, prev] = [make(1), make(2)];
    const [c, p] = [values(n, 3), values(n, 4)];
    cur.set(c);
    prev.set(p);
    expect(extrapolateWasm(out, cur, prev, 0.9)).to.equal(true);
    const [wantOut, wantPrev] = loop((a) => Float64Array.from(a), c, p, 0.9);
    expect(sameBits64(out, wantOut)).to.equal(true);
    expect(sameBits64(prev, wantPrev)).to.equal(true);
  });

  it('arrays off a kernel memory, or of mixed types, are left to the loop', () => {
    const arena = float32Arena(64)!;
    const plain = new Float32Array(4);
    expect(extrapolateWasm(plain, new Float32Array(4), new Float32Array(4), 1)).to.equal(false);
    expect(extrapolateWasm(arena(4), plain, arena(4), 1)).to.equal(false);
  });

  it("takes float32 arrays for float32 whatever the global Float32Array is (a Proxy, another realm's)", () => {
    const n = 9;
    const [c, p] = [values(n, 5), values(n, 6)];
    const [wantOut, wantPrev] = loop((a) => Float32Array.from(a), c, p, 0.7);
    const Original = globalThis.Float32Array;
    // A logging wrapper of the global, as scripts/probe-nmf-memory.ts installs.
    globalThis.Float32Array = new Proxy(Original, {});
    try {
      const arena = float32Arena(3 * 4 * n + 64)!;
      const [out, cur, prev] = [arena(n), arena(n), arena(n)];
      cur.set(c);
      prev.set(p);
      extrapolateInto(out, cur, prev, 0.7);
      expect(sameBits(out, wantOut)).to.equal(true);
      expect(sameBits(prev, wantPrev)).to.equal(true);
    } finally {
      globalThis.Float32Array = Original;
    }
    // Views made in another realm on a kernel memory: left to the loop, which gets them right.
    const arena = float32Arena(3 * 4 * n + 64)!;
    const mine = arena(3 * n);
    const [out, cur, prev] = [0, 1, 2].map(
      (i) =>
        vm.runInNewContext('new Float32Array(buffer, offset, n)', {
          buffer: mine.buffer,
          offset: mine.byteOffset + 4 * n * i,
          n,
        }) as Float32Array,
    );
    cur.set(c);
    prev.set(p);
    expect(extrapolateWasm(out, cur, prev, 0.7)).to.equal(false);
    extrapolateInto(out, cur, prev, 0.7);
    expect(sameBits(Float32Array.from(out), wantOut)).to.equal(true);
    expect(sameBits(Float32Array.from(prev), wantPrev)).to.equal(true);
  });
});
