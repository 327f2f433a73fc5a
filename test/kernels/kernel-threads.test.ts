/**
 * The kernels' thread pool (src/kernels/threads): chunk tasks by name on the calling thread and
 * the workers, every chunk exactly once; posted payloads; a worker's error reaching the caller
 * with its message and stack, and the pool working on after it; one thread without a host.
 */
import { expect } from 'chai';
import { installThreadHost, threadHost } from '../../src/kernels/threads/host';
import { idleWorkers, loadedIdleWorkers, nodeThreadHost } from '../../src/kernels/node-threads';
import { sharedFloat64, threadsAvailable } from '../../src/kernels/threads/kernel-threads';
import type { ProbePayload } from '../../src/kernels/threads/tasks';
import { DenseProducts } from '../../src/kernels/wasm/dense-products';
import { KernelMemory, simdProductsAvailable } from '../../src/kernels/wasm/kernel-memory';
import { randomArray } from './product-checks';

const SPIN = 20000;

function probe(chunks: number, extra: Partial<ProbePayload> = {}): ProbePayload {
  return {
    out: sharedFloat64(3 * chunks),
    seen: new Int32Array(new SharedArrayBuffer(4 * chunks)),
    live: sharedFloat64(1),
    tag: 0,
    spin: SPIN,
    ...extra,
  };
}

/** What chunk c of the probe computes. */
function spinSum(c: number): number {
  let s = 0;
  for (let i = 0; i < SPIN; i++) s += Math.sqrt(i + c);
  return s;
}

/** A fresh pool (3 threads) runs a 30-chunk probe task: every chunk once. */
function expectAPoolRunsEveryChunkOnce(): void {
  const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
  try {
    const p = probe(30);
    products.runTask({ task: 'probe', payload: p, chunks: 30 });
    expect(Array.from(p.seen)).to.deep.equal(new Array(30).fill(1));
  } finally {
    products.dispose();
  }
}

