import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'chai';
import { nnls, nnlsGram, NmflowError } from '../../src';
import {
  checkMemory,
  estimateNmfBytes,
  estimateNnlsBytes,
  formatBytes,
  memoryLimit,
  parseBytes,
  WASM_HEAP_MAX_BYTES,
} from '../../src/memory';
import { expectNoLeak } from '../helpers';

/** Runs `fn` with NMFLOW_MEMORY_LIMIT set to `value` (or unset). */
async function withEnv<T>(value: string | undefined, fn: () => T | Promise<T>): Promise<T> {
  const saved = process.env.NMFLOW_MEMORY_LIMIT;
  if (value === undefined) delete process.env.NMFLOW_MEMORY_LIMIT;
  else process.env.NMFLOW_MEMORY_LIMIT = value;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.NMFLOW_MEMORY_LIMIT;
    else process.env.NMFLOW_MEMORY_LIMIT = saved;
  }
}

async function rejection(p: Promise<unknown>): Promise<NmflowError> {
  try {
    await p;
  } catch (e) {
    expect(e).to.be.instanceOf(NmflowError);
    return e as NmflowError;
  }
  throw new Error('expected a rejection');
}

describe('reliability: memory guard', () => {
  it('estimates NNLS memory from its dense parts, Gram matrix first', () => {
    const e = estimateNnlsBytes({ m: 10, n: 100000, r: 1, solver: 'pgd' });
    expect(e.parts['Gram G = AᵀA (n × n)']).to.equal(4e10);
    expect(e.bytes).to.equal(Object.values(e.parts).reduce((s, v) => s + v, 0));
    expect(e.bytes).to.be.greaterThan(4e10).and.lessThan(4.1e10);
    // The Gram form has no A, B nor residual.
    const g = estimateNnlsBytes({ m: 0, n: 100, r: 2 });
    expect(g.parts['residual AX − B (m × r, twice)']).to.equal(0);
    expect(g.parts['inputs A, B (scaled float32 copies)']).to.equal(0);
  });

  it('estimates NMF memory: dense data dominates, sparse data and rank scale as expected', () => {
    const dense = estimateNmfBytes({ rows: 70000, cols: 784, rank: 20, solver: 'mu' });
    // X, WH and its residual: three dense 70000 × 784 float32 matrices.
    expect(dense.bytes).to.be.greaterThan(3 * 4 * 70000 * 784);
    const sparse = estimateNmfBytes({ rows: 70000, cols: 784, rank: 20, nnz: 1e6, solver: 'mu' });
    expect(sparse.parts['data X (CSR, and its transpose)']).to.be.closeTo(16e6, 1e6);
    const hist = estimateNmfBytes({ rows: 10, cols: 10, rank: 2, historyLength: 1000 });
    expect(hist.parts.history).to.equal(128000);
    const r10 = estimateNmfBytes({ rows: 1000, cols: 10, rank: 10 });
    const r20 = estimateNmfBytes({ rows: 1000, cols: 10, rank: 20 });
    expect(r20.bytes).to.be.greaterThan(r10.bytes);
  });

  it('parses byte counts with units and rejects nonsense naming the variable', () => {
    expect(parseBytes('512M', 'X')).to.equal(512 * 1024 ** 2);
    expect(parseBytes('2GiB', 'X')).to.equal(2 * 1024 ** 3);
    expect(parseBytes('4GB', 'X')).to.equal(4e9);
    expect(parseBytes('1.5e9', 'X')).to.equal(1.5e9);
    expect(parseBytes('off', 'X')).to.equal(Infinity);
    expect(() => parseBytes('lots', 'NMFLOW_MEMORY_LIMIT')).to.throw(
      NmflowError,
      /NMFLOW_MEMORY_LIMIT must be a positive byte count.*"lots"/,
    );
    expect(() => parseBytes('-5', 'X')).to.throw(NmflowError);
    expect(formatBytes(1536)).to.equal('1.5 KiB');
  });

  it('takes the limit from the option, then the environment, then free memory', async () => {
    expect(await withEnv('1G', () => memoryLimit(1000))).to.deep.equal({
      bytes: 1000,
      source: 'option memoryLimit',
    });
    expect((await withEnv('1G', () => memoryLimit())).bytes).to.equal(1024 ** 3);
    const auto = await withEnv(undefined, () => memoryLimit());
    expect(auto.bytes).to.be.greaterThan(0);
    if (tf.getBackend() === 'wasm') expect(auto.bytes).to.be.at.most(WASM_HEAP_MAX_BYTES);
    expect(() => memoryLimit(-1)).to.throw(NmflowError, /option memoryLimit must be a number > 0/);
  });

  it('fails with kind "memory", the estimate, the limit and what to change', () => {
    let err: NmflowError | undefined;
    try {
      checkMemory(estimateNnlsBytes({ m: 10, n: 100000, r: 1 }), 'NNLS test', 1e9, 'shrink n');
    } catch (e) {
      err = e as NmflowError;
    }
    expect(err).to.be.instanceOf(NmflowError);
    expect(err!.kind).to.equal('memory');
    expect(err!.message).to.match(
      /NNLS test needs about 3\d\.\d GiB of memory \(largest parts: Gram G = AᵀA \(n × n\): 37\.3 GiB.*more than the limit of 953\.7 MiB \(option memoryLimit\); shrink n, or raise the limit with option memoryLimit .* NMFLOW_MEMORY_LIMIT/,
    );
    expect(() => checkMemory(100, 'small', 1000)).not.to.throw();
  });

  it('nnls() rejects a problem whose Gram matrix cannot fit before allocating it', async () => {
    // A is only 10 × 100000 (4 MB), but G = AᵀA would be 100000² floats = 40 GB.
    const A = { data: new Float32Array(10 * 100000), shape: [10, 100000] as [number, number] };
    const b = new Float32Array(10).fill(1);
    const before = tf.memory().numBytes;
    const err = await expectNoLeak(() => rejection(nnls(A, b, { solver: 'pgd' })));
    expect(tf.memory().numBytes).to.equal(before);
    expect(err.kind).to.equal('memory');
    expect(err.message).to.match(/NNLS with A 10 × 100000 and 1 right-hand side\(s\) needs about/);
    expect(err.message).to.match(/reduce the number of columns n of A/);
  });

  it('nnls() and nnlsGram() honour option memoryLimit and NMFLOW_MEMORY_LIMIT', async () => {
    const A = [
      [1, 0],
      [0, 1],
    ];
    const err = await rejection(nnls(A, [1, 1], { solver: 'pgd', memoryLimit: 10 }));
    expect(err.kind).to.equal('memory');
    expect(err.message).to.match(/limit of 10 B \(option memoryLimit\)/);
    const gramErr = await rejection(nnlsGram(A, [1, 1], { solver: 'pgd', memoryLimit: 10 }));
    expect(gramErr.message).to.match(/NNLS with G 2 × 2, C 2 × 1/);
    const envErr = await withEnv('64', () => rejection(nnls(A, [1, 1], { solver: 'pgd' })));
    expect(envErr.message).to.match(/limit of 64 B \(NMFLOW_MEMORY_LIMIT\)/);
    const ok = await nnls(A, [1, 1], { solver: 'pgd', memoryLimit: 1e6 });
    ok.x.dispose();
    expect(ok.converged).to.equal(true);
  });
});
