/**
 * The fused kernels' chunk tasks borrow the threads of the latest live kernel memory (X's
 * products during a fit) instead of starting a pool of their own: kernel-memory.ts's
 * taskThreads, which forgets a memory once disposed. (Thread counts 6 and 7, which no other
 * test's memories have: memories other tests leave to the garbage collector do not interfere.)
 */
import { expect } from 'chai';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import {
  KernelMemory,
  simdProductsAvailable,
  taskThreads,
} from '../../src/kernels/wasm/kernel-memory';

describe('kernels: task threads borrowed from a live kernel memory', () => {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  it('is the latest live memory with that many threads, and forgets it once disposed', () => {
    const a = new KernelMemory(1024, 7);
    const b = new DenseProducts(new Float32Array(12).fill(1), 3, 4, 7);
    const c = new KernelMemory(1024, 6);
    try {
      expect(taskThreads(6)).to.equal(c);
      const latest3 = taskThreads(7);
      expect(latest3).to.not.equal(a);
      expect(latest3?.threads).to.equal(7);
      b.dispose();
      expect(taskThreads(7)).to.equal(a);
      a.dispose();
      expect(taskThreads(7)).to.equal(undefined);
    } finally {
      a.dispose();
      b.dispose();
      c.dispose();
    }
  });
});