describe('kernels: the thread pool', function () {
  before(function () {
    if (!simdProductsAvailable()) this.skip();
  });

  it('the Node host is installed by the test setup (as by the Node entries)', () => {
    expect(threadsAvailable()).to.equal(true);
  });

  it('runs a named chunk task on 1 and 3 threads: every chunk once, the same results', () => {
    for (const threads of [1, 3]) {
      const products = new DenseProducts(randomArray(4, 1), 2, 2, threads);
      try {
        const p = probe(50);
        products.runTask({ task: 'probe', payload: p, chunks: 50 });
        expect(Array.from(p.seen)).to.deep.equal(new Array(50).fill(1));
        for (let c = 0; c < 50; c++) expect(p.out[3 * c], `chunk ${c}`).to.equal(spinSum(c));
      } finally {
        products.dispose();
      }
    }
  });

  it('posts a payload to the workers once: a reused one still runs, a new one is seen, ten alternate', () => {
    const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
    const shared = probe(40);
    const payloads = Array.from({ length: 10 }, (_, tag) => ({ ...shared, tag }));
    try {
      for (let round = 0; round < 3; round++) {
        for (const [i, payload] of payloads.entries()) {
          shared.live[0] = 100 * round + i; // changes between uses of one payload
          products.runTask({ task: 'probe', payload, chunks: 40 });
          for (let c = 0; c < 40; c++) {
            expect(shared.out[3 * c + 1], `tag, round ${round}, payload ${i}`).to.equal(i);
            expect(shared.out[3 * c + 2]).to.equal(shared.live[0]);
          }
        }
        products.runTask({ task: 'probe', payload: payloads[3], chunks: 40 });
        expect(shared.out[1]).to.equal(3);
      }
    } finally {
      products.dispose();
    }
  });

  it('a product on a fresh pool runs without waiting for the workers; tasks after it reach them', () => {
    const [rows, cols, k] = [2001, 300, 16];
    const X = randomArray(rows * cols, 3);
    const H = randomArray(k * cols, 4);
    const single = new DenseProducts(X, rows, cols, 1);
    const expected = single.timesTransposed(H, k);
    single.dispose();
    const products = new DenseProducts(X, rows, cols, 3);
    try {
      // At once, while the workers start: the same bits, whoever computed them.
      const got = products.timesTransposed(H, k);
      expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).to.equal(true);
      // A task waits for every worker: one of the first claims a chunk and fails.
      const failing = probe(200, { fail: 'failed on a worker' });
      expect(() => products.runTask({ task: 'probe', payload: failing, chunks: 200 })).to.throw(
        /kernel worker thread \d: failed on a worker/,
      );
      const p = probe(60);
      products.runTask({ task: 'probe', payload: p, chunks: 60 });
      expect(Array.from(p.seen)).to.deep.equal(new Array(60).fill(1));
    } finally {
      products.dispose();
    }
  });

  it("a worker's error reaches the caller with its message and stack, and the pool goes on", () => {
    const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
    try {
      // Start the workers, then fail on them (the calling thread's chunks do not fail, so the
      // error can only come from a worker; a few tries give the workers chunks to claim).
      products.runTask({ task: 'probe', payload: probe(200), chunks: 200 });
      let error: Error | undefined;
      for (let attempt = 0; attempt < 20 && !error; attempt++) {
        try {
          const failing = probe(200, { fail: 'probe chunk failed on purpose' });
          products.runTask({ task: 'probe', payload: failing, chunks: 200 });
        } catch (e) {
          error = e as Error;
        }
      }
      expect(error, 'no worker claimed a chunk in 20 tries').to.be.instanceOf(Error);
      expect(error!.message).to.match(/kernel worker thread \d: probe chunk failed on purpose/);
      expect((error!.cause as Error).message).to.equal('probe chunk failed on purpose');
      expect((error!.cause as Error).stack).to.match(/probeChunk/);
      expect(error!.stack).to.match(/from the worker: Error: probe chunk failed on purpose/);
      // Not poisoned: the next commands run, on every thread, with the right results.
      for (let round = 0; round < 3; round++) {
        const p = probe(60);
        products.runTask({ task: 'probe', payload: p, chunks: 60 });
        expect(Array.from(p.seen)).to.deep.equal(new Array(60).fill(1));
        expect(p.out[3 * 59]).to.equal(spinSum(59));
      }
    } finally {
      products.dispose();
    }
  });

  it('a pool with a worker that failed outside a task says so once, then a fresh pool runs', () => {
    const node = threadHost()!;
    let failNext = true;
    installThreadHost({
      defaultThreads: () => node.defaultThreads(),
      spawn(start, onFailure) {
        const worker = node.spawn(start, onFailure);
        if (failNext) {
          failNext = false;
          onFailure(new Error('could not start'));
        }
        return worker;
      },
    });
    try {
      const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
      try {
        expect(() => products.runTask({ task: 'probe', payload: probe(20), chunks: 20 })).to.throw(
          /kernel worker thread 1 failed: could not start/,
        );
        const p = probe(20);
        products.runTask({ task: 'probe', payload: p, chunks: 20 });
        expect(Array.from(p.seen)).to.deep.equal(new Array(20).fill(1));
      } finally {
        products.dispose();
      }
    } finally {
      installThreadHost(node);
    }
  });

  it('a stopped pool hands its workers back: the next pool runs on them, also one stopped early', () => {
    nodeThreadHost.prestart!(2);
    expect(idleWorkers()).to.be.at.least(2);
    for (let round = 0; round < 3; round++) {
      const idle = idleWorkers();
      const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
      try {
        const p = probe(40, { tag: round });
        products.runTask({ task: 'probe', payload: p, chunks: 40 });
        expect(Array.from(p.seen)).to.deep.equal(new Array(40).fill(1));
        expect(idleWorkers(), 'both workers taken from the idle ones').to.equal(idle - 2);
      } finally {
        products.dispose();
      }
      expect(idleWorkers(), 'and handed back').to.equal(idle);
    }
    // A pool stopped right after it took its workers (an X this large starts them at once; they
    // may not have joined it yet), then a pool on the same workers: it runs, every chunk once.
    const idle = idleWorkers();
    new DenseProducts(randomArray(256 * 256, 5), 256, 256, 3).dispose();
    expect(idleWorkers()).to.equal(idle);
    expectAPoolRunsEveryChunkOnce();
  });

  it('prestart settles once the workers it boots have loaded their modules', async () => {
    const count = idleWorkers() + 2;
    const booting = nodeThreadHost.prestart!(count);
    expect(booting).to.be.an.instanceof(Promise);
    expect(idleWorkers()).to.equal(count);
    // A worker's message can only arrive on a later turn of the event loop.
    expect(loadedIdleWorkers(), 'not yet: the new ones are still booting').to.be.below(count);
    await booting;
    expect(loadedIdleWorkers()).to.equal(count);
    expectAPoolRunsEveryChunkOnce(); // the workers serve a pool as before
  });

  it('names an unknown task in its error', () => {
    const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
    try {
      const bad = { task: 'no-such-task', payload: {}, chunks: 4 } as never;
      expect(() => products.runTask(bad)).to.throw(/unknown chunk task 'no-such-task'.*probe/);
    } finally {
      products.dispose();
    }
  });

  it('without a thread host, runs every chunk on the calling thread (same results)', () => {
    const host = threadHost();
    installThreadHost(undefined);
    try {
      expect(threadsAvailable()).to.equal(false);
      const products = new DenseProducts(randomArray(4, 1), 2, 2, 3);
      try {
        const p = probe(30, { fail: 'would fail on a worker' });
        products.runTask({ task: 'probe', payload: p, chunks: 30 });
        expect(Array.from(p.seen)).to.deep.equal(new Array(30).fill(1));
        expect(p.out[3 * 29]).to.equal(spinSum(29));
      } finally {
        products.dispose();
      }
    } finally {
      installThreadHost(host);
    }
  });

  it('workers make a range of fresh memory resident as they start, keeping what is written meanwhile', async () => {
    const bytes = 24 << 20;
    const memory = new KernelMemory(bytes, 3);
    try {
      const faults = () => process.resourceUsage().minorPageFault;
      memory.startThreadsFor(1 << 20, [0, bytes]);
      // The calling thread fills the front meanwhile, as X's copy does.
      const words = new Int32Array(memory.memory.buffer, 0, bytes / 4);
      for (let i = 0; i < words.length / 4; i++) words[i] = i + 1;
      for (const deadline = Date.now() + 30000; !memory.threadsReady();) {
        expect(Date.now()).to.be.below(deadline);
        await new Promise((r) => setTimeout(r, 5));
      }
      for (let i = 0; i < words.length / 4; i++)
        if (words[i] !== i + 1) expect(words[i]).to.equal(i + 1);
      // Every page is resident now: writing the rest takes no fault per page (6144 pages).
      const before = faults();
      for (let i = words.length / 4; i < words.length; i++) words[i] = i + 1;
      if (process.platform === 'linux') expect(faults() - before).to.be.below(300);
      for (let i = 0; i < words.length; i++)
        if (words[i] !== i + 1) expect(words[i]).to.equal(i + 1);
    } finally {
      memory.dispose();
    }
  });
});
