/** ownMemory's released memories: taken again by later ownMemory calls, zeroed. */
import { expect } from 'chai';
import {
  forgetReleased,
  growMemory,
  NEW_MEMORY_PAGES,
  ownMemory,
  releaseMemory,
  viewsOf,
} from '../../src/kernels/wasm/own-memory';

const PAGE = 65536;
const pagesOf = (m: WebAssembly.Memory) => m.buffer.byteLength / PAGE;

describe('kernels: ownMemory’s released memories', function () {
  beforeEach(forgetReleased);
  after(forgetReleased);

  it('a released memory serves the next ownMemory, zeroed, under a new id', () => {
    const first = ownMemory(3 * PAGE, 2 ** 31);
    new Float64Array(first.memory.buffer).fill(7.5);
    releaseMemory(first.memory);
    const next = ownMemory(2 * PAGE);
    expect(next.memory).to.equal(first.memory);
    expect(next.id).to.not.equal(first.id);
    // the pages it holds (two, and one past them) read as new
    expect(new Uint8Array(next.memory.buffer, 0, 3 * PAGE).every((b) => b === 0)).to.equal(true);
    expect(ownMemory(PAGE).memory).to.not.equal(first.memory); // taken: no longer released
  });

  it('hands out the further pages of a larger memory zeroed as its new owner grows into them', () => {
    const big = ownMemory(8 * PAGE, 2 ** 31).memory;
    new Uint8Array(big.buffer).fill(9);
    releaseMemory(big);
    const small = ownMemory(2 * PAGE, 2 ** 31).memory;
    expect(small).to.equal(big);
    const bytes = () => new Uint8Array(small.buffer);
    expect(
      bytes()
        .subarray(0, 3 * PAGE)
        .every((b) => b === 0),
    ).to.equal(true);
    expect(bytes()[4 * PAGE]).to.equal(9); // not its owner's yet: left as it was
    growMemory(small, 5 * PAGE);
    expect(
      bytes()
        .subarray(0, 6 * PAGE)
        .every((b) => b === 0),
    ).to.equal(true);
    growMemory(small, 12 * PAGE); // past what it had: new pages
    expect(bytes().length).to.equal(13 * PAGE);
    expect(bytes().every((b) => b === 0)).to.equal(true);
  });

  it('takes the smallest that holds the request, else the largest, grown to it', () => {
    const [small, middle, large] = [2, 5, 9].map((p) => ownMemory(p * PAGE, 2 ** 31).memory);
    for (const m of [large, small, middle]) releaseMemory(m);
    expect(ownMemory(3 * PAGE).memory).to.equal(middle);
    const grown = ownMemory(20 * PAGE);
    expect(grown.memory).to.equal(large);
    expect(pagesOf(large)).to.be.at.least(20);
    expect(ownMemory(2 * PAGE).memory).to.equal(small);
  });

  it('a memory that cannot grow as far as a request may is not taken for it', () => {
    const fixed = ownMemory(4 * PAGE).memory; // its maximum: its size
    releaseMemory(fixed);
    expect(ownMemory(2 * PAGE, 64 * PAGE).memory).to.not.equal(fixed);
    expect(ownMemory(5 * PAGE).memory).to.not.equal(fixed); // would have to grow
    const taken = ownMemory(3 * PAGE).memory;
    expect(taken).to.equal(fixed);
    growMemory(taken, 4 * PAGE); // within what it has
  });

  it('a memory of NEW_MEMORY_PAGES or fewer is made new, leaving the released ones to larger requests', () => {
    const released = ownMemory(6 * PAGE, 2 ** 31).memory;
    releaseMemory(released);
    const tiny = ownMemory((NEW_MEMORY_PAGES - 1) * PAGE, 2 ** 31).memory;
    expect(tiny).to.not.equal(released);
    expect(pagesOf(tiny)).to.equal(NEW_MEMORY_PAGES);
    expect(ownMemory(4 * PAGE).memory).to.equal(released);
  });

  it('refuses what is not an ownMemory, and a memory released twice', () => {
    const other = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    expect(() => releaseMemory(other)).to.throw(/not an ownMemory/);
    const { memory } = ownMemory(PAGE);
    releaseMemory(memory);
    expect(() => releaseMemory(memory)).to.throw(/not an ownMemory/);
  });

  it('viewsOf: whole-buffer views, made once per buffer, new ones once the memory grows', () => {
    const { memory } = ownMemory(PAGE, 4 * PAGE);
    const views = viewsOf(memory.buffer);
    expect(viewsOf(memory.buffer)).to.equal(views);
    const bytes = memory.buffer.byteLength;
    expect([views.i32.length, views.f32.length, views.f64.length]).to.deep.equal([
      bytes / 4,
      bytes / 4,
      bytes / 8,
    ]);
    views.f64[3] = 2.5;
    expect(new Float64Array(memory.buffer, 24, 1)[0]).to.equal(2.5);
    growMemory(memory, bytes + PAGE);
    const grown = viewsOf(memory.buffer);
    expect(grown).to.not.equal(views);
    expect(grown.f64.length).to.equal(memory.buffer.byteLength / 8);
    expect(memory.buffer.byteLength).to.be.above(bytes);
    expect(grown.f64[3]).to.equal(2.5);
    releaseMemory(memory);
  });
});
