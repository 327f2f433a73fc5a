/** write → read for every writable format, dense and sparse, plain and gzipped. */
import { readFile, readdir } from 'node:fs/promises';
import { expect } from 'chai';
import type { DenseMatrix } from '../../src/datasets/types';
import { isCsr } from '../../src/linalg/csr';
import { Rng } from '../../src/random';
import {
  readMatrixFile,
  readUciBagOfWords,
  writeMatrixFile,
  type MatrixFormat,
} from '../../src/io';
import { denseToCsr, writeAtomic } from '../../src/io';
import { expectFailure, rowsOf, tempDir } from './fixtures';

/** A seeded 7 × 5 float32 matrix with awkward values (tiny, huge, negative, zeros). */
function awkward(seed: number): DenseMatrix {
  const rng = new Rng(seed);
  const data = Float32Array.from({ length: 35 }, (_, k) =>
    k % 4 === 0 ? 0 : rng.normal() * 10 ** Math.round(6 * rng.uniform() - 3),
  );
  data[1] = 3.4028234663852886e38;
  data[2] = -1.401298464324817e-45;
  return { data, shape: [7, 5] };
}

describe('io: round trips', () => {
  let t: Awaited<ReturnType<typeof tempDir>>;
  before(async () => (t = await tempDir()));
  after(() => t.cleanup());

  const dense = awkward(1);
  const sparse = denseToCsr(dense);

  for (const [name, format] of [
    ['m.csv', 'csv'],
    ['m.tsv', 'tsv'],
    ['m.mtx', 'mtx'],
    ['m.npy', 'npy'],
    ['m.csv.gz', 'csv'],
    ['m.mtx.gz', 'mtx'],
    ['m.npy.gz', 'npy'],
  ] as [string, MatrixFormat][]) {
    it(`dense ${name} is exact`, async () => {
      const p = await t.file(name);
      await writeMatrixFile(p, dense);
      const back = (await readMatrixFile(p)) as DenseMatrix;
      expect(isCsr(back)).to.equal(false);
      expect(back.shape).to.deep.equal([7, 5]);
      expect(Array.from(back.data)).to.deep.equal(Array.from(dense.data));
      expect(format).to.be.a('string');
    });
  }

  for (const name of ['s.mtx', 's.coo', 's.coo.gz', 's.csv', 's.npy']) {
    it(`sparse ${name} is exact`, async () => {
      const p = await t.file(name);
      await writeMatrixFile(p, sparse);
      const back = await readMatrixFile(p);
      expect(back.shape).to.deep.equal([7, 5]);
      expect(rowsOf(back)).to.deep.equal(rowsOf(dense));
      if (/\.(mtx|coo)/.test(name)) {
        expect(isCsr(back)).to.equal(true);
        if (isCsr(back)) expect(Array.from(back.indptr)).to.deep.equal(Array.from(sparse.indptr));
      }
    });
  }

  it('a sparse matrix with empty trailing rows keeps its shape (mtx, coo)', async () => {
    const m = {
      indptr: [0, 1, 1, 1],
      indices: [3],
      values: [2.5],
      shape: [3, 6] as [number, number],
    };
    for (const name of ['e.mtx', 'e.coo']) {
      const p = await t.file(name);
      await writeMatrixFile(p, m);
      const back = await readMatrixFile(p);
      expect(back.shape).to.deep.equal([3, 6]);
      expect(rowsOf(back)[0][3]).to.equal(2.5);
    }
  });

  it('UCI counts with vocabulary, and CSV with a header', async () => {
    const counts = denseToCsr({ data: Float32Array.from([0, 2, 1, 0, 0, 7]), shape: [2, 3] });
    const p = await t.file('docword.rt.txt');
    await writeMatrixFile(p, counts, { vocabulary: ['a', 'b', 'c'] });
    const d = await readUciBagOfWords(p);
    expect(d.vocabulary).to.deep.equal(['a', 'b', 'c']);
    expect(rowsOf(d.X)).to.deep.equal([
      [0, 2, 1],
      [0, 0, 7],
    ]);
    await expectFailure(
      writeMatrixFile(p, denseToCsr({ data: Float32Array.from([0.5]), shape: [1, 1] })),
      'non-negative integers',
      'entry 0',
    );
    const c = await t.file('h.csv');
    await writeMatrixFile(c, dense, { columnNames: ['a', 'b', 'c', 'd', 'e'] });
    const back = await readMatrixFile(c);
    expect((back as { columnNames?: string[] }).columnNames).to.deep.equal([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(rowsOf(back)).to.deep.equal(rowsOf(dense));
  });

  it('writes float32 values in their shortest exact decimal form', async () => {
    const p = await t.file('short.csv');
    await writeMatrixFile(p, { data: Float32Array.from([0.1, 1 / 3, 2.5, -0]), shape: [1, 4] });
    expect(await readFile(p, 'utf8')).to.equal('0.1,0.33333334,2.5,0\n');
  });

  it('writes atomically: a write failing midway leaves the old file and no temporary file', async () => {
    const p = await t.file('atomic.npy');
    await writeMatrixFile(p, dense);
    const before = await readFile(p);
    function* failing(): Generator<string> {
      yield 'partial content\n';
      throw new Error('disk full');
    }
    await expectFailure(writeAtomic(p, failing()), `cannot write ${p}: disk full`);
    await expectFailure(
      writeMatrixFile(p, { data: new Float32Array(3), shape: [2, 2] }),
      'Float32Array of rows × cols = 4',
    );
    expect((await readFile(p)).equals(before)).to.equal(true);
    expect((await readdir(t.dir)).filter((f) => f.startsWith('.tmp-'))).to.deep.equal([]);
  });
});
